"""Stage 3, derive, for the documents of report.yaml's `publication:` section: the year's measures
announcement (ประกาศ, with the measure table's planning columns) and the web publication request
form (แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงาน). As for the memo, the wording comes from
templates (announcement.j2, publication-form.j2) and the result is final Thai text in Documents that
the renderers only lay out. Also the checks of the section against the fiscal year and the memo."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from . import thai
from .checks import looks_ce
from .content import Block, Derived, Document
from .derive import Digits, render_blocks, wording
from .model import PublicationForm, Report, Signer
from .problems import Problem
from .resources import Templates, run
from .thai import FiscalYear
from .validate import ReportFolder

ANNOUNCEMENT_KINDS = ("emblem", "title", "topic", "rule", "body", "item", "date", "sign", "space", "gap",
                      "heading", "caption")
FORM_KINDS = ("title", "caption", "section", "field", "item", "plain", "sign", "date", "space", "gap", "place")
BLANK_DAY, BLANK_MONTH, BLANK_YEAR = "." * 10, "." * 24, "." * 12
BLANK_NAME = "." * 45


# ---------------------------------------------------------------- what the templates get

def executive(report: Report) -> Signer | None:
    """The memo's last reviewer: the executive who receives the report and signs for the agency."""
    return report.memo.reviewers[-1] if report.memo.reviewers else None


def _person(signer: Signer | None) -> dict:
    """A signer for the templates; blank texts when nobody is named (the template dots them)."""
    if signer is None:
        return {"name": "", "position": "", "acting_for": ""}
    return {"name": signer.name, "position": signer.position, "acting_for": signer.acting_for or ""}


def _day(day: dt.date | None) -> dict:
    """A date as its parts ("20", "ตุลาคม", "2564") and whole ("20 ตุลาคม 2564"); blanks when absent."""
    if day is None:
        return {"text": "", "day": "", "month": "", "year": ""}
    return {"text": thai.thai_date(day, thai_digits=False), "day": str(day.day), "month": thai.MONTHS[day.month - 1],
            "year": str(thai.be_year(day.year))}


def _base_context(report: Report) -> dict:
    return {"org": report.organisation, "fy": report.fiscal_year,
            "blank": {"day": BLANK_DAY, "month": BLANK_MONTH, "year": BLANK_YEAR, "name": BLANK_NAME}}


def announcement_context(folder: ReportFolder) -> dict:
    """The announcement's variables: the organisation, the fiscal year, the measures' titles in table
    order, the date and the signer (by default the executive)."""
    report = folder.report
    section = report.publication.announcement if report.publication else None
    signer = (section.signer if section and section.signer else None) or executive(report)
    return {**_base_context(report),
            "measures": [item.measure.title for item in folder.measures],
            "date": _day(section.date if section else None),
            "signer": _person(signer)}


def _places(blocks: Iterable[Block]) -> tuple[tuple[Block, ...], tuple[tuple[str, tuple[Block, ...]], ...]]:
    """Blocks before the first `place:` line go to {{ content }}; each `place: NAME` starts NAME's."""
    content: list[Block] = []
    places: list[tuple[str, list[Block]]] = []
    for block in blocks:
        if block.kind == "place":
            places.append((block.parts[0], []))
        else:
            (places[-1][1] if places else content).append(block)
    return tuple(content), tuple((name, tuple(b)) for name, b in places)


# ---------------------------------------------------------------- the announcement

def announcement(folder: ReportFolder, report: Derived, templates: Templates = Templates()) -> Document:
    """The ประกาศ and, on the pages after it, the measure table (the report's rows: the template shows
    the planning columns). Its `subject` (the เรื่อง) is the wording template's variable of that name."""
    digits = Digits(folder.report)
    context = announcement_context(folder)
    template = wording(templates, "announcement.j2")
    blocks = tuple(digits.block(b) for b in render_blocks(template, context, ANNOUNCEMENT_KINDS))
    title = " ".join(b.parts[0] for b in blocks if b.kind == "title")
    section = folder.report.publication.announcement if folder.report.publication else None
    return Document("announcement", blocks, report.table.rows, font=folder.report.settings.font,
                    emblem=report.memo.emblem, title=digits(title), date=section.date if section else None)


def announcement_subject(folder: ReportFolder, templates: Templates = Templates()) -> str:
    """The announcement's เรื่อง, as the form names it (the template's `subject` variable)."""
    template = wording(templates, "announcement.j2")
    module = run(template, template.make_module, announcement_context(folder))
    return Digits(folder.report)(" ".join(str(run(template, getattr, module, "subject", "")).split()))


def announcement_findings(folder: ReportFolder) -> list[Problem]:
    """An announcement is made at the start of the fiscal year: a date outside its first half
    (October to March) is probably a slip."""
    report, source = folder.report, folder.source
    section = report.publication.announcement if report.publication else None
    if section is None or section.date is None:
        return []
    where = ("publication", "announcement", "date")
    found: list[Problem] = []
    fy = FiscalYear(report.fiscal_year)
    first_half_end = dt.date(fy.start.year + 1, 3, 31)
    if not fy.start <= section.date <= first_half_end:
        shown = thai.thai_date(section.date)
        found.append(source.locate(Problem(
            "announcement-date", f"ประกาศลงวันที่ {shown} ไม่อยู่ในครึ่งแรกของปีงบประมาณ "
            f"{thai.to_thai_digits(str(fy.be))} ({thai.thai_date(fy.start)} – {thai.thai_date(first_half_end)}) "
            "ซึ่งเป็นช่วงที่ประกาศมาตรการของปี ให้ตรวจวันที่หรือปีงบประมาณ",
            f"The announcement is dated {shown}, outside the first half of fiscal year {fy.be} "
            f"({fy.start.isoformat()} to {first_half_end.isoformat()}), when the year's measures are announced: "
            "check the date or the fiscal year.", severity="warning", value=shown), where))
    if ce := looks_ce(source, where, section.date):
        found.append(ce)
    return found


def signer_findings(folder: ReportFolder, report: Derived) -> list[Problem]:
    """Who signs the announcement: publication.announcement.signer, else the executive; with neither,
    the lines are dotted to write by hand, which the person should know."""
    section = folder.report.publication.announcement if folder.report.publication else None
    if (section and section.signer) or executive(folder.report):
        return []
    where = ("publication", "announcement") if section else ("memo",)
    return [folder.source.locate(Problem(
        "announcement-no-signer", "ประกาศยังไม่มีผู้ลงนาม: ใส่ publication.announcement.signer หรือผู้ให้ความเห็น "
        "(memo.reviewers) จนถึงผู้บริหาร ชื่อและตำแหน่งจึงเว้นเป็นจุดไว้เขียนด้วยมือ",
        "The announcement has no signer: give publication.announcement.signer, or memo.reviewers up to the "
        "executive; the name and position are left dotted to write by hand.", severity="warning"), where, key=True)]


# ---------------------------------------------------------------- the web publication request form

def _form(report: Report) -> PublicationForm:
    """report.yaml's publication form: the form is only made, and checked, when report.yaml has one
    (documents.derive_chosen asks first)."""
    if report.publication is None or report.publication.form is None:
        raise ValueError("report.yaml has no publication.form")
    return report.publication.form


def form_context(folder: ReportFolder, documents: list[dict]) -> dict:
    """The form's variables: the organisation, the date, the subject, the documents the build
    publishes (each a dict of title and subject), the link, the remarks and the three people."""
    report = folder.report
    form = _form(report)
    return {**_base_context(report),
            "date": _day(form.date),
            "subject": form.subject or "",
            "documents": documents,
            "link": form.link or "",
            "remarks": list(form.remarks),
            "provider": _person(form.provider or report.memo.writer),
            "approver": _person(form.approver or executive(report)),
            "publisher": _person(form.publisher)}


def form(folder: ReportFolder, documents: list[dict], templates: Templates = Templates()) -> Document:
    """One form for the build, naming the documents it publishes."""
    digits = Digits(folder.report)
    blocks = render_blocks(wording(templates, "publication-form.j2"), form_context(folder, documents), FORM_KINDS)
    content, places = _places(digits.block(b) for b in blocks)
    title = " ".join(b.parts[0] for b in content if b.kind == "title")
    return Document("form", content, font=folder.report.settings.font, title=digits(title),
                    date=_form(folder.report).date, places=places)


def form_findings(folder: ReportFolder, published: list[tuple[str, str, dt.date | None]]) -> list[Problem]:
    """The form asks to publish documents already signed: its date is not before theirs. `published`
    holds each document's name (Thai, English) and date."""
    report, source = folder.report, folder.source
    day = _form(report).date
    where = ("publication", "form", "date")
    if day is None:
        return []
    shown = thai.thai_date(day)
    found = [source.locate(Problem(
        "form-before-document", f"แบบฟอร์มขอเผยแพร่ลงวันที่ {shown} ก่อนวันที่ของ{th} ({thai.thai_date(signed)}) "
        "ซึ่งต้องลงนามก่อนขอเผยแพร่ ให้ตรวจวันที่ของแบบฟอร์ม",
        f"The publication form is dated {shown}, before the {en}'s date ({signed.isoformat()}), which is signed "
        "before it is published: check the form's date.", severity="warning", value=shown), where)
        for th, en, signed in published if signed is not None and day < signed]
    if ce := looks_ce(source, where, day):
        found.append(ce)
    return found

"""The documents a build can make, one entry each in DOCUMENTS, and the web publication request form
that goes with any build when report.yaml asks for it (`publication.form`).

`ita-report build DIR --document NAME[,NAME]` picks entries by name; without it the default ones are
built (the report: memo, table, whole report). Each entry says how its document is derived from the
report folder, how it is laid out in each format, how its files are named, what the publication form
says of it, and what `check` verifies for it: `checks` when it is built, `findings` (of its own input
file) whatever is built. A new document is one more entry: a derive function (ReportFolder, the
report's Derived) → what to lay out, and a render function → Rendered files."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Generic, TypeVar

from .problems import Problem, UserError

if TYPE_CHECKING:  # the table itself is read by the command line's help: the stages load when used
    from .content import Derived, Document
    from .stages import Prepared, Rendered
    from .resources import Templates
    from .validate import ReportFolder

FORM_SUFFIX = "publication-form"

D = TypeVar("D")  # what a kind derives, and its render, listed and dated take: Derived, or a Document


@dataclass(frozen=True)
class Kind(Generic[D]):
    """One document a build can make."""

    name: str  # --document NAME
    th: str  # what it is, in Thai and in English (help, messages)
    en: str
    derive: Callable[[ReportFolder, Derived, Templates], D]  # → what render lays out
    render: Callable[[D, "Prepared", set[str], str], "Rendered"]  # (derived, prepared, formats, names)
    stem: Callable[[ReportFolder, Derived, str], str]  # its files' names start so ("ascii" or "thai" names)
    listed: Callable[[ReportFolder, D, Templates], list[dict]]  # what the publication form lists: {title, subject}
    dated: Callable[[D], dt.date | None]  # the day it is signed: the publication form is not dated before
    checks: Callable[[ReportFolder, Derived], list[Problem]] = lambda folder, report: []
    # what check says of the document's own input whatever is built; `built`: this build makes it (a
    # finding that only keeps this document from being made is then an error)
    findings: Callable[[ReportFolder, bool], list[Problem]] = lambda folder, built: []
    default: bool = False  # built when --document is not given
    uses_round: bool = False  # its content depends on the round (the round's choice is then explained)


# ---------------------------------------------------------------- the report: memo, table, whole report

def _report_render(derived: Derived, prepared: "Prepared", formats: set[str], names: str) -> "Rendered":
    from .stages import render_report

    return render_report(prepared, formats, names)


def _report_stem(folder: ReportFolder, report: Derived, names: str) -> str:
    from .stages import report_stem

    return report_stem(report.round, names)


def _report_listed(folder: ReportFolder, report: Derived, templates: Templates) -> list[dict]:
    memo_title = next((b.parts[0] for b in report.memo.blocks if b.kind == "title"), "")
    subject = next((b.parts[1] for b in report.memo.blocks if b.kind == "subject" and len(b.parts) > 1), "")
    return [{"title": memo_title, "subject": subject}, {"title": report.table.title, "subject": ""}]


def _report_checks(folder: ReportFolder, report: Derived) -> list[Problem]:
    from .checks import consistency

    return consistency(folder, report.round)


# ---------------------------------------------------------------- the announcement

def _announcement_derive(folder: ReportFolder, report: Derived, templates: Templates) -> Document:
    from .publication import announcement

    return announcement(folder, report, templates)


def _announcement_checks(folder: ReportFolder, report: Derived) -> list[Problem]:
    from .publication import signer_findings

    return signer_findings(folder, report)


def _announcement_render(document: Document, prepared: "Prepared", formats: set[str], names: str) -> "Rendered":
    from .render.word import EmblemPlace
    from docx.shared import Cm

    # the ประกาศ's Garuda: 3 cm high, centred on the text column, 1.5 cm below the paper's top edge
    emblem = EmblemPlace(Cm(3), Cm(1.5), centred=True, anchor="emblem")
    stem = ANNOUNCEMENT.stem(prepared.folder, prepared.derived, names)
    return _laid_out(document, prepared, formats, stem, "announcement", emblem)


def _announcement_stem(folder: ReportFolder, report: Derived, names: str) -> str:
    fy = folder.report.fiscal_year
    return f"ประกาศมาตรการ ITA {fy}" if names == "thai" else f"{fy}-announcement"


def _announcement_listed(folder: ReportFolder, document: Document, templates: Templates) -> list[dict]:
    from .publication import announcement_subject

    return [{"title": document.title, "subject": announcement_subject(folder, templates)}]


# ---------------------------------------------------------------- the analysis of last year's ITA results

def _analysis_derive(folder: ReportFolder, report: Derived, templates: Templates) -> Document | None:
    from .derive_analysis import derive_analysis

    return derive_analysis(folder, report, templates)  # None only with its findings' error: not built


def _analysis_findings(folder: ReportFolder, built: bool) -> list[Problem]:
    from .checks import results_findings

    return results_findings(folder, required=built)


def _analysis_made(document: Document | None) -> Document:
    """The analysis as derived: None only with an error among its findings, and an error stops the
    build before anything is rendered or listed."""
    if document is None:
        raise ValueError("the analysis was not derived: its findings say why")
    return document


def _analysis_render(document: Document | None, prepared: "Prepared", formats: set[str], names: str) -> "Rendered":
    stem = ANALYSIS.stem(prepared.folder, prepared.derived, names)
    return _laid_out(_analysis_made(document), prepared, formats, stem, "analysis")


def _analysis_stem(folder: ReportFolder, report: Derived, names: str) -> str:
    """"2565-analysis" (the report's fiscal year, whose measures it grounds), or "วิเคราะห์ผลการประเมิน
    ITA 2564" (the year assessed, as a person names it)."""
    if names == "thai":
        year = folder.results.fiscal_year if folder.results else folder.report.fiscal_year - 1
        return f"วิเคราะห์ผลการประเมิน ITA {year}"
    return f"{folder.report.fiscal_year}-analysis"


# ---------------------------------------------------------------- the table of documents

REPORT: Kind[Derived] = Kind("report", "รายงานผลการดำเนินการและบันทึกข้อความนำส่ง", "report and cover memo",
              lambda folder, report, templates: report, _report_render, _report_stem, _report_listed,
              lambda report: report.memo.date, _report_checks, default=True, uses_round=True)
ANNOUNCEMENT: Kind[Document] = Kind("announcement", "ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใสประจำปี", "the year's measures announcement",
                    _announcement_derive, _announcement_render, _announcement_stem, _announcement_listed,
                    lambda document: document.date, _announcement_checks)
ANALYSIS: Kind[Document | None] = Kind("analysis", "รายงานการวิเคราะห์ผลการประเมิน ITA ของปีที่ผ่านมา", "analysis of last year's ITA results",
                _analysis_derive, _analysis_render, _analysis_stem,
                lambda folder, document, templates: [{"title": _analysis_made(document).title, "subject": ""}],
                lambda document: None, findings=_analysis_findings)  # not signed: no date for the form to follow
# Each kind's derived value goes to its own render, listed and dated only (derive_chosen and
# render_all keep them paired): the table itself holds kinds of different D.
DOCUMENTS: tuple[Kind[Any], ...] = (REPORT, ANNOUNCEMENT, ANALYSIS)
NAMES = tuple(kind.name for kind in DOCUMENTS)


def chosen(names: tuple[str, ...] | list[str] | None) -> list[Kind]:
    """The documents asked for, in the table's order; the default ones when none is asked."""
    if not names:
        return [kind for kind in DOCUMENTS if kind.default]
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        raise UserError([Problem(
            "unknown-document", f"ไม่รู้จักเอกสาร {', '.join(unknown)} ใช้ได้: {', '.join(NAMES)}",
            f"Unknown document {', '.join(unknown)}; known: {', '.join(NAMES)}.", field="--document")])
    return [kind for kind in DOCUMENTS if kind.name in names]


def by_name(name: str) -> Kind:
    return next(kind for kind in DOCUMENTS if kind.name == name)


# ---------------------------------------------------------------- derive and check what a build makes

@dataclass(frozen=True)
class Made:
    """The chosen documents derived, in the table's order, the publication form (when report.yaml
    asks for one) and what their checks found."""

    documents: tuple[tuple[str, object], ...]
    form: Document | None
    findings: tuple[Problem, ...]


def derive_chosen(folder: ReportFolder, report: Derived, kinds: list[Kind], templates: Templates) -> Made:
    from . import publication

    documents = tuple((kind.name, kind.derive(folder, report, templates)) for kind in kinds)
    findings = [p for kind in kinds for p in kind.checks(folder, report)]
    findings += [p for kind in DOCUMENTS for p in kind.findings(folder, kind in kinds)]
    findings += publication.announcement_findings(folder)  # the section is checked whatever is built
    form = None
    section = folder.report.publication
    if any(p.severity == "error" for p in findings):  # a document could not be made: no form to list it
        return Made(documents, form, tuple(findings))
    if section is not None and section.form is not None:
        listed = [entry for kind, (_, derived) in zip(kinds, documents)
                  for entry in kind.listed(folder, derived, templates)]
        form = publication.form(folder, listed, templates)
        findings += publication.form_findings(
            folder, [(kind.th, kind.en, kind.dated(derived)) for kind, (_, derived) in zip(kinds, documents)])
    return Made(documents, form, tuple(findings))


# ---------------------------------------------------------------- render

def _laid_out(document: Document, prepared: "Prepared", formats: set[str], stem: str, template: str,
              emblem=None) -> "Rendered":
    """A one-file document in the asked formats: TEMPLATE.docx (also the PDF's source) and
    TEMPLATE.html.j2, named STEM.docx, STEM.html (and STEM.pdf)."""
    from .stages import Rendered
    from .render import html, word

    templates = prepared.templates
    files, to_pdf = {}, {}
    if formats & {"docx", "pdf"}:
        options = {"emblem": emblem} if emblem is not None else {}
        data = word.render(document, templates.path(f"{template}.docx"), **options)
        if "docx" in formats:
            files[f"{stem}.docx"] = data
        if "pdf" in formats:
            to_pdf[f"{stem}.docx"] = data
    if "html" in formats:
        places = {name: blocks for name, blocks in document.places}
        files[f"{stem}.html"] = html.page(templates, f"{template}.html.j2", document=document, places=places,
                                          emblem=html.data_uri(document.emblem), font=html.css_string(document.font),
                                          chart=html.chart(document.chart))
    return Rendered(files, to_pdf, document.date, document.font or "TH SarabunIT๙",
                    dates={name: document.date for name in to_pdf})


def form_stem(prepared: "Prepared", names: str) -> str:
    first = by_name(prepared.documents[0][0]) if prepared.documents else REPORT
    stem = first.stem(prepared.folder, prepared.derived, names)
    return f"แบบฟอร์มขอเผยแพร่ {stem}" if names == "thai" else f"{stem}-{FORM_SUFFIX}"


def render_all(prepared: "Prepared", formats: set[str], names: str) -> "Rendered":
    """Every document of the build, then its publication form, as one Rendered."""
    from .stages import Rendered

    parts = [by_name(name).render(derived, prepared, formats, names) for name, derived in prepared.documents]
    if prepared.form is not None:
        parts.append(_laid_out(prepared.form, prepared, formats, form_stem(prepared, names), FORM_SUFFIX))
    if len(parts) == 1:
        return parts[0]
    files, to_pdf, dates = {}, {}, {}
    for part in parts:
        files.update(part.files)
        to_pdf.update(part.to_pdf)
        dates.update({name: part.dates.get(name, part.date) for name in part.to_pdf})
    first = parts[0] if parts else Rendered({}, {}, None)
    return Rendered(files, to_pdf, first.date, first.font, dates=dates)

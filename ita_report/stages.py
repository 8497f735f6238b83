"""One report folder through the stages, load → validate → derive → render → write, and the single-report
build that both the library's `pipeline.build` and each report of a batch (`batch`) run (`build_one`).
This module imports neither of them: they import it."""
from __future__ import annotations

import datetime as dt
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .content import Derived, Document
from .derive import derive
from . import thai
from .load import load_folder
from .problems import Problem, UserError, display_path, internal_error
from .resources import Templates
from .thai import Round
from .validate import ReportFolder, validate


@dataclass(frozen=True)
class Prepared:
    folder: ReportFolder
    derived: Derived  # the report's (its round, memo and table), whatever the build makes
    findings: tuple[Problem, ...] = ()
    templates: Templates = Templates()
    documents: tuple[tuple[str, object], ...] = ()  # what the build makes (documents.DOCUMENTS), derived
    form: Document | None = None  # the web publication request form, when report.yaml asks for one

    @property
    def warnings(self) -> list[Problem]:
        return sorted(list(self.folder.warnings) + list(self.derived.warnings) + list(self.findings),
                      key=Problem.sort_key)


def _calendar_round(fy: int, today: dt.date) -> tuple[int, str, str]:
    """The round the calendar gives a report of fiscal year `fy` on `today`, and why (Thai, English)."""
    due = Round.due_on(today)
    fy_th = thai.to_thai_digits(str(fy))
    if due.fiscal_year.be == fy:
        if due.number == 1:
            return 1, "เดือนเมษายน–กันยายนเป็นช่วงรายงานรอบ ๖ เดือน", "April to September is the time of the 6-month report."
        return (2, "เดือนตุลาคม–มีนาคมเป็นช่วงรายงานรอบ ๑๒ เดือนของปีงบประมาณที่เพิ่งสิ้นสุด",
                "October to March is the time of the 12-month report of the fiscal year just ended.")
    if fy > due.fiscal_year.be:
        return (1, f"ปีงบประมาณ {fy_th} ของรายงานนี้ยังไม่สิ้นสุด รายงานถัดไปคือรอบ ๖ เดือน",
                f"fiscal year {fy} of this report has not ended: its next report is the 6-month one.")
    return (2, f"ปีงบประมาณ {fy_th} ของรายงานนี้สิ้นสุดแล้ว จึงเป็นรายงานรอบ ๑๒ เดือน",
            f"fiscal year {fy} of this report has ended: the 12-month report.")


def choose_round(folder: ReportFolder, asked: int | str | None, today: dt.date | None = None) -> tuple[int, Problem | None]:
    """The round to build: --round, else report.yaml's round, else the calendar's (with a note that says
    which and why). When report.yaml's round is not the calendar's, a one-line note says so."""
    if asked in (1, 2):
        return int(asked), None
    today = today or dt.date.today()
    number, th, en = _calendar_round(folder.report.fiscal_year, today)
    day_th = thai.thai_date(today)
    source = folder.source
    if asked is None and folder.report.round is not None:
        own = folder.report.round
        if own == number:
            return own, None
        own_months = thai.to_thai_digits(str(6 if own == 1 else 12))
        th = (f"ทำรอบ {own} (รอบ {own_months} เดือน) ตาม round: {own} ใน report.yaml แต่ตามวันที่ {day_th} "
              f"จะเป็นรอบ {number} ถ้าต้องการรอบตามวันที่ ให้ลบ round: ออก หรือสั่ง --round {number}")
        en = (f"Building round {own}, as report.yaml's round: {own} says; by the date {today.isoformat()} it would be "
              f"round {number}: remove round: or give --round {number} for that.")
        return own, source.locate(Problem("round-not-calendar", th, en, severity="note"), ("round",))
    months = 6 if number == 1 else 12
    th = (f"เลือกรอบ {number} (รอบ {thai.to_thai_digits(str(months))} เดือน) ตามวันที่ {day_th}: {th} "
          "ถ้าไม่ใช่รอบที่ต้องการ ให้สั่ง --round 1 หรือ --round 2")
    en = (f"Round {number} ({months} months) chosen from the date {today.isoformat()}: {en} "
          "Give --round 1 or --round 2 if this is not the round you want.")
    note = folder.source.locate(Problem("round-chosen", th, en, severity="note"), ("round",), key=True)
    return number, note


def templates_of(folder: ReportFolder, own: bool = True) -> tuple[Templates, list[Problem]]:
    """The templates a report builds with: its own folder (settings.templates, checked inside the
    report folder by validation) unless `own` is False (--no-own-templates), which a note says."""
    name = folder.report.settings.templates
    if name and not own:
        return Templates(), [folder.source.locate(Problem(
            "own-templates-ignored", "ไม่ใช้แม่แบบของรายงานเอง (--no-own-templates): ใช้แม่แบบที่มากับโปรแกรม",
            "The report's own templates are not used (--no-own-templates): the shipped ones are.",
            severity="note"), ("settings", "templates"))]
    return Templates(folder.path / name if name else None), []


def prepare(path: Path, round_number: int | str | None = None, today: dt.date | None = None,
            own_templates: bool = True, documents: tuple[str, ...] | None = None) -> Prepared:
    """Everything short of rendering: what `check` runs, and what `build` renders (the documents
    named, by default the report). Raises UserError (with the warnings too) when any problem is an error."""
    from . import documents as kinds

    chosen = kinds.chosen(documents)
    folder = validate(load_folder(path))
    number, note = choose_round(folder, round_number, today)
    templates, notes = templates_of(folder, own_templates)
    templates.check()
    derived = derive(folder, number, templates)
    made = kinds.derive_chosen(folder, derived, chosen, templates)
    findings = list(made.findings) + ([note] if note and any(k.uses_round for k in chosen) else []) + notes
    if any(p.severity == "error" for p in findings):
        raise UserError(findings + list(folder.warnings) + list(derived.warnings))
    return Prepared(folder, derived, tuple(findings), templates, made.documents, made.form)


FORMATS = ("docx", "html", "pdf")


def report_stem(round_: Round, names: str = "ascii") -> str:
    """How the names of a round's files start: "2565-round1", or "ITA 2565 รอบ 6 เดือน" (names="thai")."""
    if names == "thai":
        return f"ITA {round_.fiscal_year.be} รอบ {round_.months} เดือน"
    return f"{round_.fiscal_year.be}-round{round_.number}"


def output_names(prepared: Prepared, names: str = "ascii") -> dict[str, str]:
    """The files of one report: the memo and the table alone, and the whole report (memo then table)
    as .docx, a web page and a PDF. ASCII names for scripts (default), or the Thai names a person
    would give them (names="thai")."""
    stem = report_stem(prepared.derived.round, names)
    if names == "thai":
        return {"table": f"ตารางรายงานผล {stem}.docx", "memo": f"บันทึกข้อความ {stem}.docx",
                "report": f"รายงาน {stem}.docx", "html": f"รายงาน {stem}.html", "pdf": f"รายงาน {stem}.pdf"}
    return {"table": f"{stem}-table.docx", "memo": f"{stem}-memo.docx", "report": f"{stem}-report.docx",
            "html": f"{stem}-report.html", "pdf": f"{stem}-report.pdf"}


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]  # name → bytes, ready to write
    to_pdf: dict[str, bytes]  # .docx files to convert to PDF (their names give the PDFs' names)
    date: dt.date | None  # the PDFs' creation date
    font: str = "TH SarabunIT๙"  # the documents' font, for the PDF's choice of font
    dates: dict[str, dt.date | None] = field(default_factory=dict)  # a to_pdf file's own date, if not `date`


def render(prepared: Prepared, formats: Iterable[str] = ("docx",), names: str = "ascii") -> Rendered:
    """Every document the build makes (documents.DOCUMENTS), and the publication form."""
    from .documents import render_all

    return render_all(prepared, set(formats), names)


def render_report(prepared: Prepared, formats: Iterable[str] = ("docx",), names: str = "ascii") -> Rendered:
    """The report's files: the memo, the table, the whole report (.docx, web page, PDF)."""
    from .render import word

    formats = set(formats)
    templates = prepared.templates
    named = output_names(prepared, names)
    derived = prepared.derived
    files, to_pdf = {}, {}
    if formats & {"docx", "pdf"}:
        memo, table, report = word.render_report(derived.memo, derived.table, templates.path("memo.docx"),
                                                 templates.path("table.docx"))
        if "docx" in formats:
            files.update({named["table"]: table, named["memo"]: memo, named["report"]: report})
        if "pdf" in formats:
            to_pdf[named["report"]] = report
    if "html" in formats:
        from .render import html

        files[named["html"]] = html.render(derived.memo, derived.table, templates)
    return Rendered(files, to_pdf, derived.memo.date, derived.memo.font or "TH SarabunIT๙")


@dataclass
class PDFs:
    """One report's share of a LibreOffice conversion."""

    files: dict[str, bytes]  # name.pdf → bytes
    problems: list[Problem]  # why a PDF is missing (errors), which font was used (notes)


def to_pdf(rendered: list[Rendered], soffice: str | None = None, timeout: float | None = None) -> list[PDFs]:
    """The PDFs of many reports from one LibreOffice run (a report whose document fails or hangs is
    retried alone, so it costs only its own PDF); one PDFs per report."""
    from .render import pdf

    wanted = [(i, name, data, r.dates.get(name, r.date)) for i, r in enumerate(rendered) for name, data in r.to_pdf.items()]
    out = [PDFs({}, []) for _ in rendered]
    if not wanted:
        return out
    program = pdf.find_soffice(soffice)
    if program is None:
        raise pdf.missing_soffice()
    by_font: dict[str, list[tuple[int, str, bytes, dt.date | None]]] = {}
    for entry in wanted:
        by_font.setdefault(rendered[entry[0]].font, []).append(entry)
    for font, entries in sorted(by_font.items()):
        # distinct names inside the one run: a numbered prefix per report, taken off again after
        files = {f"{i:05d}~{name}": data for i, name, data, _ in entries}
        dates = {f"{i:05d}~{name}": date for i, name, _, date in entries}
        converted = pdf.convert(files, program, dates, timeout or pdf.DEFAULT_TIMEOUT, font)
        for key, data in converted.pdfs.items():
            number, _, name = key.partition("~")
            out[int(number)].files[name] = data
        for key, problem in converted.failed.items():
            number, _, name = key.partition("~")
            out[int(number)].problems.append(problem)
        for index in {i for i, *_ in entries}:
            out[index].problems.extend(converted.notes)
    return out


class ReportTimeout(BaseException):
    """A report's time limit (`seconds`) ran out. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` on the way (ours or a library's) swallows it."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


@contextmanager
def time_limit(seconds: float | None):
    """Raises ReportTimeout in the work inside when it takes longer than `seconds`. Kept by an alarm
    signal, so only where there is one (POSIX), in the main thread and when no other alarm is set (a
    program that calls this library may keep its own); elsewhere a worker's limit is kept by the
    batch, which kills the worker."""
    if not (seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0):
        yield
        return

    def expired(signum, frame):
        raise ReportTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


DEFAULT_REPORT_TIMEOUT = 300.0  # a report of 10,000 measures builds in well under a minute


@dataclass(frozen=True)
class Options:
    """How to build: the same for every report of a batch."""

    round: int | str | None = None  # 1, 2, "auto" or None (report.yaml's, else the calendar's)
    formats: tuple[str, ...] = ("docx",)
    soffice: str | None = None
    timeout: float | None = None
    today: dt.date | None = None  # the calendar day that picks the round (default: today)
    names: str = "ascii"  # output file names: "ascii" (2565-round1-memo.docx) or "thai"
    own_templates: bool = True  # False: the shipped templates only (--no-own-templates)
    documents: tuple[str, ...] | None = None  # documents.DOCUMENTS names; None: the default ones
    report_timeout: float | None = DEFAULT_REPORT_TIMEOUT  # seconds for one report, short of its PDF


def _no_links_out(folder: Path, out: Path) -> None:
    """An output folder inside the report folder (REPORT_DIR/out) is never reached through a symbolic
    link planted there: the documents would be written wherever the link points."""
    try:
        inner = out.absolute().relative_to(folder.absolute())
    except ValueError:
        return  # the user's own -o outside the report folder
    step = folder
    for part in inner.parts:
        step = step / part
        if step.is_symlink():
            raise UserError([Problem(
                "output-link", "โฟลเดอร์ผลลัพธ์ในโฟลเดอร์รายงานเป็นลิงก์ (symbolic link) ที่ชี้ไปที่อื่น จึงไม่เขียนผ่านลิงก์นั้น "
                "ให้ลบลิงก์ออก หรือระบุโฟลเดอร์ผลลัพธ์จริงด้วย -o", "The output folder inside the report folder is a "
                "symbolic link pointing elsewhere: nothing is written through it. Remove the link, or name the "
                "real output folder with -o.", file=display_path(step))])


def build_documents(path: Path, options: Options, out: Path) -> tuple[list[Path], list[Problem], Rendered]:
    """Everything but the PDF: validated, rendered and, when no PDF is asked for, written to `out`.
    With a PDF the files wait in the Rendered with the .docx to convert (so that many reports can
    share one LibreOffice run) and are written with the PDFs, all together or not at all: a new .docx
    never stands beside an earlier PDF. The time limit covers the stages up to the writing (never a
    half-renamed set of files); raises ReportTimeout when it runs out."""
    from .write import write_files

    _no_links_out(path, out)
    with time_limit(options.report_timeout):
        prepared = prepare(path, options.round, options.today, options.own_templates, options.documents)
        rendered = render(prepared, options.formats, options.names)
    written = write_files(out, rendered.files) if rendered.files and not rendered.to_pdf else []
    return written, prepared.warnings, rendered


def _without_pdf(outcome: Outcome, formats: tuple[str, ...]) -> Problem:
    """What to run for the report's other files when its PDF cannot be made."""
    from .problems import shell_path

    folder = outcome.folder
    others = ",".join(f for f in formats if f != "pdf") or "docx"
    command = f"ita-report build {shell_path(folder)} -o {shell_path(outcome.out)} --format {others}"
    return Problem("pdf-nothing-written", "ไม่มีไฟล์ใดของรายงานนี้ถูกเขียน (ไฟล์เดิมในโฟลเดอร์ผลลัพธ์ยังอยู่ครบ) เพราะไฟล์ Word "
                   f"เว็บ และ PDF ต้องตรงกันเป็นชุดเดียว ถ้าต้องการไฟล์ Word และเว็บโดยไม่มี PDF ให้สั่ง {command}",
                   "Nothing of this report was written (the earlier files in the output folder are as they were): "
                   "its Word, web and PDF files are written as one set. For the Word and web files without the "
                   f"PDF, run {command}", file=display_path(folder), severity="note")


@dataclass
class Outcome:
    """What became of one report folder."""

    folder: Path
    out: Path
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors when failed, else warnings and notes
    failed: bool = False
    pending: Rendered | None = None  # .docx waiting for the shared PDF run
    warnings: int = 0  # how many warnings (a batch keeps the count, not the warnings, of a report built)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def timeout_problem(folder: Path, seconds: float) -> Problem:
    return Problem(
        "report-timeout", f"สร้างรายงานนี้นานเกิน {seconds:g} วินาที จึงหยุดไว้ (แม่แบบของรายงานทำงานนานผิดปกติ "
        "หรือข้อมูลมากผิดปกติ) ให้ตรวจแม่แบบและไฟล์มาตรการ หรือเพิ่มเวลาด้วย --report-timeout",
        f"Building this report took longer than {seconds:g} s and was stopped (a template of the report "
        "that works unusually long, or unusually much data): check its templates and measure files, or "
        "raise --report-timeout.", file=display_path(folder))


def build_one(folder: Path, out: Path, options: Options, defer_pdf: bool) -> Outcome:
    """One report, never raising: its problems come back in the Outcome. With defer_pdf the .docx to
    convert come back too; otherwise the PDF is made here."""
    outcome = Outcome(folder, out)
    try:
        outcome.written, outcome.problems, rendered = build_documents(folder, options, out)
        if rendered.to_pdf:
            if defer_pdf:
                outcome.pending = rendered
            else:
                finish_pdf([outcome], [rendered], options)
    except UserError as exc:
        outcome.problems, outcome.failed = list(exc.problems), True
        outcome.written += exc.written
    except ReportTimeout as exc:
        outcome.problems, outcome.failed = [timeout_problem(folder, exc.seconds)], True
    except Exception:  # a bug: reported with its traceback, and the other reports go on
        outcome.problems, outcome.failed = [internal_error(folder)], True
    return outcome


def finish_pdf(outcomes: list[Outcome], rendered: list[Rendered], options: Options) -> None:
    """Converts the reports' .docx in one LibreOffice run and writes each report's files with its PDFs,
    as one set. A document LibreOffice fails on costs its own report only: nothing of that report is
    written, and the message says how to build its other files without the PDF."""
    from .write import write_files

    try:
        pdfs = to_pdf(rendered, options.soffice, options.timeout)
    except UserError as exc:
        for outcome in outcomes:
            outcome.failed = True
            outcome.problems = list(exc.problems) + [_without_pdf(outcome, options.formats)] + outcome.problems
        return
    for outcome, made, files in zip(outcomes, pdfs, rendered):
        if any(p.severity == "error" for p in made.problems):
            outcome.failed = True  # this report only: nothing of it is written, the others go on
            outcome.problems = made.problems + [_without_pdf(outcome, options.formats)] + outcome.problems
            continue
        outcome.problems = made.problems + outcome.problems
        try:
            outcome.written += write_files(outcome.out, {**files.files, **made.files})
        except UserError as exc:
            outcome.failed = True
            outcome.problems = list(exc.problems) + outcome.problems

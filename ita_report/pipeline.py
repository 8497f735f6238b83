"""One report through the stages, load → validate → derive → render → write. The CLI calls these."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .checks import consistency
from .derive import Derived, derive, own_templates
from .load import load_folder
from .problems import Problem, UserError
from .validate import ReportFolder, validate


@dataclass(frozen=True)
class Prepared:
    folder: ReportFolder
    derived: Derived
    findings: tuple[Problem, ...] = ()

    @property
    def warnings(self) -> list[Problem]:
        return sorted(list(self.folder.warnings) + list(self.derived.warnings) + list(self.findings),
                      key=Problem.sort_key)


def choose_round(folder: ReportFolder, asked: int | None) -> int:
    number = asked or folder.report.round
    if number is None:
        source = folder.inputs.report
        raise UserError([Problem(
            "no-round", "ไม่ได้ระบุรอบรายงาน ให้สั่ง --round 1 (รอบ ๖ เดือน) หรือ --round 2 (รอบ ๑๒ เดือน) "
            "หรือใส่ round: ใน report.yaml", "No report round given: use --round 1 (6 months) or --round 2 "
            "(12 months), or set round: in report.yaml.", file=source.name)])
    return number


def prepare(path: Path, round_number: int | None = None) -> Prepared:
    """Everything short of rendering: what `check` runs, and what `build` renders. Raises UserError
    (with the warnings too) when any problem is an error."""
    folder = validate(load_folder(path))
    derived = derive(folder, choose_round(folder, round_number))
    findings = consistency(folder, derived.round)
    if any(p.severity == "error" for p in findings):
        raise UserError(findings + list(folder.warnings) + list(derived.warnings))
    return Prepared(folder, derived, tuple(findings))


FORMATS = ("docx", "html", "pdf")


def output_names(prepared: Prepared) -> dict[str, str]:
    """The files of one report: the memo and the table alone, and the whole report (memo then table)
    as .docx, a web page and a PDF."""
    round_ = prepared.derived.round
    stem = f"{round_.fiscal_year.be}-round{round_.number}"
    return {"table": f"{stem}-table.docx", "memo": f"{stem}-memo.docx", "report": f"{stem}-report.docx",
            "html": f"{stem}-report.html", "pdf": f"{stem}-report.pdf"}


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]  # name → bytes, ready to write
    to_pdf: dict[str, bytes]  # .docx files to convert to PDF (their names give the PDFs' names)
    date: dt.date | None  # the PDFs' creation date


def render(prepared: Prepared, formats: Iterable[str] = ("docx",)) -> Rendered:
    from .render import word
    from .resources import template_path

    formats = set(formats)
    own = own_templates(prepared.folder)
    names = output_names(prepared)
    derived = prepared.derived
    files, to_pdf = {}, {}
    if formats & {"docx", "pdf"}:
        table = word.render(derived.table, template_path("table.docx", own))
        memo = word.render(derived.memo, template_path("memo.docx", own))
        report = word.combine(memo, table)
        if "docx" in formats:
            files.update({names["table"]: table, names["memo"]: memo, names["report"]: report})
        if "pdf" in formats:
            to_pdf[names["report"]] = report
    if "html" in formats:
        from .render import html

        files[names["html"]] = html.render(derived.memo, derived.table, template_path("report.html.j2", own))
    return Rendered(files, to_pdf, derived.memo.date)


def to_pdf(rendered: list[Rendered], soffice: str | None = None, timeout: float | None = None) -> list[dict[str, bytes]]:
    """The PDFs of many reports from one LibreOffice run; one {name.pdf: bytes} per report."""
    from .render import pdf

    wanted = [(i, name, data, r.date) for i, r in enumerate(rendered) for name, data in r.to_pdf.items()]
    out: list[dict[str, bytes]] = [{} for _ in rendered]
    if not wanted:
        return out
    program = pdf.find_soffice(soffice)
    if program is None:
        raise pdf.missing_soffice()
    # distinct names inside the one run: a numbered prefix per report, taken off again after
    files = {f"{i:05d}~{name}": data for i, name, data, _ in wanted}
    dates = {f"{i:05d}~{name}": date for i, name, _, date in wanted}
    for key, data in pdf.convert(files, program, dates, timeout or pdf.DEFAULT_TIMEOUT).items():
        index, _, name = key.partition("~")
        out[int(index)][name] = data
    return out


def build(path: Path, round_number: int | None, out: Path | None, formats: Iterable[str] = ("docx",),
          soffice: str | None = None, timeout: float | None = None) -> tuple[list[Path], list[Problem]]:
    """One report folder to files in `out` (default REPORT_DIR/out). When the PDF cannot be made, the
    other formats are still written and the UserError says which were (its `written`)."""
    from .write import write_files

    prepared = prepare(path, round_number)
    rendered = render(prepared, formats)
    files, failure = dict(rendered.files), None
    try:
        files.update(to_pdf([rendered], soffice, timeout)[0])
    except UserError as exc:
        failure = exc
    written = write_files(out or path / "out", files) if files else []
    if failure is not None:
        raise UserError(failure.problems + prepared.warnings, written)
    return written, prepared.warnings

"""One report through the stages, load → validate → derive → render → write. The CLI calls these."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def output_names(prepared: Prepared) -> dict[str, str]:
    round_ = prepared.derived.round
    stem = f"{round_.fiscal_year.be}-round{round_.number}"
    return {"table": f"{stem}-table.docx", "memo": f"{stem}-memo.docx"}


def render_docx(prepared: Prepared) -> dict[str, bytes]:
    from .render import word
    from .resources import template_path

    own = own_templates(prepared.folder)
    names = output_names(prepared)
    derived = prepared.derived
    return {
        names["table"]: word.render(derived.table, template_path("table.docx", own)),
        names["memo"]: word.render(derived.memo, template_path("memo.docx", own)),
    }


def build(path: Path, round_number: int | None, out: Path | None) -> tuple[list[Path], list[Problem]]:
    from .write import write_files

    prepared = prepare(path, round_number)
    files = render_docx(prepared)
    return write_files(out or path / "out", files), prepared.warnings

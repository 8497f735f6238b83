"""Stage 3, derive: what the documents say. From the valid models and the wording templates it makes
the memo's paragraphs and the table's cells as final Thai text: numbering, dates, the round's
results, Thai digits. Renderers only lay this text out."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from . import thai
from .content import (COLUMN_NAMES, MAX_CELL_LINES, MEMO_KINDS, PLACEHOLDER_KINDS, TABLE_KINDS, Block, Derived,
                      Document, Line, Row)
from .model import Measure, Report, Result, Step
from .problems import Problem, UserError, display_path
from .resources import Templates, run
from .thai import FiscalYear, Round
from .validate import ReportFolder

HAND_WRITTEN = "." * 10  # the room left for a number written by hand (ที่ สป ........../๒๕๖๙)


# ---------------------------------------------------------------- wording templates

# A "|" in a value from the YAML is text, never the markup that separates a field's parts: it stays
# this private-use character through the template and becomes "|" again in the final text.
_TEXT_BAR = "\ue7c0"


def _finalize(value: object) -> str:
    """Values from YAML never break the one-paragraph-per-line markup: no line break, no "|"."""
    return "" if value is None else " ".join(str(value).split()).replace("|", _TEXT_BAR)


def _unmark(text: str) -> str:
    return text.replace(_TEXT_BAR, "|")


def wording(templates: Templates, name: str) -> jinja2.Template:
    return templates.jinja(name, finalize=_finalize)


def render_blocks(template: jinja2.Template, context: dict, kinds: tuple[str, ...]) -> tuple[Block, ...]:
    name = display_path(Path(template.filename)) if template.filename else template.name
    text = run(template, template.render, context)
    blocks, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        kind, sep, rest = line.partition(":")
        kind = kind.strip()
        if not sep or kind not in kinds:
            problems.append(Problem(
                "template-line", f"บรรทัดในแม่แบบต้องขึ้นต้นด้วยชนิดย่อหน้า ({', '.join(kinds)}) ตามด้วย “:”",
                f"Each template line must start with a paragraph kind ({', '.join(kinds)}) and ':'",
                file=name, line=number, value=thai.clip(_unmark(line), 60)))
            continue
        rest = rest.strip()
        if kind in ("space", "gap"):
            blocks += [Block(kind, ())] * (min(int(rest), 50) if rest.isdigit() else 1)
        elif kind in PLACEHOLDER_KINDS:
            blocks.append(Block(kind, ()))
        elif kind in ("field", "subject"):
            blocks.append(Block(kind, tuple(_unmark(p.strip()) for p in rest.split("|"))))
        else:
            blocks.append(Block(kind, (_unmark(rest),)))
    if problems:
        raise UserError(problems)
    return tuple(blocks)


class Macros:
    """The table template's macros (result_date, default_period), each call run as template code."""

    def __init__(self, template: jinja2.Template, context: dict):
        self.template = template
        self.module = run(template, template.make_module, context)

    def __getattr__(self, name: str):
        macro = run(self.template, getattr, self.module, name)
        call = self.__dict__[name] = lambda *args: _unmark(str(run(self.template, macro, *args)))
        return call  # found once, then an attribute: a row's macro calls cost one call each


# ---------------------------------------------------------------- digits

class Digits:
    def __init__(self, report: Report):
        self.thai = report.settings.digits == "thai"
        self.keep = tuple(report.settings.keep_arabic)

    def __call__(self, text: str) -> str:
        return thai.thai_digits_in_text(text, self.keep) if self.thai else thai.to_arabic_digits(text)

    def block(self, block: Block) -> Block:
        """A paragraph as printed: digits as set, dates and "พ.ศ. ๒๕๖๙" held on one line."""
        return Block(block.kind, tuple(thai.keep_together(self(p)) for p in block.parts))


# ---------------------------------------------------------------- the table's cells

def step_lines(steps: list, prefix: str = "", level: int = 0) -> list[Line]:
    """๑. ๒. ๓. with sub-steps ๓.๑ ๓.๒: numbers come from the place in the list, never typed."""
    lines = []
    for i, step in enumerate(steps, 1):
        number = f"{prefix}{i}"
        text = step.text if isinstance(step, Step) else step
        lines.append(Line(f"{number}{'.' if level == 0 else ''} {text}", level))
        if isinstance(step, Step) and step.steps:
            lines += step_lines(step.steps, number + ".", level + 1)
    return lines


def _names_date(text: str, date: dt.date) -> bool:
    """The text already says the date (in any of the ways Thai dates are written)."""
    return any(found == date for found, _, _ in thai.find_dates(text))


def result_lines(results: list, date_phrase) -> list[Line]:
    """"- " items; a dated result's line ends with "เมื่อวันที่ …" (before its numbered items) unless
    its text already names the date."""
    lines = []
    for result in results:
        if not isinstance(result, Result):
            lines.append(Line(f"- {result}"))
            continue
        day = result.date
        phrase = date_phrase(thai.thai_date(day, thai_digits=False)) if day and not _names_date(result.text, day) else ""
        # the date belongs to the result's own line, before its items: under the last name it
        # would read as that person's date
        lines.append(Line(f"- {result.text} {phrase}".rstrip()))
        lines += [Line(f"{i}. {item}", 1) for i, item in enumerate(result.items, 1)]
    return lines


def suggestion_lines(suggestions: list[str]) -> list[Line]:
    """One suggestion as its text; several as "- " items, marked as the results beside them are."""
    return [Line(f"- {s}" if len(suggestions) > 1 else s) for s in suggestions]


def round_results(measure: Measure, round_: Round) -> list:
    """Round 1 shows the first half's progress; round 2 the whole year's."""
    return measure.results.round1 + (measure.results.round2 if round_.number == 2 else [])


def _row(position: int, measure: Measure, round_: Round, macros, digits: Digits) -> Row:
    fy = round_.fiscal_year.be
    period = measure.period or [str(macros.default_period(fy))]
    cells = {
        "measure": [Line(f"{position}. {measure.title}")],
        "steps": step_lines(measure.steps),
        "owners": [Line(o) for o in measure.owners],
        "period": [Line(p) for p in period],
        "results": result_lines(round_results(measure, round_), lambda d: str(macros.result_date(d))),
        "suggestions": suggestion_lines(measure.suggestions),
    }
    return Row({k: tuple(Line(thai.keep_together(digits(ln.text)), ln.level) for ln in v) for k, v in cells.items()})


def _overlong_cells(row: Row, source) -> list[Problem]:
    """A problem for each cell of the row longer than MAX_CELL_LINES, at its key in the measure file."""
    problems = []
    for column, lines in row.cells.items():
        if len(lines) > MAX_CELL_LINES:
            th, en = COLUMN_NAMES[column]
            problems.append(source.locate(Problem(
                "cell-too-long", f"ช่อง{th}ของมาตรการนี้ยาว {len(lines):,} บรรทัด เกิน {MAX_CELL_LINES:,} บรรทัดที่รับได้ "
                "ให้แบ่งเป็นหลายมาตรการหรือสรุปให้สั้นลง", f"The {en} cell of this measure has {len(lines):,} lines, "
                f"more than the {MAX_CELL_LINES:,} allowed: split the measure or shorten it."),
                ("title",) if column == "measure" else (column,), key=True))
    return problems


# ---------------------------------------------------------------- the whole report

def wording_context(report: Report, round_: Round) -> dict:
    memo = report.memo
    fy = round_.fiscal_year.be
    period = (f"{thai.thai_month_year(round_.start, thai_digits=False)} - "
              f"{thai.thai_month_year(round_.end, thai_digits=False)}")
    year = thai.be_year(memo.date.year) if memo.date else fy
    return {
        "org": report.organisation,
        "fy": fy,
        "round": {"number": round_.number, "months": round_.months, "period": period},
        "memo": {
            "department": memo.department,
            "reference": f"{memo.code} {memo.number or HAND_WRITTEN}/{year}".strip(),
            "date": thai.thai_date(memo.date, thai_digits=False) if memo.date else "",
            "to": memo.to,
            "writer": memo.writer,
            "reviewers": [{"role": r.comment_role, "name": r.name, "position": r.position,
                           "acting_for": r.acting_for} for r in memo.reviewers],
        },
    }


def derive(folder: ReportFolder, round_number: int, templates: Templates = Templates()) -> Derived:
    report = folder.report
    round_ = Round(FiscalYear(report.fiscal_year), round_number)
    digits = Digits(report)
    context = wording_context(report, round_)
    warnings: list[Problem] = []

    memo_blocks = render_blocks(wording(templates, "memo.j2"), context, MEMO_KINDS)
    table_template = wording(templates, "table.j2")
    table_blocks = render_blocks(table_template, context, TABLE_KINDS)
    macros = Macros(table_template, context)
    rows = tuple(_row(i, m.measure, round_, macros, digits) for i, m in enumerate(folder.measures, 1))
    too_long = [problem for row, m in zip(rows, folder.measures) for problem in _overlong_cells(row, m.source)]
    if too_long:
        raise UserError(too_long)

    emblem = None
    if report.memo.emblem:  # validation checked it: inside the folder, a whole PNG or JPEG
        emblem = folder.path / report.memo.emblem
    else:
        warnings.append(folder.source.locate(Problem(
            "no-emblem-set", "ไม่ได้กำหนดไฟล์ตราครุฑ (memo.emblem) จึงเว้นที่ไว้ (พิมพ์บนกระดาษที่มีตราครุฑได้) "
            "ถ้าต้องการให้มีตราครุฑ: ใช้รูปครุฑในแบบบันทึกข้อความ (Word) ของหน่วยงาน คลิกขวาที่ตราครุฑ เลือก “บันทึกเป็นรูปภาพ” "
            "(Save as Picture) เก็บไว้ในโฟลเดอร์รายงาน แล้วใส่ emblem: ชื่อไฟล์ ใน memo (โปรแกรมปรับให้สูง ๑.๕ ซม.)",
            "No emblem file (memo.emblem) is set, so its space is left (for paper with the printed Garuda). To print "
            "it: in your agency's memo (บันทึกข้อความ) Word template right-click the Garuda, Save as Picture into the "
            "report folder, and set memo.emblem to that file (it is sized 1.5 cm high).", severity="note"),
            ("memo",), key=True))

    title = " ".join(table_blocks[0].parts) if table_blocks else ""
    memo = Document("memo", tuple(digits.block(b) for b in memo_blocks), font=report.settings.font,
                    emblem=emblem, title=digits(title), date=report.memo.date)
    table = Document("table", tuple(digits.block(b) for b in table_blocks), rows, font=report.settings.font,
                     title=digits(title), date=report.memo.date)
    return Derived(round_, memo, table, tuple(warnings))

"""Import: an existing Word report of this kind read into a report folder, so that an agency starts
from the report it already has. It reads what real files hold: the six columns in any order (others
reported, never silently dropped), the header row repeated, the table split per page or per measure,
merged cells, numbers typed ("๑." "1." "๓.๑") or made by Word's numbering, results as "- " lines or
bullets with their dates in the text, Thai or Arabic digits; and, when the file holds it, the memo.

Its output is the dictionaries that scaffold.py writes; what it could not map comes back as
problems naming the table, row and column."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import files, thai
from .content import COLUMN_NAMES, COLUMNS, MAX_CELL_LINES
from .ooxml import qn
from .problems import Problem, UserError, display_path

if TYPE_CHECKING:
    from lxml import etree

# (column, words its header holds): the first match wins, so "ผลการดำเนินงาน" is results before
# "ดำเนินการ" could make it anything else.
HEADER_WORDS = (
    ("results", ("ผลการดำเนิน", "ผลการปฏิบัติ", "ผลดำเนินการ", "ผลการด")),
    ("suggestions", ("ข้อเสนอแนะ", "ปัญหาอุปสรรค")),
    ("period", ("ระยะเวลา", "กำหนดการ", "ห้วงเวลา", "ช่วงเวลา")),
    ("owners", ("ผู้รับผิดชอบ", "รับผิดชอบ")),
    ("steps", ("วิธีการ", "ขั้นตอน")),
    ("measure", ("มาตรการ", "แนวทาง")),
)
BULLET = re.compile(r"^\s*[-–—•·○●▪◦■□*➢►✓]\s*")
DATE_SUFFIX = re.compile(r"\s*เมื่อ\s*วันที่\s*(?P<date>[^()]+?)\s*$")
DOTS = re.compile(r"\.{3,}|…+")


@dataclass
class Line:
    """A paragraph line of a cell: its text, and the list level and kind Word's numbering gives it."""

    text: str
    level: int | None = None  # numbering level (0 = top) when Word numbers the paragraph
    kind: str | None = None  # "bullet" or "number" for numbered paragraphs


@dataclass
class Draft:
    """One measure as read from the table, column by column."""

    cells: dict[str, list[Line]] = field(default_factory=lambda: {c: [] for c in COLUMNS})
    where: str = ""


@dataclass
class Imported:
    report: dict
    measures: list[dict]
    problems: list[Problem]
    files: dict[str, bytes] = field(default_factory=dict)  # the memo's Garuda, by its name in the folder


def _clean(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- reading the Word file

# Rows of all the file's tables: a report has tens to hundreds; the bound keeps an import's time
# and memory in check (100,000 rows took 24 minutes and 8 GB).
MAX_IMPORT_ROWS = 2000


class _Malformed(Exception):
    """A value Word never writes (gridSpan="abc"): the file is damaged or was not made by Word."""


def _whole_number(element, attribute: str, default: int) -> int:
    """A counting attribute of Word's XML (gridSpan, gridBefore, ilvl), checked."""
    text = element.get(qn(f"w:{attribute}")) if element is not None else None
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10_000:
        raise _Malformed(f'{element.tag.rpartition("}")[2]} w:{attribute}="{text[:20]}"')
    return value


def _damaged(source: str, where: str, what: str) -> Problem:
    return Problem("import-damaged", f"ไฟล์ Word นี้เสียหายหรือไม่ได้สร้างจาก Word: พบค่า {what} ซึ่งไม่ใช่ตัวเลขที่ใช้ได้ "
                   "ให้เปิดไฟล์ใน Word แล้วบันทึกใหม่ก่อนนำเข้า", f"This Word file is damaged or was not made by Word: "
                   f"{what} is not a usable number. Open it in Word and save it again before importing.",
                   file=source, field=where)


class _Numbering:
    """Which numbered paragraphs are bullets: numbering.xml's formats by numId and level."""

    def __init__(self, document, source: str):
        try:
            self._read(document)
        except _Malformed as exc:
            raise UserError([_damaged(source, "word/numbering.xml, word/styles.xml", str(exc))]) from None

    def _read(self, document) -> None:
        self.formats: dict[tuple[str | None, int], str] = {}  # (numId, level) → numFmt
        self.style_numbering: dict[str, tuple[str | None, int]] = {}  # styleId → (numId, level)
        part = getattr(document.part, "numbering_part", None) if self._has_numbering(document) else None
        if part is not None:
            root = part.element
            abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
            for num in root.findall(qn("w:num")):
                ref = num.find(qn("w:abstractNumId"))
                definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
                for lvl in definition.findall(qn("w:lvl")) if definition is not None else []:
                    fmt = lvl.find(qn("w:numFmt"))
                    self.formats[(num.get(qn("w:numId")), _whole_number(lvl, "ilvl", 0))] = (
                        fmt.get(qn("w:val")) if fmt is not None else "decimal")
        for style in document.styles.element.findall(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                self.style_numbering[style.get(qn("w:styleId"))] = _num_pr(num_pr)

    @staticmethod
    def _has_numbering(document) -> bool:
        try:
            document.part.numbering_part
            return True
        except (KeyError, NotImplementedError):
            return False

    def of(self, paragraph) -> tuple[int | None, str | None]:
        ppr = paragraph.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        found = _num_pr(num_pr) if num_pr is not None else None
        if found is None and ppr is not None and ppr.find(qn("w:pStyle")) is not None:
            found = self.style_numbering.get(ppr.find(qn("w:pStyle")).get(qn("w:val")))
        if found is None or found[0] in ("0", None):
            return None, None
        fmt = self.formats.get(found, "decimal")
        if fmt == "none":
            return None, None
        return found[1], "bullet" if fmt == "bullet" else "number"


def _num_pr(num_pr) -> tuple[str | None, int]:
    num_id = num_pr.find(qn("w:numId"))
    ilvl = num_pr.find(qn("w:ilvl"))
    return (num_id.get(qn("w:val")) if num_id is not None else None,
            _whole_number(ilvl, "val", 0))


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_lines(tc, numbering: _Numbering) -> list[Line]:
    lines = []
    for paragraph in tc.iter(qn("w:p")):
        level, kind = numbering.of(paragraph)
        for i, piece in enumerate(_paragraph_text(paragraph).split("\n")):
            text = _clean(piece)
            if text:
                lines.append(Line(text, level if i == 0 else None, kind if i == 0 else None))
    return lines


def _row_cells(tr) -> list[tuple[int, etree._Element, bool]]:
    """(grid column, cell, continues the cell above) for each cell of a table row."""
    column = 0
    column = _whole_number(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), "val", 0)
    cells = []
    for tc in tr.findall(qn("w:tc")):
        tcpr = tc.find(qn("w:tcPr"))
        span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
        vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
        continues = vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue"
        cells.append((column, tc, continues))
        column += _whole_number(span, "val", 1)
    return cells


def header_column(text: str) -> str | None:
    key = re.sub(r"[\s/]", "", text)
    for column, words in HEADER_WORDS:
        if any(word in key for word in words):
            return column
    return None


# ---------------------------------------------------------------- the table

def _is_header(cells: list[tuple[int, etree._Element, bool]]) -> dict[int, str] | None:
    found: dict[int, str] = {}
    for column, tc, _ in cells:
        name = header_column("".join(t.text or "" for t in tc.iter(qn("w:t"))))
        if name and name not in found.values():
            found[column] = name
    return found if len(found) >= 3 and {"measure", "steps"} & set(found.values()) else None


def _is_column_numbers(texts: list[str]) -> bool:
    """A row of column numbers under the header: (1) (2) (3)..."""
    return bool(texts) and all(re.fullmatch(r"\(?[0-9๐-๙]{1,2}\)?", t) for t in texts if t) and any(texts)


def read_tables(document, numbering: _Numbering, source: str) -> tuple[list[Draft], list[Problem], list]:
    """The measures of the file's tables, what could not be mapped, and the tables read (the
    measure table, or its pieces)."""
    drafts: list[Draft] = []
    read: list = []
    problems: list[Problem] = []
    mapping: dict[int, str] | None = None
    headers: dict[int, str] = {}
    columns_seen = 0
    seen_rows = 0
    for t, table in enumerate(document.element.body.iter(qn("w:tbl")), 1):
        if table.getparent().tag != qn("w:body"):  # a table inside a cell: read with its cell
            continue
        rows = table.findall(qn("w:tr"))
        if seen_rows + len(rows) > MAX_IMPORT_ROWS:
            r = MAX_IMPORT_ROWS - seen_rows + 1
            raise UserError(problems + [Problem(
                "import-too-many-rows", f"ตารางในไฟล์นี้มีเกิน {MAX_IMPORT_ROWS:,} แถว (แถวที่ {MAX_IMPORT_ROWS + 1:,} "
                f"อยู่ที่ตาราง {t} แถว {r}) ซึ่งมากเกินรายงานจริง ให้แยกไฟล์หรือลบตารางที่ไม่ใช่ตารางรายงานผลออก",
                f"The tables of this file have more than {MAX_IMPORT_ROWS:,} rows (row {MAX_IMPORT_ROWS + 1:,} is "
                f"table {t} row {r}), more than any real report: split the file or remove the tables that are "
                "not the report's.", file=source, field=f"ตาราง {t} แถว {r}")])
        seen_rows += len(rows)
        r = 0
        try:
            grid = len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
            if mapping is not None and grid != columns_seen and not any(_is_header(_row_cells(row)) for row in rows[:3]):
                mapping = None  # a table of another shape: not the continuation of the measure table
            for r, tr in enumerate(rows, 1):
                cells = _row_cells(tr)
                header = _is_header(cells)
                if header:
                    mapping, columns_seen = header, grid
                    headers = {c: _clean("".join(x.text or "" for x in tc.iter(qn("w:t")))) for c, tc, _ in cells}
                    for column, text in headers.items():
                        if column not in mapping and text:
                            problems.append(Problem(
                                "import-unmapped-column",
                                f"ไม่รู้จักคอลัมน์ “{text}” ข้อความในคอลัมน์นี้จึงไม่ได้นำเข้า (จะแจ้งทีละช่องด้านล่าง)",
                                f"Unknown column '{text}': its text is not imported (each cell is listed below).",
                                file=source, field=f"ตาราง {t} คอลัมน์ {column + 1}", severity="warning"))
                    continue
                texts = [_clean("".join(x.text or "" for x in tc.iter(qn("w:t")))) for _, tc, _ in cells]
                if mapping is None:
                    if any(texts):
                        problems.append(Problem(
                            "import-unmapped-table", "ตารางนี้ไม่มีหัวคอลัมน์ของรายงานมาตรการ (มาตรการ/แนวทาง วิธีการดำเนินการ ...) "
                            "จึงไม่ได้นำเข้า", "This table has no measure-table header (มาตรการ/แนวทาง วิธีการดำเนินการ ...): "
                            "not imported.", file=source, field=f"ตาราง {t} แถว {r}", severity="warning"))
                        break
                    continue
                if _is_column_numbers(texts):
                    continue
                _read_row(cells, mapping, headers, drafts, numbering, source, t, r, problems)
                if not read or read[-1] is not table:
                    read.append(table)
        except _Malformed as exc:
            where = f"ตาราง {t} แถว {r}" if r else f"ตาราง {t}"
            raise UserError(problems + [_damaged(source, where, str(exc))]) from None
    return drafts, problems, read


def _read_row(cells, mapping, headers, drafts, numbering, source, t, r, problems) -> None:
    by_column: dict[str, list[Line]] = {}
    measure_continues = True
    for column, tc, continues in cells:
        name = mapping.get(column)
        lines = [] if continues else _cell_lines(tc, numbering)
        if name is None:
            if lines:
                text = " ".join(line.text for line in lines)
                problems.append(Problem(
                    "import-unmapped-cell", f"ข้อความในคอลัมน์ “{headers.get(column, '')}” ไม่ได้นำเข้า: {thai.clip(text, 80)}",
                    f"Text in column '{headers.get(column, '')}' not imported: {thai.clip(text, 80)}", file=source,
                    field=f"ตาราง {t} แถว {r} คอลัมน์ {column + 1}", severity="warning", value=thai.clip(text, 200)))
            continue
        if name == "measure" and lines:
            measure_continues = False
        by_column.setdefault(name, []).extend(lines)
    if not any(by_column.values()):
        return
    if measure_continues and drafts:  # the measure's row goes on (page split, merged measure cell)
        draft = drafts[-1]
    else:
        draft = Draft(where=f"ตาราง {t} แถว {r}")
        drafts.append(draft)
    for name, lines in by_column.items():
        draft.cells[name].extend(lines)
        if len(draft.cells[name]) > MAX_CELL_LINES:
            th, en = COLUMN_NAMES[name]
            raise UserError(problems + [Problem(
                "import-cell-too-long", f"ช่อง{th}ของมาตรการนี้ยาวเกิน {MAX_CELL_LINES:,} บรรทัดที่รับได้ ให้แบ่งเป็นหลายมาตรการ"
                "หรือสรุปให้สั้นลงใน Word ก่อนนำเข้า", f"The {en} cell of this measure is longer than the "
                f"{MAX_CELL_LINES:,} lines allowed: split the measure or shorten it in Word before importing.",
                file=source, field=f"ตาราง {t} แถว {r}")])


# ---------------------------------------------------------------- cells into the YAML's shape

_DIGITS = "0-9๐-๙"
# A typed number: "๒.๒.๑", "2.2.1)", "๒. ๒. ๑.", each part of at most three digits (a year,
# "๒๕๖๕", is text; "(๑)" is a line's own marker); group 2 is its closing mark, group 3 the spaces after it.
_TYPED_NUMBER = re.compile(rf"\s*([{_DIGITS}]{{1,3}}(?:\s*\.\s*[{_DIGITS}]{{1,3}})*)(?![{_DIGITS}])(\s*[.)])?(\s*)")


def typed_number(text: str) -> tuple[tuple[int, ...], int] | None:
    """The number a line starts with, as its parts ("๒.๒.๑" → (2, 2, 1)), and where its text starts.
    Written with Thai or Arabic digits, with or without spaces; a number run into its text is one
    only when its end is clear ("1.จัดหา", "๒.๒.๑บอร์ด", but not "12บาท" or "๑๕.๐๓.๒๕๖๕")."""
    m = _TYPED_NUMBER.match(text)
    if not m or m.end() == len(text):
        return None
    parts = tuple(int(thai.to_arabic_digits(part)) for part in re.split(r"\s*\.\s*", m.group(1)))
    if not m.group(3) and (text[m.end()] in "0123456789๐๑๒๓๔๕๖๗๘๙" or (m.group(2) is None and len(parts) == 1)):
        return None
    return parts, m.end()


def _numbered(line: Line) -> tuple[int | None, str, tuple[int, ...] | None]:
    """The line's depth (1 = a step, 2 = a sub-step, 3 = a sub-step's own...) from Word's numbering
    or a typed number, its text without the number, and the number as typed (None from Word's)."""
    if line.kind == "number":
        return 1 + (line.level or 0), line.text, None
    if found := typed_number(line.text):
        parts, start = found
        return len(parts), line.text[start:], parts
    return None, line.text, None


def title_of(lines: list[Line]) -> str:
    text = " ".join(line.text for line in lines)
    found = typed_number(text)
    return text[found[1]:] if found else text


# Steps nest as deep as Word's lists do (nine levels): deeper would not fit a measure file's
# nesting bound (load.MAX_DEPTH) and no report goes there.
MAX_STEP_DEPTH = 9


@dataclass
class Slip:
    """A step whose number as typed is not the one it gets in the tool: a level skipped ("๒.๒.๑"
    with no ๒.๒), a number gone backwards or one left out. Its text is kept, at the depth said."""

    typed: str | None  # the number as typed ("2.2.1"); None when Word's list numbers it
    depth: int  # its depth as typed, or its level in Word's list (1 = the top)
    given: str  # the number the tool prints for it ("๒.๑")
    text: str
    kind: str  # "skip-level", "too-deep", "backwards" or "gap"


@dataclass
class _Step:
    pieces: list[str]
    steps: list["_Step"] = field(default_factory=list)

    def data(self) -> object:
        text = " ".join(self.pieces)
        return {"text": text, "steps": [s.data() for s in self.steps]} if self.steps else text


def _slip(typed: tuple[int, ...] | None, depth: int, given: tuple[int, ...], text: str) -> Slip | None:
    """How a step's number as typed (or its depth, from Word's list) differs from the one it gets."""
    shown = ".".join(map(str, given))
    kind = "too-deep" if depth > MAX_STEP_DEPTH else "skip-level" if depth > len(given) else None
    if typed is None:
        return Slip(None, depth, shown, text, kind) if kind else None
    if typed == given:
        return None
    return Slip(".".join(map(str, typed)), depth, shown, text, kind or ("backwards" if typed < given else "gap"))


def steps_of(lines: list[Line], slips: list[Slip] | None = None) -> list:
    """Steps at every depth from a cell's lines: ๑. ๒. ๒.๑ ๒.๒ ๒.๒.๑ ..., numbered by Word or typed.
    A line that goes on from the one before joins it; a bullet under a numbered step is a level below
    it. A number that skips a level goes one level below the step before; one that goes backwards
    (or leaves a number out) stays at its depth: either way its text is kept, and said in `slips`.
    The pieces of each text are joined once, so that time grows with the lines, not their square."""
    numbered = any(_numbered(line)[0] for line in lines)
    steps: list[_Step] = []
    open_: list[_Step] = []  # the step open at each depth: open_[0] a step, open_[1] its sub-step...
    last_depth = 0  # the depth of the last numbered line: bullets go below it
    for line in lines:
        depth, text, typed = _numbered(line)
        if depth is None and (line.kind == "bullet" or BULLET.match(text)):
            text = BULLET.sub("", text)
            depth = last_depth + 1 if numbered and open_ else 1
        if depth is None:
            if numbered and open_:  # a line that goes on from the one before
                open_[-1].pieces.append(text)
                continue
            depth = 1
        placed = min(depth, len(open_) + 1, MAX_STEP_DEPTH)  # a level skipped: one below the step before
        del open_[placed - 1:]
        step = _Step([text])
        (open_[-1].steps if open_ else steps).append(step)
        open_.append(step)
        if typed is not None or line.kind == "number":
            last_depth = placed
        if slips is not None and (typed is not None or depth > placed):
            given = tuple(len(open_[i - 1].steps if i else steps) for i in range(len(open_)))
            if slip := _slip(typed, depth, given, text):
                slips.append(slip)
    return [step.data() for step in steps]


def _slip_problem(slip: Slip, file: str, source: str, where: str) -> Problem:
    """A step numbered otherwise than the tool will number it, said at its row with its text."""
    typed_th = f"ข้อ {thai.to_thai_digits(slip.typed)}" if slip.typed else f"ข้อในรายการระดับ {thai.to_thai_digits(str(slip.depth))} ของ Word"
    typed_en = f"step {slip.typed}" if slip.typed else f"the step at level {slip.depth} of Word's list"
    given_th, text = thai.to_thai_digits(slip.given), thai.clip(slip.text, 60)
    th, en = {
        "skip-level": (f"{typed_th} ข้ามระดับ (ไม่มีข้อระดับก่อนหน้าที่อยู่เหนือข้อนี้) จึงนำเข้าเป็นข้อ {given_th} ใต้ข้อก่อนหน้า",
                       f"{typed_en} skips a level (no step of the level above it before it): imported as "
                       f"{slip.given}, under the step before"),
        "too-deep": (f"{typed_th} ซ้อนลึกเกิน {MAX_STEP_DEPTH} ระดับที่โปรแกรมรับได้ จึงนำเข้าเป็นข้อ {given_th}",
                     f"{typed_en} nests deeper than the {MAX_STEP_DEPTH} levels the tool keeps: imported as "
                     f"{slip.given}"),
        "backwards": (f"เลข{typed_th} ย้อนกลับ (ไม่ต่อจากข้อก่อนหน้า) จึงนำเข้าเป็นข้อ {given_th} ตามลำดับในช่อง",
                      f"step number {slip.typed} goes backwards (it does not follow the step before): imported as "
                      f"{slip.given}, in the cell's order"),
        "gap": (f"เลข{typed_th} ไม่ต่อจากข้อก่อนหน้า (มีเลขข้อหายไป) จึงนำเข้าเป็นข้อ {given_th} ตามลำดับในช่อง",
                f"step number {slip.typed} does not follow the step before (a number is missing): imported as "
                f"{slip.given}, in the cell's order"),
    }[slip.kind]
    return Problem("import-step-number", f"{th} ข้อความ “{text}” นำเข้าครบ ให้ตรวจลำดับขั้นตอนใน {file}",
                   f"{en[0].upper() + en[1:]}. Its text '{text}' is kept: check the steps' order in {file}.",
                   file=source, field=where, severity="warning", value=thai.clip(slip.text, 200))


def _with_date(text: str) -> dict | str:
    """A result's date from its text: a closing "เมื่อวันที่ …" in the form the tool writes is taken
    off (the tool writes it back); otherwise the last date named stays in the text and is kept too."""
    # The suffix holds no parenthesis: searching after the last one keeps the search linear in a
    # long text of many "เมื่อวันที่".
    m = DATE_SUFFIX.search(text, max(text.rfind("("), text.rfind(")")) + 1)
    if m:
        found = thai.find_dates(m.group("date"))
        if len(found) == 1 and thai.to_arabic_digits(_clean(m.group("date"))) == thai.to_arabic_digits(
                thai.thai_date(found[0][0], thai_digits=False)):
            return {"text": text[:m.start()].rstrip(), "date": thai.thai_date(found[0][0])}
    found = thai.find_dates(text)
    return {"text": text, "date": thai.thai_date(found[-1][0])} if found else text


def results_of(lines: list[Line]) -> list:
    """Results from a cell's lines: "- " items, numbered sub-items, closing dates; continued lines
    joined as in steps_of, in time that grows with the lines."""
    marked = any(line.kind == "bullet" or BULLET.match(line.text) for line in lines)
    results: list[dict] = []  # text: pieces; items: [pieces]
    for line in lines:
        bullet = line.kind == "bullet" or bool(BULLET.match(line.text))
        text = BULLET.sub("", line.text) if bullet else line.text
        depth, rest, _ = _numbered(line) if not bullet else (None, text, None)
        if bullet or not marked or not results:
            results.append({"text": [text], "items": [], "date": None})
        elif depth is not None:
            results[-1]["items"].append([rest])
        elif results[-1]["items"] and (m := DATE_SUFFIX.fullmatch(" " + text)) and thai.find_dates(m.group("date")):
            results[-1]["date"] = thai.thai_date(thai.find_dates(m.group("date"))[0][0])
        elif results[-1]["items"]:
            results[-1]["items"][-1].append(text)
        else:
            results[-1]["text"].append(text)
    out: list[dict | str] = []
    for result in results:
        text = " ".join(result["text"])
        if result["items"]:
            head = _with_date(text) if not result["date"] else text
            item = {"text": head["text"], "date": head["date"]} if isinstance(head, dict) else {"text": head}
            if result["date"]:
                item["date"] = result["date"]
            out.append({**item, "items": [" ".join(pieces) for pieces in result["items"]]})
        else:
            out.append(_with_date(text))
    return out


def split_rounds(results: list, round_number: int, fiscal_year: int) -> tuple[list, list, list]:
    """Round 1's report holds round 1's results. A 12-month report's results go to the half of the
    year their dates say (October–March round1, April–September round2); an undated one stays with
    the one before it. Also returns the results that stood among the other half's in the file (the
    order of the rebuilt cell differs there, so the person is told)."""
    if round_number == 1:
        return results, [], []
    year = thai.FiscalYear(fiscal_year)
    second_half = thai.Round(year, 2)
    halves: tuple[list, list] = ([], [])
    moved, half = [], 0
    for result in results:
        date = thai.parse_date(result["date"]) if isinstance(result, dict) and result.get("date") else None
        if date is not None and date in year:
            dated = 1 if date in second_half else 0
            if dated == 0 and halves[1]:
                moved.append(result)
            half = dated
        halves[half].append(result)
    return halves[0], halves[1], moved


# ---------------------------------------------------------------- the heading and the memo

ORG = re.compile(r"(องค์การบริหารส่วนตำบล|องค์การบริหารส่วนจังหวัด|เทศบาลตำบล|เทศบาลเมือง|เทศบาลนคร)\s*([^\s.]+)")
DISTRICT = re.compile(r"อำเภอ\s*([^\s.]+)")
PROVINCE = re.compile(r"จังหวัด\s*([^\s.()]+)")
FISCAL_YEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\s*\.\s*ศ\s*\.)?\s*([0-9๐-๙]{4})")
ROUND = re.compile(r"รอบ\s*([0-9๐-๙]{1,2})\s*เดือน")


def _strip_dots(text: str) -> str:
    return _clean(DOTS.sub(" ", text))


def read_heading(paragraphs: list[str]) -> dict:
    text = " ".join(_strip_dots(p) for p in paragraphs)
    found: dict = {}
    if m := ORG.search(text):
        found["organisation"] = m.group(1) + m.group(2)
    if m := DISTRICT.search(text):
        found["district"] = m.group(1)
    if m := PROVINCE.search(text):
        found["province"] = m.group(1)
    if m := FISCAL_YEAR.search(text):
        found["fiscal_year"] = int(thai.to_arabic_digits(m.group(1)))
    if m := ROUND.search(text):
        found["round"] = 1 if thai.to_arabic_digits(m.group(1)) == "6" else 2
    return found


def read_memo(paragraphs: list[str], organisation: str | None) -> dict:
    """The memo's fields and signers, from its paragraphs in the official layout."""
    memo: dict = {"department": "", "code": "", "number": "", "date": "", "to": "", "writer": None, "reviewers": []}
    lines = [_strip_dots(p.replace("\t", " ")) for p in paragraphs]
    role = None
    signer: dict | None = None
    for i, line in enumerate(lines):
        if line.startswith("ส่วนราชการ"):
            rest = line[len("ส่วนราชการ"):].strip()
            if organisation and organisation in rest:
                rest = rest[:rest.index(organisation)].strip()
            memo["department"] = rest
        elif m := re.match(r"^ที่\s*(.*?)\s*วันที่\s*(.*)$", line):
            reference, date = m.group(1), m.group(2).strip()
            if r := re.match(r"^([^\s0-9๐-๙/]*)\s*([^/]*)/?", reference):
                memo["code"], memo["number"] = r.group(1), r.group(2).strip()
            found = thai.find_dates(date)
            memo["date"] = thai.thai_date(found[0][0]) if found else ""
        elif line.startswith("เรียน") and not memo["to"]:
            memo["to"] = line[len("เรียน"):].strip()
        elif line.startswith("ความเห็น"):
            role = line[len("ความเห็น"):].strip() or None
            signer = None
        elif m := re.fullmatch(r"\((.+)\)", line):
            signer = {"name": m.group(1).strip()}
            if memo["writer"] is None:
                memo["writer"] = signer
            else:
                if role:
                    signer = {"role": role, **signer}
                memo["reviewers"].append(signer)
            role = None
        elif signer is not None and line:
            if "position" not in signer:
                acting = re.search(r"\s*รักษา(?:ราชการ|การ)แทน$", line)
                signer["position"] = line[:acting.start()] if acting else line
                if acting:
                    signer["acting_for"] = ""
            elif signer.get("acting_for") == "":
                signer["acting_for"] = line
            else:
                signer = None
    for person in [memo["writer"], *memo["reviewers"]]:
        if person is not None and not person.get("acting_for"):
            person.pop("acting_for", None)
    return memo


# ---------------------------------------------------------------- the memo's Garuda

_VML = "{urn:schemas-microsoft-com:vml}"
_OFFICE = "{urn:schemas-microsoft-com:office:office}"
MEMO_TITLE = "บันทึกข้อความ"
EMBLEM_NAME = "emblem"


@dataclass
class Picture:
    """The memo's Garuda as the Word file holds it: its bytes and its real format ("png", "emf"...)."""

    data: bytes
    extension: str

    @property
    def usable(self) -> bool:
        """The tool puts PNG and JPEG on the memo (files.check_image)."""
        return self.extension in ("png", "jpg")


def picture_format(data: bytes) -> str | None:
    """An image's format by its first bytes, never by its name: the extension to save it under."""
    kind = files.image_kind(data)
    if kind:
        return {"image/png": "png", "image/jpeg": "jpg"}[kind]
    signatures = ((b"GIF87a", "gif"), (b"GIF89a", "gif"), (b"BM", "bmp"), (b"II*\0", "tif"), (b"MM\0*", "tif"),
                  (b"\xd7\xcd\xc6\x9a", "wmf"), (b"\x01\x00\x09\x00", "wmf"), (b"\x02\x00\x09\x00", "wmf"))
    if data[40:44] == b" EMF" and data.startswith(b"\x01\0\0\0"):
        return "emf"
    return next((ext for mark, ext in signatures if data.startswith(mark)), None)


def _pictures(element):
    """(relationship id, link) of each picture in `element`, in document order: DrawingML's a:blip
    (r:embed: link None; r:link, a picture linked to a file outside: link "") and VML's v:imagedata
    (r:id; or only o:href, a link written in place: None and the link). A picture both linked and
    saved in the file is read from the file."""
    for node in element.iter(qn("a:blip"), f"{_VML}imagedata"):
        if node.tag == qn("a:blip"):
            embed, link, href = node.get(qn("r:embed")), node.get(qn("r:link")), None
        else:
            embed, link, href = node.get(qn("r:id")), None, node.get(f"{_OFFICE}href")
        if embed:
            yield embed, None
        elif link:
            yield link, ""
        elif href:
            yield None, href


def _memo_place(body, tables: list):
    """The body's top-level elements around the memo (between the measure tables read, the memo's
    title or first field among them) and the section properties of its page, or None without a memo."""
    read = set(map(id, tables))
    children = [child for child in body if child.tag != qn("w:sectPr")]
    title = field_at = None  # where the memo's title is, else its first field (ส่วนราชการ)
    for i, child in enumerate(children):
        if id(child) in read:
            continue
        for paragraph in child.iter(qn("w:p")):
            text = re.sub(r"\s", "", _paragraph_text(paragraph))
            if text.startswith(MEMO_TITLE):
                title = i
                break
            if field_at is None and text.startswith("ส่วนราชการ"):
                field_at = i
        if title is not None:
            break
    at = title if title is not None else field_at
    if at is None:
        return None
    start, end = at, at + 1
    while start > 0 and id(children[start - 1]) not in read:
        start -= 1
    while end < len(children) and id(children[end]) not in read:
        end += 1
    section = next((c.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for c in children[at:]
                    if c.tag == qn("w:p") and c.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None),
                   body.find(qn("w:sectPr")))
    return children[start:end], section


def _headers(document, section) -> list:
    """The header parts of a section, the first page's first when it has its own."""
    if section is None:
        return []
    kinds = ("first", "default", "even") if section.find(qn("w:titlePg")) is not None else ("default", "first", "even")
    references = {ref.get(qn("w:type"), "default"): ref.get(qn("r:id")) for ref in section.findall(qn("w:headerReference"))}
    parts = []
    for kind in kinds:
        rel = document.part.rels.get(references.get(kind, ""))
        if rel is not None and not rel.is_external:
            parts.append(rel.target_part)
    return parts


def read_emblem(document, path: Path, tables: list) -> tuple[Picture | None, list[Problem]]:
    """The memo's Garuda: the first picture of the memo's part of the body, else of its page's
    header. A picture linked to a file outside the .docx is never fetched; one too large or damaged
    is left behind; each is said. None, and nothing said, when the file has no memo or no picture."""
    from .wordfile import picture_part

    source = display_path(path)
    place = _memo_place(document.element.body, tables)
    if place is None:
        return None, []
    elements, section = place
    owners = [(document.part, element) for element in elements]
    owners += [(part, part.element) for part in _headers(document, section)]
    for part, element in owners:
        for rid, link in _pictures(element):
            rel = part.rels.get(rid) if rid is not None else None
            if rel is None and rid is not None:  # a reference to nothing: not a picture after all
                continue
            if rel is None or link is not None or rel.is_external:
                target = thai.clip(link if rel is None else rel.target_ref, 80)
                return None, [Problem(
                    "import-emblem-linked", f"รูปตราครุฑในบันทึกข้อความเป็นรูปที่ลิงก์ไปยังไฟล์ภายนอก “{target}” ไม่ได้อยู่ในไฟล์ Word "
                    "จึงไม่ได้ดึงมา ให้นำไฟล์รูปตราครุฑ (.png หรือ .jpg) มาไว้ในโฟลเดอร์รายงาน แล้วระบุที่ memo.emblem ใน report.yaml",
                    f"The memo's Garuda is a picture linked to '{target}' outside the Word file, so it was not fetched: "
                    "put the Garuda image (.png or .jpg) in the report folder and name it in memo.emblem in report.yaml.",
                    file=source, severity="warning")]
            name = str(rel.target_part.partname).lstrip("/")
            try:
                data = picture_part(path, name, files.MAX_EMBLEM_BYTES)
                extension = picture_format(data)
                if extension in ("png", "jpg"):
                    files.check_image(data, name)
            except files.Refused as refused:
                return None, [Problem(
                    "import-emblem-unusable", f"ไม่ได้นำรูปตราครุฑในบันทึกข้อความมาด้วย: {refused.th} ให้นำไฟล์รูปตราครุฑ "
                    "(.png หรือ .jpg) มาไว้ในโฟลเดอร์รายงาน แล้วระบุที่ memo.emblem ใน report.yaml",
                    f"The memo's Garuda was not brought along: {refused.en} Put the Garuda image (.png or .jpg) in the "
                    "report folder and name it in memo.emblem in report.yaml.", file=source, severity="warning")]
            if extension is None:
                return None, [Problem(
                    "import-emblem-unusable", "ไม่ได้นำรูปตราครุฑในบันทึกข้อความมาด้วย: ไม่รู้จักชนิดของรูป ให้บันทึกรูปจาก Word "
                    "เป็น .png แล้วนำมาไว้ในโฟลเดอร์รายงาน และระบุที่ memo.emblem ใน report.yaml",
                    "The memo's Garuda was not brought along: its image format is unknown. Save the picture from Word "
                    "as .png into the report folder and name it in memo.emblem in report.yaml.", file=source,
                    severity="warning")]
            return Picture(data, extension), []
    return None, []


def _free_name(folder: Path | None, picture: Picture) -> str | None:
    """A name for the picture in `folder` that replaces no other file: emblem.png, else emblem-2.png...
    (a file already there with the same bytes keeps its name)."""
    for n in range(1, 100):
        name = f"{EMBLEM_NAME}{'' if n == 1 else f'-{n}'}.{picture.extension}"
        path = folder / name if folder is not None else None
        if path is None or not os.path.lexists(path):
            return name
        try:
            if not path.is_symlink() and files.read_regular(path, len(picture.data)) == picture.data:
                return name
        except (files.Refused, OSError):
            pass
    return None


def _emblem_placed(picture: Picture, folder: Path | None, source: str) -> tuple[str | None, dict[str, bytes], Problem]:
    """memo.emblem, the file to write and what to say of it."""
    name = _free_name(folder, picture)
    if name is None:
        return None, {}, Problem(
            "import-emblem-unusable", f"ไม่ได้นำรูปตราครุฑในบันทึกข้อความมาด้วย: ในโฟลเดอร์มีไฟล์ชื่อ {EMBLEM_NAME}-*.{picture.extension} "
            "เต็มแล้ว ให้ใช้โฟลเดอร์ใหม่", f"The memo's Garuda was not brought along: the folder is full of "
            f"{EMBLEM_NAME}-*.{picture.extension} files. Use a new folder.", file=source, severity="warning")
    if not picture.usable:
        return None, {name: picture.data}, Problem(
            "import-emblem-format", f"รูปตราครุฑในบันทึกข้อความเป็นรูปชนิด {picture.extension.upper()} ซึ่งโปรแกรมใส่ในบันทึกไม่ได้ "
            f"จึงบันทึกไว้เป็น {name} ให้เปิดแล้วบันทึกใหม่เป็น .png แล้วระบุชื่อไฟล์ที่ memo.emblem ใน report.yaml",
            f"The memo's Garuda is a {picture.extension.upper()} picture, which the tool cannot put on the memo: it "
            f"is saved as {name}. Open it, save it as .png, and name that file in memo.emblem in report.yaml.",
            file=source, severity="warning")
    return name, {name: picture.data}, Problem(
        "import-emblem", f"นำรูปตราครุฑในบันทึกข้อความมาไว้เป็น {name} และระบุที่ memo.emblem แล้ว",
        f"The memo's Garuda is saved as {name} and named in memo.emblem.", file=source, severity="note")


# ---------------------------------------------------------------- the whole file

def _digits(drafts: list[Draft]) -> str:
    text = " ".join(line.text for d in drafts for lines in d.cells.values() for line in lines)
    text = re.sub(r"\S+://\S+|\S+@\S+|[A-Za-z]+\d+", "", text)
    arabic = len(re.findall(r"[0-9]", text))
    return "arabic" if arabic > len(re.findall(r"[๐-๙]", text)) else "thai"


def read_docx(path: Path, fiscal_year: int | None = None, round_number: int | None = None,
              folder: Path | None = None) -> Imported:
    """The report in the Word file at `path`, to be written into `folder` (where the Garuda's file
    takes a name no file there has)."""
    from .wordfile import open_document

    source = display_path(path)
    document = open_document(path, "import")
    numbering = _Numbering(document, source)
    drafts, problems, tables = read_tables(document, numbering, source)
    if not drafts:
        raise UserError(problems + [Problem(
            "import-no-table", "ไม่พบตารางรายงานมาตรการ (หัวคอลัมน์ มาตรการ/แนวทาง วิธีการดำเนินการ ผู้รับผิดชอบ ...) ในไฟล์นี้",
            "No measure table (headers มาตรการ/แนวทาง วิธีการดำเนินการ ผู้รับผิดชอบ ...) in this file.", file=source)])
    outside = [_paragraph_text(p) for p in document.element.body.findall(qn("w:p"))]
    heading = read_heading(outside)
    year = fiscal_year or heading.get("fiscal_year")
    if year is None:
        raise UserError(problems + [Problem(
            "import-no-year", "ไม่พบปีงบประมาณในไฟล์ ให้สั่งพร้อม --fiscal-year เช่น --fiscal-year 2565",
            "No fiscal year found in the file: give --fiscal-year, e.g. --fiscal-year 2565.", file=source)])
    number = round_number or heading.get("round") or 1
    organisation = heading.get("organisation", "")
    memo = read_memo(outside, organisation)
    for key, label in (("organisation", "ชื่อหน่วยงาน"), ("district", "อำเภอ"), ("province", "จังหวัด")):
        if not heading.get(key):
            problems.append(Problem("import-missing", f"ไม่พบ{label}ในไฟล์ ให้กรอกใน report.yaml",
                                    f"No {key} found in the file: fill it in report.yaml.", file=source, severity="warning"))
    if memo["writer"] is None:
        problems.append(Problem("import-no-memo", "ไม่พบบันทึกข้อความนำส่ง (ผู้จัดทำและผู้ให้ความเห็น) ในไฟล์ ให้กรอกส่วน memo "
                                "ใน report.yaml", "No cover memo (writer and reviewers) in the file: fill memo in report.yaml.",
                                file=source, severity="warning"))
    picture, said = read_emblem(document, path, tables)
    problems += said
    emblem: str | None = None
    pictures: dict[str, bytes] = {}
    if picture is not None:
        emblem, pictures, note = _emblem_placed(picture, folder, source)
        problems.append(note)
    report = {
        "org": {"name": organisation, "district": heading.get("district", ""), "province": heading.get("province", "")},
        "fiscal_year": year, "round": number,
        "settings": {"digits": "arabic"} if _digits(drafts) == "arabic" else None,
        "memo": {**memo, "emblem": emblem, "writer": memo["writer"] or {"name": "", "position": ""}},
    }
    measures = []
    for i, draft in enumerate(drafts, 1):
        cells = draft.cells
        round1, round2, moved = split_rounds(results_of(cells["results"]), number, year)
        for result in moved:
            problems.append(Problem(
                "import-result-half", f"ผล “{thai.clip(result['text'], 60)}” ลงวันที่ {result['date']} (ต.ค. – มี.ค.) แต่อยู่ต่อจากผลของ "
                "เม.ย. – ก.ย. ในไฟล์: นำไปไว้ใน round1 ตามวันที่ ตรวจลำดับในไฟล์ measure-"
                f"{i:02d}.yaml", f"The result '{thai.clip(result['text'], 60)}' is dated {result['date']} (Oct–Mar) but stood after "
                f"April–September results in the file: put under round1 as its date says; check the order in "
                f"measure-{i:02d}.yaml.", file=source, field=draft.where, severity="warning"))
        title = title_of(cells["measure"])
        if not title:
            problems.append(Problem("import-no-title", "แถวนี้ไม่มีชื่อมาตรการ ให้กรอก title ในไฟล์มาตรการ",
                                    "This row has no measure title: fill title in the measure file.", file=source,
                                    field=draft.where, severity="warning"))
        slips: list[Slip] = []
        steps = steps_of(cells["steps"], slips)
        problems += [_slip_problem(slip, f"measure-{i:02d}.yaml", source, draft.where) for slip in slips]
        measures.append({
            "file": f"measure-{i:02d}.yaml", "title": title, "steps": steps,
            "owners": [line.text for line in cells["owners"]], "period": [line.text for line in cells["period"]] or None,
            "round1": round1, "round2": round2, "suggestions": [BULLET.sub("", line.text) for line in cells["suggestions"]],  # the tool marks several
        })
    return Imported(report, measures, problems, pictures)

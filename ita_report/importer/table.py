"""Reading the Word file's tables: the XML of rows and cells, Word's own numbering, and the state
machine that finds header rows and joins a measure split over rows, tables or pages."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import thai
from ..content import COLUMN_NAMES, MAX_CELL_LINES
from ..ooxml import qn
from ..problems import Problem, UserError
from .cells import HEADER_WORDS, CellParagraph, Draft, clean
from .text import typed_number

if TYPE_CHECKING:
    from lxml import etree


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


class Numbering:
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


def paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_lines(tc, numbering: Numbering) -> list[CellParagraph]:
    lines = []
    for paragraph in tc.iter(qn("w:p")):
        level, kind = numbering.of(paragraph)
        for i, piece in enumerate(paragraph_text(paragraph).split("\n")):
            text = clean(piece)
            if text:
                lines.append(CellParagraph(text, level if i == 0 else None, kind if i == 0 else None))
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
    """The columns a header row names, or None. A row with a numbered cell ("๑. มาตรการ…") is a measure's,
    however much its words look like headings (a measure titled "มาตรการ")."""
    found: dict[int, str] = {}
    texts = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for _, tc, _ in cells]
    if any(typed_number(text) for text in texts):
        return None
    for (column, tc, _), text in zip(cells, texts):
        name = header_column(text)
        if name and name not in found.values():
            found[column] = name
    return found if len(found) >= 3 and {"measure", "steps"} & set(found.values()) else None


def _is_column_numbers(texts: list[str]) -> bool:
    """A row of column numbers under the header: (1) (2) (3)..."""
    return bool(texts) and all(re.fullmatch(r"\(?[0-9๐-๙]{1,2}\)?", t) for t in texts if t) and any(texts)


def read_tables(document, numbering: Numbering, source: str) -> tuple[list[Draft], list[Problem], list]:
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
                    headers = {c: clean("".join(x.text or "" for x in tc.iter(qn("w:t")))) for c, tc, _ in cells}
                    for column, text in headers.items():
                        if column not in mapping and text:
                            problems.append(Problem(
                                "import-unmapped-column",
                                f"ไม่รู้จักคอลัมน์ “{text}” ข้อความในคอลัมน์นี้จึงไม่ได้นำเข้า (จะแจ้งทีละช่องด้านล่าง)",
                                f"Unknown column '{text}': its text is not imported (each cell is listed below).",
                                file=source, field=f"ตาราง {t} คอลัมน์ {column + 1}", severity="warning"))
                    continue
                texts = [clean("".join(x.text or "" for x in tc.iter(qn("w:t")))) for _, tc, _ in cells]
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
    by_column: dict[str, list[CellParagraph]] = {}
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

"""Word reports as agencies type them, made from the example's real text in the layouts import must
read: the seed's (table, then memo), columns reordered with an extra column, one table per measure
with the header repeated and a measure running over two tables, merged cells, Word's own numbering
and bullets, Arabic digits."""
from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml.parser import parse_xml

from ita_report import thai
from ita_report.content import COLUMNS, Document

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
HEADERS = {"measure": "มาตรการ/แนวทาง", "steps": "วิธีการดำเนินการ", "owners": "ผู้รับผิดชอบ",
           "period": "ระยะเวลาดำเนินการ", "results": "ผลการดำเนินงาน", "suggestions": "ข้อเสนอแนะ"}
LIST_NUMBER, LIST_BULLET = "5", "1"  # numIds of python-docx's default template: decimal, bullet


def p(text: str, style: str | None = None, num: tuple[str, int] | None = None) -> str:
    ppr = ""
    if style or num:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + (
            f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "") + "</w:pPr>"
    runs = "<w:r><w:tab/></w:r>".join(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
                                      for part in text.split("\t"))
    return f"<w:p>{ppr}{runs}</w:p>"


def tc(paragraphs: str, merge: str | None = None, span: int = 1) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (f'<w:vMerge w:val="{merge}"/>' if merge == "restart"
                                                                        else "<w:vMerge/>" if merge else "")
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs or '<w:p/>'}</w:tc>"


def tbl(rows: list[str], columns: int) -> str:
    grid = "".join('<w:gridCol w:w="1500"/>' for _ in range(columns))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def header_row(order: list[str]) -> str:
    return "<w:tr>" + "".join(tc(p(HEADERS.get(c, c))) for c in order) + "</w:tr>"


def typed(lines) -> str:
    return "".join(p(line.text) for line in lines)


def numbered(column: str, lines) -> str:
    """The cell as a person using Word's lists types it: numbers and dashes made by Word."""
    out = []
    for line in lines:
        text = line.text
        if column in ("steps", "measure") and (m := re.match(r"^[0-9๐-๙.]+\.?\s+", text)):
            out.append(p(text[m.end():], "ListNumber", (LIST_NUMBER, line.level)))
        elif column == "results" and text.startswith("- "):
            out.append(p(text[2:], "ListBullet", (LIST_BULLET, 0)))
        elif column == "results" and line.level and (m := re.match(r"^[0-9๐-๙]+\.\s+", text)):
            out.append(p(text[m.end():], "ListNumber", (LIST_NUMBER, 1)))
        else:
            out.append(p(text))
    return "".join(out)


def memo_paragraphs(memo: Document) -> str:
    out = []
    for block in memo.blocks:
        if block.kind in ("field", "subject"):
            out.append(p("\t".join(f"{label} {value}".strip() for label, value in zip(block.parts[0::2], block.parts[1::2]))))
        else:
            out.append(p(" ".join(block.parts)))
    return "".join(out)


def write(path: Path, table: Document, memo: Document | None, layout: str) -> Path:
    document = docx.Document()
    body = document.element.body
    parts = [p(" ".join(b.parts)) for b in table.blocks]
    rows = table.rows
    cell = numbered if layout == "word-lists" else (lambda column, lines: typed(lines))
    if layout in ("seed", "word-lists", "arabic"):
        parts.append(tbl([header_row(list(COLUMNS))] + [
            "<w:tr>" + "".join(tc(cell(c, row.cells[c])) for c in COLUMNS) + "</w:tr>" for row in rows], 6))
    elif layout == "reordered":
        order = ["steps", "measure", "งบประมาณ (บาท)", "results", "owners", "period", "suggestions"]
        body_rows = []
        for i, row in enumerate(rows):
            body_rows.append("<w:tr>" + "".join(
                tc(p(f"{(i + 1) * 10000:,}") if i == 1 else "") if c == "งบประมาณ (บาท)" else tc(typed(row.cells[c]))
                for c in order) + "</w:tr>")
        parts.append(tbl([header_row(order)] + body_rows, 7))
    elif layout == "split":
        for i, row in enumerate(rows):
            if i == 2:  # this measure runs over two tables (a page break): the second has no header
                half = len(row.cells["steps"]) // 2
                first = "<w:tr>" + "".join(tc(typed(row.cells[c] if c != "steps" else row.cells[c][:half]))
                                           if c in ("measure", "steps") else tc("") for c in COLUMNS) + "</w:tr>"
                rest = "<w:tr>" + "".join(tc("") if c == "measure" else tc(typed(row.cells[c][half:] if c == "steps"
                                                                                 else row.cells[c])) for c in COLUMNS) + "</w:tr>"
                parts.append(tbl([header_row(list(COLUMNS)), first], 6))
                parts.append(p(""))
                parts.append(tbl([rest], 6))
            else:
                parts.append(tbl([header_row(list(COLUMNS)),
                                  "<w:tr>" + "".join(tc(typed(row.cells[c])) for c in COLUMNS) + "</w:tr>"], 6))
            parts.append(p(""))
    elif layout == "merged":
        body_rows = [header_row(list(COLUMNS)), "<w:tr>" + "".join(tc(p(f"({i})")) for i in range(1, 7)) + "</w:tr>"]
        for row in rows:
            results = row.cells["results"]
            half = max(1, len(results) // 2)
            body_rows.append("<w:tr>" + "".join(
                tc(typed(row.cells[c]), merge="restart") if c == "measure" else
                tc(typed(results[:half])) if c == "results" else tc(typed(row.cells[c])) for c in COLUMNS) + "</w:tr>")
            body_rows.append("<w:tr>" + "".join(
                tc("", merge="continue") if c == "measure" else tc(typed(results[half:])) if c == "results" else tc("")
                for c in COLUMNS) + "</w:tr>")
        parts.append(tbl(body_rows, 6))
    else:
        raise ValueError(layout)
    if memo is not None:
        parts.append(memo_paragraphs(memo))
    if layout == "arabic":
        parts = [thai.to_arabic_digits(part) for part in parts]
    for element in parse_xml(f"<w:body {NS}>{''.join(parts)}</w:body>"):
        body.insert(len(body) - 1, element)
    document.save(str(path))
    return path

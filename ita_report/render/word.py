"""Lays a derived Document out in a Word template (.docx) and returns the file's bytes.

The template carries the look (page, margins, styles with every Thai property, column widths, the
header row); this module only adds paragraphs in the template's styles where the template says:
the paragraph `{{ content }}` takes the blocks, a paragraph `{{ name }}` (in a form's box, say) the
blocks of the document's place of that name, and the table row whose cells hold `{{ measure }}`,
`{{ steps }}` ... is repeated once per measure. A table may have more than one such row: the one
holding `{{ group }}` lays out group rows, the one holding `{{ total }}` the total row (the analysis's
tools and overall score). A `table:` block moves the filled table to its place, a `chart:` block
gets the document's chart. The file's bytes are written by package.py (the rows streamed in there);
the whole report, memo then table, is joined by joined.py."""
from __future__ import annotations

import copy
import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.shared import Cm
from lxml import etree

from ..content import Block, Document, Line, Row
from ..thai import CONTROL_CHARS
from ..problems import Problem, UserError, display_path
from .joined import joined
from .package import ROWS_MARK, Package, files, saved

KIND_STYLES = {
    "title": "ITATitle", "field": "ITAField", "subject": "ITASubject", "plain": "ITAPlain",
    "body": "ITABody", "sign": "ITASignature", "comment": "ITAComment", "space": "Normal", "gap": "ITAGap",
    "heading": "ITAHeading", "subheading": "ITASubheading", "item": "ITAItem", "detail": "ITADetail",
    "table": "Normal", "chart": "ITAChart",  # places: the table and the chart go there
}
FIELD_PAIR_STYLE = "ITAFieldPair"


def style_of(kind: str) -> str:
    """A paragraph kind's style: the table above, else "ITA" and the kind ("date" → ITADate)."""
    return KIND_STYLES.get(kind) or f"ITA{kind.capitalize()}"

LABEL_STYLE = "ITALabel"
CELL_SUB_STYLE = "ITACellSub"
CONTENT_MARKER = "{{ content }}"
_MARKER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class EmblemPlace:
    """Where the Garuda goes: its height, its top edge below the paper's, across the text column at
    its left edge or centred, held by the first paragraph of the given kind."""

    height: int  # EMU
    from_top: int  # EMU, from the paper's top edge
    centred: bool = False
    anchor: str = "title"


MEMO_EMBLEM = EmblemPlace(Cm(1.5), Cm(1.5))  # the memo: 1.5 cm, at the left margin, beside the title


def _text(value: str) -> str:
    """Text as a document holds it: without the control characters XML cannot carry, and with line
    ends as an XML parser reads them (a carriage return alone or before a line feed is a line feed)."""
    return CONTROL_CHARS.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


def _text_of(element) -> str:
    """The text of a paragraph, row or cell as Word shows it (its runs' w:t joined)."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _add_text(run, text: str) -> None:
    """A w:t holding `text` (spaces kept) at the end of the run."""
    t = etree.SubElement(run, qn("w:t"))
    t.text = _text(text) or None  # None: an empty w:t is written <w:t/>, as Word does
    t.set(qn("xml:space"), "preserve")


def _add_run(paragraph, text: str, style: str | None = None) -> None:
    if not text:
        return
    run = etree.SubElement(paragraph, qn("w:r"))
    if style:
        etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:rStyle")).set(qn("w:val"), style)
    _add_text(run, text)


def _add_tab(paragraph) -> None:
    etree.SubElement(etree.SubElement(paragraph, qn("w:r")), qn("w:tab"))


def _paragraph(block: Block):
    """A block as a w:p in its style: a field's labels in the label style, a tab after each pair."""
    style = style_of(block.kind)
    p = OxmlElement("w:p")
    ppr = etree.SubElement(p, qn("w:pPr"))
    etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style)
    if block.kind in ("field", "subject"):
        pairs = list(zip(block.parts[0::2], block.parts[1::2] + ("",) * (len(block.parts) % 2)))
        if len(pairs) > 1 and block.kind == "field":
            ppr[0].set(qn("w:val"), FIELD_PAIR_STYLE)
        for label, value in pairs:
            _add_run(p, label, LABEL_STYLE)
            _add_run(p, f" {value}" if value else "")
            _add_tab(p)
    elif block.kind == "comment":
        _add_run(p, block.parts[0])
        _add_tab(p)
    else:
        for part in block.parts:
            _add_run(p, part)
    return p


class _Template:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.doc = docx.Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
            raise self.error("template-unreadable", f"เปิดแม่แบบไม่ได้ ({exc})", f"Cannot open the template ({exc}).")
        self.styles = {s.get(qn("w:styleId")) for s in self.doc.styles.element.findall(qn("w:style"))}

    def error(self, code: str, th: str, en: str) -> UserError:
        return UserError([Problem(code, th, en, file=display_path(self.path))])

    def need_styles(self, names) -> None:
        missing = sorted(set(names) - self.styles)
        if missing:
            raise self.error("template-style", f"แม่แบบไม่มีสไตล์ {', '.join(missing)} ที่ต้องใช้",
                             f"The template lacks the styles {', '.join(missing)}.")

    def content_paragraph(self, marker: str = CONTENT_MARKER):
        for p in self.doc.element.body.iter(qn("w:p")):
            if _text_of(p).strip() == marker:
                return p
        raise self.error("template-marker", f"แม่แบบไม่มีย่อหน้า {marker} ที่บอกตำแหน่งเนื้อหา",
                         f"The template has no {marker} paragraph to mark where the content goes.")


def _set_font(doc, font: str) -> None:
    """The configured Thai font replaces the template's main font in every slot where it appears."""
    styles = doc.styles.element
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    old = default.get(qn("w:cs")) if default is not None else None
    if not font or font == old:
        return
    for fonts in styles.iter(qn("w:rFonts")):
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            if fonts.get(qn(slot)) in (old, None) or fonts is default:
                fonts.set(qn(slot), font)


def _insert_blocks(tpl: _Template, blocks: tuple[Block, ...], where: str = CONTENT_MARKER) -> list:
    marker = tpl.content_paragraph(where)
    fields = [b for b in blocks if b.kind in ("field", "subject")]
    tpl.need_styles({style_of(b.kind) for b in blocks} | ({LABEL_STYLE} if fields else set())
                    | ({FIELD_PAIR_STYLE} if any(b.kind == "field" and len(b.parts) > 2 for b in fields) else set()))
    if not blocks and marker.getparent().tag == qn("w:tc"):  # a cell keeps a paragraph, as Word requires
        for run in marker.findall(qn("w:r")):
            marker.remove(run)
        return []
    elements = [_paragraph(b) for b in blocks]
    for element in elements:
        marker.addprevious(element)
    marker.getparent().remove(marker)
    return elements


# ---------------------------------------------------------------- the measure table

ROW_KIND_MARKERS = ("group", "total")  # a prototype row holding one of these lays out rows of that kind


def _prototype_rows(tpl: _Template) -> tuple[etree._Element, dict[str, etree._Element]]:
    """The first table with prototype rows (those holding markers), and its rows by the kind of row
    they lay out."""
    for tbl in tpl.doc.element.body.iter(qn("w:tbl")):
        rows = [tr for tr in tbl.findall(qn("w:tr")) if _MARKER.search(_text_of(tr))]
        if rows:
            kinds: dict[str, etree._Element] = {}
            for tr in rows:
                markers = set(_MARKER.findall(_text_of(tr)))
                kinds.setdefault(next((k for k in ROW_KIND_MARKERS if k in markers), "item"), tr)
            return tbl, kinds
    raise tpl.error("template-table", "แม่แบบตารางไม่มีแถวต้นแบบที่มี {{ measure }} {{ steps }} ...",
                    "The table template has no prototype row holding {{ measure }} {{ steps }} ...")


class _CellFormat:
    """What a prototype cell looks like: its properties, and a paragraph to repeat for each line
    (one for a line, one for a sub-line, one for an empty cell), as elements to copy."""

    def __init__(self, tc, tpl: _Template, columns: tuple[str, ...]):
        paragraph = next((p for p in tc.iter(qn("w:p")) if _MARKER.search(_text_of(p))), None)
        marker = _MARKER.search(_text_of(paragraph)) if paragraph is not None else None
        self.column = marker.group(1) if marker else None
        if self.column is not None and self.column not in columns:
            raise tpl.error("template-column", f"แม่แบบตารางมีช่อง {{{{ {self.column} }}}} ที่ไม่รู้จัก ใช้ได้: {', '.join(columns)}",
                            f"Unknown table column {{{{ {self.column} }}}}; known: {', '.join(columns)}.")
        self.tc_pr = tc.find(qn("w:tcPr"))
        ppr = paragraph.find(qn("w:pPr")) if paragraph is not None else None
        sub = copy.deepcopy(ppr) if ppr is not None else OxmlElement("w:pPr")
        style = sub.find(qn("w:pStyle"))
        if style is None:
            style = OxmlElement("w:pStyle")
            sub.insert(0, style)
        style.set(qn("w:val"), CELL_SUB_STYLE)
        first_run = paragraph.find(qn("w:r")) if paragraph is not None else None
        r_pr = first_run.find(qn("w:rPr")) if first_run is not None else None
        self.empty = self._paragraph(ppr)
        self.line, self.sub_line = (self._paragraph(p_pr) for p_pr in (ppr, sub))
        for p in (self.line, self.sub_line):
            run = etree.SubElement(p, qn("w:r"))
            if r_pr is not None:
                run.append(copy.deepcopy(r_pr))
            _add_text(run, "")

    @staticmethod
    def _paragraph(p_pr):
        p = OxmlElement("w:p")
        if p_pr is not None:
            p.append(copy.deepcopy(p_pr))
        return p

    def add_cell(self, tr, lines: tuple[Line, ...]) -> None:
        """The cell of these lines at the end of the row. (copy.copy of an lxml element copies it
        whole, as deepcopy does, without deepcopy's memo: this runs once a line of the table.)"""
        tc = etree.SubElement(tr, qn("w:tc"))
        if self.tc_pr is not None:
            tc.append(copy.copy(self.tc_pr))
        for line in lines:
            p = copy.copy(self.sub_line if line.level else self.line)
            p[-1][-1].text = _text(line.text) or None  # the w:t of its run
            tc.append(p)
        if not lines:
            tc.append(copy.copy(self.empty))


ROWS_A_CHUNK = 2000  # lines of rows laid out and written at a time


class _Rows:
    """The derived rows of a table, laid out as the prototype rows say only when the file is written,
    a few at a time, so that a report of any size never holds its whole table as a tree."""

    def __init__(self, layouts: dict, rows: tuple[Row, ...]):
        self.layouts = layouts  # row kind → (its w:trPr or None, its cells' _CellFormat)
        self.rows = rows

    def chunks(self):
        """The rows in chunks, each a list of w:tr elements."""
        chunk, lines = [], 0
        for row in self.rows:
            tr_pr, cells = self.layouts[row.kind]
            tr = OxmlElement("w:tr")
            if tr_pr is not None:
                tr.append(copy.copy(tr_pr))  # whole: see add_cell
            for cell in cells:
                found = row.cells.get(cell.column, ()) if cell.column else ()
                cell.add_cell(tr, found)
                lines += len(found) + 1
            chunk.append(tr)
            if lines >= ROWS_A_CHUNK:
                yield chunk
                chunk, lines = [], 0
        if chunk:
            yield chunk


def _fill_table(tpl: _Template, document: Document):
    """Marks where the rows go, in place of the prototype rows; returns the table and its rows."""
    table, protos = _prototype_rows(tpl)
    layouts = {kind: (proto.find(qn("w:trPr")), [_CellFormat(tc, tpl, document.columns) for tc in proto.findall(qn("w:tc"))])
               for kind, proto in protos.items()}
    if any(line.level for row in document.rows for lines in row.cells.values() for line in lines):
        tpl.need_styles({CELL_SUB_STYLE})  # sub-steps are laid out in it
    missing = sorted({row.kind for row in document.rows} - set(layouts))
    if missing:
        raise tpl.error("template-table", f"แม่แบบตารางไม่มีแถวต้นแบบที่มี {{{{ {missing[0]} }}}}",
                        f"The table template has no prototype row holding {{{{ {missing[0]} }}}}.")
    first = next(iter(protos.values()))
    first.addprevious(etree.ProcessingInstruction(ROWS_MARK))
    for proto in protos.values():
        table.remove(proto)
    return table, _Rows(layouts, document.rows)


# ---------------------------------------------------------------- the memo's emblem

def _float_emblem(tpl: _Template, paragraph, emblem: Path, place: EmblemPlace) -> None:
    """The Garuda, as high as the place says, at the left margin or centred on the text column, its
    top edge the given distance below the paper's, in front of the text so the lines keep their place."""
    from docx.text.paragraph import Paragraph

    try:
        run = Paragraph(paragraph, tpl.doc).add_run()
        run.add_picture(str(emblem), height=place.height)
    except (UnrecognizedImageError, OSError) as exc:
        raise UserError([Problem("emblem-unreadable", f"อ่านรูปตราครุฑไม่ได้ ให้ใช้ไฟล์ .png หรือ .jpg ({exc})",
                                 f"Cannot read the emblem image: use a .png or .jpg file ({exc}).",
                                 file=display_path(emblem))]) from None
    inline: etree._Element | None = run.element.find(f".//{qn('wp:inline')}")
    parent = inline.getparent() if inline is not None else None
    if inline is None or parent is None:  # add_picture makes a run holding one
        raise ValueError("python-docx's picture run holds no wp:inline")
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"/>'
        '<wp:positionV relativeFrom="page"><wp:posOffset/></wp:positionV></wp:anchor>')
    horizontal = anchor[1]
    if place.centred:
        etree.SubElement(horizontal, qn("wp:align")).text = "center"
    else:
        etree.SubElement(horizontal, qn("wp:posOffset")).text = "0"
    anchor[2][0].text = str(int(place.from_top))
    children: dict[str, Any] = {etree.QName(c).localname: c for c in inline}
    anchor.append(children["extent"])
    effect = etree.SubElement(anchor, qn("wp:effectExtent"))
    for side in ("l", "t", "r", "b"):
        effect.set(side, "0")
    etree.SubElement(anchor, qn("wp:wrapNone"))
    for name in ("docPr", "cNvGraphicFramePr", "graphic"):
        anchor.append(children[name])
    parent.replace(inline, anchor)


# ---------------------------------------------------------------- the file

# Word's document properties hold at most 255 characters (python-docx refuses more).
MAX_PROPERTY = 255


def _properties(doc, document: Document) -> None:
    props = doc.core_properties
    title = document.title  # a long organisation name can make it longer: the document keeps it whole
    props.title = title if len(title) <= MAX_PROPERTY else title[:MAX_PROPERTY - 1].rstrip() + "…"
    props.author = "ita-report"
    props.last_modified_by = "ita-report"
    props.revision = 1
    # A fixed time from the data (never the build clock), so that the same input gives the same bytes.
    stamp = dt.datetime.combine(document.date or dt.date(2000, 1, 1), dt.time())
    props.created = stamp
    props.modified = stamp


def _fill(document: Document, template: Path, emblem: EmblemPlace = MEMO_EMBLEM):
    """The template filled with the document: the python-docx Document (the rows' place marked) and
    the rows to write there (None when it has no table)."""
    tpl = _Template(template)
    _set_font(tpl.doc, document.font)
    paragraphs = _insert_blocks(tpl, document.blocks)
    for name, blocks in document.places:
        _insert_blocks(tpl, blocks, f"{{{{ {name} }}}}")
    table, rows = _fill_table(tpl, document) if document.kind == "table" or document.rows else (None, None)
    for paragraph, block in zip(paragraphs, document.blocks):
        if block.kind == "table" and table is not None:
            paragraph.addprevious(table)  # the filled table moves to where the wording places it
            paragraph.getparent().remove(paragraph)
        elif block.kind == "chart" and document.chart is not None:
            from .chart import place_in_docx

            place_in_docx(tpl.doc, paragraph, document.chart)
    if document.emblem is not None:
        anchor = next((p for p, b in zip(paragraphs, document.blocks) if b.kind == emblem.anchor), paragraphs[0])
        _float_emblem(tpl, anchor, document.emblem, emblem)
    _properties(tpl.doc, document)
    return tpl.doc, rows


def render(document: Document, template: Path, emblem: EmblemPlace = MEMO_EMBLEM) -> bytes:
    """The document laid out in the template, as the .docx file's bytes."""
    doc, rows = _fill(document, template, emblem)
    return files([Package(saved(doc), doc.element.nsmap)], rows)[0]


def render_report(memo: Document, table: Document, memo_template: Path, table_template: Path) -> tuple[bytes, bytes, bytes]:
    """The memo, the table, and the whole report (the memo's pages, then the table's: see joined.py),
    as .docx files. The table's rows are laid out once for both files that hold them."""
    memo_file = render(memo, memo_template)
    doc, rows = _fill(table, table_template)
    table_package = Package(saved(doc), doc.element.nsmap)
    del doc
    table_file, report_file = files([table_package, joined(memo_file, table_package.data)], rows)
    return memo_file, table_file, report_file

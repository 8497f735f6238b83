"""Lays a derived Document out in a Word template (.docx) and returns the file's bytes.

The template carries the look (page, margins, styles with every Thai property, column widths, the
header row); this module only adds paragraphs in the template's styles where the template says:
the paragraph `{{ content }}` takes the blocks, a paragraph `{{ name }}` (in a form's box, say) the
blocks of the document's place of that name, and the table row whose cells hold `{{ measure }}`,
`{{ steps }}` ... is repeated once per measure. A table may have more than one such row: the one
holding `{{ group }}` lays out group rows, the one holding `{{ total }}` the total row (the analysis's
tools and overall score). A `table:` block moves the filled table to its place, a `chart:` block
gets the document's chart."""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Cm
from lxml import etree

from ..content import Block, Document, Line
from ..problems import Problem, UserError, display_path
from ..thai import CONTROL_CHARS

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
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


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
    """Text for XML (xml.sax.saxutils.escape would do, but importing it costs more than a build's work)."""
    return CONTROL_CHARS.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_of(element) -> str:
    """The text of a paragraph, row or cell as Word shows it (its runs' w:t joined)."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _run(text: str, style: str | None = None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    return f'<w:r>{rpr}<w:t>{_text(text)}</w:t></w:r>' if text else ""  # xml:space: _insert_before


_TAB = "<w:r><w:tab/></w:r>"


def _paragraph_xml(block: Block) -> str:
    style = style_of(block.kind)
    if block.kind in ("field", "subject"):
        pairs = list(zip(block.parts[0::2], block.parts[1::2] + ("",) * (len(block.parts) % 2)))
        if len(pairs) > 1 and block.kind == "field":
            style = FIELD_PAIR_STYLE
        runs = "".join(_run(label, LABEL_STYLE) + _run(f" {value}" if value else "") + _TAB for label, value in pairs)
    elif block.kind == "comment":
        runs = _run(block.parts[0]) + _TAB
    else:
        runs = "".join(_run(part) for part in block.parts)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>'


_OPENING = re.compile(r"^<[\w:]+")
_PREFIX = re.compile(r"([A-Za-z_][\w.-]*):[A-Za-z_]")
_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"


def _insert_before(document, anchor, elements) -> list:
    """The elements of the XML texts `elements` (each one element) placed before `anchor`, in order;
    returns them. Moving a parsed element into the document costs lxml time with the square of the
    element's size when its namespaces are declared on a parent left behind, or when it holds
    attributes of the XML namespace (lxml 6.1, measured: a row of one cell of 20,000 paragraphs took
    0.5 s to move, of 120,000, 2.1 s; a measure of 30,000 steps took 8 s to build). So each element
    declares the namespaces it uses itself (lxml drops them as redundant as it moves the element),
    and the w:t's xml:space="preserve" is set once they are in place, not written in the texts."""
    known = {k: v for k, v in document.element.nsmap.items() if k}

    def declared(element: str) -> str:
        decls = " ".join(f'xmlns:{k}="{known[k]}"' for k in sorted(set(_PREFIX.findall(element)) & known.keys()))
        return _OPENING.sub(lambda m: f"{m.group()} {decls}", element, count=1)

    placed = list(parse_xml("<fragment>" + "".join(declared(e) for e in elements) + "</fragment>"))
    for element in placed:
        anchor.addprevious(element)
        for text in element.iter(qn("w:t")):
            text.set(_PRESERVE, "preserve")
    return placed


_NS_DECL = re.compile(r'\s+xmlns:\w+="[^"]*"')


def _xml(element) -> str:
    return _NS_DECL.sub("", etree.tostring(element, encoding="unicode")) if element is not None else ""


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
    elements = _insert_before(tpl.doc, marker, (_paragraph_xml(b) for b in blocks))
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
    """What a prototype cell looks like, as XML text to repeat."""

    def __init__(self, tc, tpl: _Template, columns: tuple[str, ...]):
        paragraph = next((p for p in tc.iter(qn("w:p")) if _MARKER.search(_text_of(p))), None)
        marker = _MARKER.search(_text_of(paragraph)) if paragraph is not None else None
        self.column = marker.group(1) if marker else None
        if self.column is not None and self.column not in columns:
            raise tpl.error("template-column", f"แม่แบบตารางมีช่อง {{{{ {self.column} }}}} ที่ไม่รู้จัก ใช้ได้: {', '.join(columns)}",
                            f"Unknown table column {{{{ {self.column} }}}}; known: {', '.join(columns)}.")
        self.tc_pr = _xml(tc.find(qn("w:tcPr")))
        ppr = paragraph.find(qn("w:pPr")) if paragraph is not None else None
        self.p_pr = _xml(ppr)
        sub = copy.deepcopy(ppr) if ppr is not None else etree.SubElement(etree.Element(qn("w:p")), qn("w:pPr"))
        style = sub.find(qn("w:pStyle"))
        if style is None:
            style = etree.Element(qn("w:pStyle"))
            sub.insert(0, style)
        style.set(qn("w:val"), CELL_SUB_STYLE)
        self.sub_p_pr = _xml(sub)
        first_run = paragraph.find(qn("w:r")) if paragraph is not None else None
        self.r_pr = _xml(first_run.find(qn("w:rPr"))) if first_run is not None else ""

    def xml(self, lines: tuple[Line, ...]) -> str:
        paragraphs = "".join(
            f'<w:p>{self.sub_p_pr if line.level else self.p_pr}<w:r>{self.r_pr}'
            f'<w:t>{_text(line.text)}</w:t></w:r></w:p>' for line in lines)  # xml:space: _insert_before
        return f"<w:tc>{self.tc_pr}{paragraphs or f'<w:p>{self.p_pr}</w:p>'}</w:tc>"


def _fill_table(tpl: _Template, document: Document):
    """Repeats the prototype rows, one per derived row; returns the table."""
    table, protos = _prototype_rows(tpl)
    layouts = {kind: (_xml(proto.find(qn("w:trPr"))), [_CellFormat(tc, tpl, document.columns) for tc in proto.findall(qn("w:tc"))])
               for kind, proto in protos.items()}
    if any(line.level for row in document.rows for lines in row.cells.values() for line in lines):
        tpl.need_styles({CELL_SUB_STYLE})  # sub-steps are laid out in it
    missing = sorted({row.kind for row in document.rows} - set(layouts))
    if missing:
        raise tpl.error("template-table", f"แม่แบบตารางไม่มีแถวต้นแบบที่มี {{{{ {missing[0]} }}}}",
                        f"The table template has no prototype row holding {{{{ {missing[0]} }}}}.")
    rows = (f"<w:tr>{layouts[row.kind][0]}"
            + "".join(c.xml(row.cells.get(c.column, ()) if c.column else ()) for c in layouts[row.kind][1]) + "</w:tr>"
            for row in document.rows)
    first = next(iter(protos.values()))
    _insert_before(tpl.doc, first, rows)
    for proto in protos.values():
        table.remove(proto)
    return table


# ---------------------------------------------------------------- the memo's emblem

def _float_emblem(tpl: _Template, paragraph, emblem: Path, place: EmblemPlace) -> None:
    """The Garuda, as high as the place says, at the left margin or centred on the text column, its
    top edge the given distance below the paper's, in front of the text so the lines keep their place."""
    from docx.text.paragraph import Paragraph

    try:
        run = Paragraph(paragraph, tpl.doc._body).add_run()
        run.add_picture(str(emblem), height=place.height)
    except (UnrecognizedImageError, OSError) as exc:
        raise UserError([Problem("emblem-unreadable", f"อ่านรูปตราครุฑไม่ได้ ให้ใช้ไฟล์ .png หรือ .jpg ({exc})",
                                 f"Cannot read the emblem image: use a .png or .jpg file ({exc}).",
                                 file=display_path(emblem))]) from None
    inline: etree._Element | None = run._r.find(f".//{qn('wp:inline')}")
    parent = inline.getparent() if inline is not None else None
    if inline is None or parent is None:  # add_picture makes a run holding one
        raise ValueError("python-docx's picture run holds no wp:inline")
    anchor = etree.fromstring(
        f'<wp:anchor xmlns:wp="{inline.nsmap["wp"]}" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin">'
        + ('<wp:align>center</wp:align>' if place.centred else '<wp:posOffset>0</wp:posOffset>') + '</wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{int(place.from_top)}</wp:posOffset></wp:positionV>'
        '</wp:anchor>')
    children = {etree.QName(c).localname: c for c in inline}
    anchor.append(children["extent"])
    anchor.append(etree.fromstring(f'<wp:effectExtent xmlns:wp="{inline.nsmap["wp"]}" l="0" t="0" r="0" b="0"/>'))
    anchor.append(etree.fromstring(f'<wp:wrapNone xmlns:wp="{inline.nsmap["wp"]}"/>'))
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


def _stable_zip(data: bytes) -> bytes:
    """The same parts with fixed timestamps and attributes: byte-identical for identical content."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def render(document: Document, template: Path, emblem: EmblemPlace = MEMO_EMBLEM) -> bytes:
    tpl = _Template(template)
    _set_font(tpl.doc, document.font)
    paragraphs = _insert_blocks(tpl, document.blocks)
    for name, blocks in document.places:
        _insert_blocks(tpl, blocks, f"{{{{ {name} }}}}")
    table = _fill_table(tpl, document) if document.kind == "table" or document.rows else None
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
    buffer = io.BytesIO()
    tpl.doc.save(buffer)
    return _stable_zip(buffer.getvalue())


# ---------------------------------------------------------------- one document: the memo, then the table

def _adopt_parts(package, part) -> None:
    """Gives a part from another package (and the parts it uses) names free in this package."""
    from docx.opc.packuri import PackURI

    taken = {str(p.partname) for p in package.iter_parts()}
    pending, seen = [part], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        name = str(current.partname)
        if name in taken:
            stem = re.sub(r"\d*(\.\w+)$", r"%d\1", name)
            number = 1
            while stem % number in taken:
                number += 1
            current.partname = PackURI(stem % number)
        taken.add(str(current.partname))
        pending += [rel.target_part for rel in current.rels.values() if not rel.is_external]


_AFTER_PGNUMTYPE = {"cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
                    "docGrid", "printerSettings"}
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _carried(element, source, target):
    """An element moved from one document part to another, its relationships (headers, pictures,
    links) re-made in the target."""
    for node in element.iter():
        for name, rid in node.attrib.items():
            if not name.startswith(f"{{{_R_NS}}}") or rid not in source.rels:
                continue
            rel = source.rels[rid]
            if rel.is_external:
                node.set(name, target.relate_to(rel.target_ref, rel.reltype, is_external=True))
            else:
                _adopt_parts(target.package, rel.target_part)
                node.set(name, target.relate_to(rel.target_part, rel.reltype))
    return element


def combine(memo: bytes, table: bytes) -> bytes:
    """The memo's pages (portrait), then the table's (landscape), in one file: each keeps its own
    section (page size, margins, headers) and the table's page numbers start again at 1. Styles the
    table uses that the memo's template lacks are copied; a style in both keeps the memo's look."""
    first = docx.Document(io.BytesIO(memo))
    second = docx.Document(io.BytesIO(table))
    body, extra = first.element.body, second.element.body

    have = {s.get(qn("w:styleId")) for s in first.styles.element.findall(qn("w:style"))}
    for style in second.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in have:
            first.styles.element.append(copy.deepcopy(style))

    memo_sect = body.find(qn("w:sectPr"))
    last = body.findall(qn("w:p"))[-1]
    ppr = last.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        last.insert(0, ppr)
    ppr.append(memo_sect)  # the memo's section ends with its last paragraph: no empty line, no blank page

    table_sect = _carried(extra.find(qn("w:sectPr")), second.part, first.part)
    numbering = table_sect.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = etree.Element(qn("w:pgNumType"))
        later = [c for c in table_sect if etree.QName(c).localname in _AFTER_PGNUMTYPE]
        (later[0].addprevious(numbering) if later else table_sect.append(numbering))
    numbering.set(qn("w:start"), "1")
    # The table's body joins the memo's as text parsed once in the memo's document: moving a large
    # table between two lxml documents node by node grows faster than the table (measured: 4x the
    # rows took 16x the time).
    moved = "".join(etree.tostring(_carried(element, second.part, first.part), encoding="unicode") for element in extra)
    old_sect = body.find(qn("w:sectPr"))
    if old_sect is not None:
        body.remove(old_sect)
    whole = etree.tostring(first.element, encoding="unicode")
    cut = whole.rindex("</w:body>")
    first.part._element = parse_xml(whole[:cut] + moved + whole[cut:])  # python-docx keeps the part's root here

    buffer = io.BytesIO()
    first.save(buffer)
    return _stable_zip(buffer.getvalue())

"""The whole report as one .docx: the memo's pages (portrait), then the table's (landscape), each
keeping its own section, styles and the parts its headers and pictures use."""
from __future__ import annotations

import copy
import io
import re

import docx
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from .package import Package, saved

TABLE_MARK = "ita-report-table"  # where the table's body joins the memo's in the whole report


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
    for node in element.iter(etree.Element):  # elements only: the rows' mark is a processing instruction
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


def joined(memo: bytes, table: bytes) -> Package:
    """The memo's pages (portrait), then the table's (landscape), in one package: each
    keeps its own section (page size, margins, headers) and the table's page numbers start again at
    1. Styles the table uses that the memo's template lacks are copied; a style in both keeps the
    memo's look. The table's rows are not in it yet (their mark is), so the table is small.""" 
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
        ppr = OxmlElement("w:pPr")
        last.insert(0, ppr)
    ppr.append(memo_sect)  # the memo's section ends with its last paragraph: no empty line, no blank page

    table_sect = _carried(extra.find(qn("w:sectPr")), second.part, first.part)
    numbering = table_sect.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        later = [c for c in table_sect if etree.QName(c).localname in _AFTER_PGNUMTYPE]
        (later[0].addprevious(numbering) if later else table_sect.append(numbering))
    numbering.set(qn("w:start"), "1")
    # The table's elements join the memo's body as each serialises alone (declaring its namespaces
    # itself, as the file always had them), where a mark at the end of the memo's body stands.
    body.append(etree.ProcessingInstruction(TABLE_MARK))
    joined = serialize_part_xml(first.element)
    table_xml = b"".join(etree.tostring(element if element is table_sect else _carried(element, second.part, first.part),
                                        encoding="UTF-8", xml_declaration=False) for element in extra)
    before, after = joined.split(etree.tostring(etree.ProcessingInstruction(TABLE_MARK)), 1)
    document_part = str(first.part.partname).lstrip("/")
    return Package(saved(first), first.element.nsmap, {document_part: before + table_xml + after})

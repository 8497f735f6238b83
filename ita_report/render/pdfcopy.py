"""The copy of a .docx that LibreOffice turns into the PDF. The .docx files for Word are not changed;
this copy says what Word means in words LibreOffice reads the same way:

- Thai distributed justification (`thaiDistribute`, which LibreOffice reads as left) becomes `both`,
  for which LibreOffice spreads the space between Thai letters as Word does.
- Lines break between Thai words only. LibreOffice's own Thai line breaking splits some words; in the
  table's cells (narrow columns: most of the document's line breaks) ICU's word boundaries are marked
  for it with a zero-width space (may break) and word joiners (may not), which LibreOffice leaves out
  of the PDF's text layer, so search and copy see the text as written. Elsewhere the text is left as it
  is: LibreOffice draws each mark as a text portion of its own, which spoils the spreading of space in
  justified lines (lines end short, a vowel drifts to the margin) and makes pdfminer-based readers
  split a word where a mark stood.
- The titles' paragraph styles get an outline level, so that they become the PDF's bookmarks (their
  text is left unmarked: it is the bookmarks' text)."""
from __future__ import annotations

import io
import zipfile

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from lxml import etree

from .. import thai

# Paragraph styles of the shipped templates that become the PDF's bookmarks: the memo's title
# (บันทึกข้อความ) and the table's title
BOOKMARK_STYLES = ("ITATitle", "ITAHeading")
JUSTIFIED = {"both", "thaiDistribute", "distribute", "lowKashida", "mediumKashida", "highKashida"}


def _style_alignment(styles) -> dict[str, str | None]:
    """Each paragraph style's alignment, through its basedOn chain (None: left, the default)."""
    own: dict[str, tuple[str | None, str | None]] = {}
    default = None
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        jc = style.find(f"{qn('w:pPr')}/{qn('w:jc')}")
        based = style.find(qn("w:basedOn"))
        sid = style.get(qn("w:styleId"))
        own[sid] = (jc.get(qn("w:val")) if jc is not None else None, based.get(qn("w:val")) if based is not None else None)
        if style.get(qn("w:default")) in ("1", "true"):
            default = sid

    def resolve(sid: str | None, depth: int = 0) -> str | None:
        if sid not in own or depth > 20:
            return None
        value, based = own[sid]
        return value if value is not None else resolve(based, depth + 1)

    found = {sid: resolve(sid) for sid in own}
    found[""] = found.get(default) if default else None
    return found


def _paragraph_justified(paragraph, alignments: dict[str, str | None]) -> bool:
    ppr = paragraph.find(qn("w:pPr"))
    jc = ppr.find(qn("w:jc")) if ppr is not None else None
    if jc is not None:
        return jc.get(qn("w:val")) in JUSTIFIED
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return alignments.get(style.get(qn("w:val")) if style is not None else "") in JUSTIFIED


def _is_title(paragraph) -> bool:
    """A paragraph that becomes a bookmark: its text is the bookmark's, so it carries no marks."""
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return (style is not None and style.get(qn("w:val")) in BOOKMARK_STYLES) or (
        ppr is not None and ppr.find(qn("w:outlineLvl")) is not None)


def _mark_words(root, alignments) -> bool:
    """Marks word boundaries in the paragraphs of table cells (narrow columns, where most lines
    break), unless justified or a title."""
    changed = False
    paragraphs = [p for cell in root.iter(qn("w:tc")) for p in cell.iter(qn("w:p"))]
    for paragraph in paragraphs:
        if _paragraph_justified(paragraph, alignments) or _is_title(paragraph):
            continue
        for node in paragraph.iter(qn("w:t")):
            marked = thai.word_breaks_marked(node.text or "")
            if marked is not None and marked != node.text:
                node.text = marked
                changed = True
    return changed


def _justify_thai(root) -> bool:
    changed = False
    for jc in root.iter(qn("w:jc")):
        if jc.get(qn("w:val")) == "thaiDistribute":
            jc.set(qn("w:val"), "both")
            changed = True
    return changed


def _outline_titles(styles) -> bool:
    changed = False
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:styleId")) in BOOKMARK_STYLES:
            ppr = style.find(qn("w:pPr"))
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                style.append(ppr)
            if ppr.find(qn("w:outlineLvl")) is None:
                level = OxmlElement("w:outlineLvl")
                level.set(qn("w:val"), "0")
                ppr.append(level)
                changed = True
    return changed


def for_pdf(docx: bytes) -> tuple[bytes, bool]:
    """The copy of a .docx that LibreOffice converts, and whether its page numbers are Thai digits
    (`pgNumType fmt="thaiNumbers"`, which LibreOffice reads as decimal: the conversion sets them)."""
    marks = thai.word_breaks_marked("ไทย") is not None  # ICU is there to say where Thai words end
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        infos = source.infolist()
        parts = {info.filename: source.read(info) for info in infos}
    styles = parse_xml(parts["word/styles.xml"]) if "word/styles.xml" in parts else None
    alignments = _style_alignment(styles) if styles is not None else {}
    thai_numbers = False
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            data = parts[info.filename]
            name = info.filename
            if name.startswith("word/") and name.endswith(".xml") and "/_rels/" not in name:
                root = styles if name == "word/styles.xml" and styles is not None else parse_xml(data)
                thai_numbers |= any(n.get(qn("w:fmt")) == "thaiNumbers" for n in root.iter(qn("w:pgNumType")))
                changed = marks and name != "word/styles.xml" and _mark_words(root, alignments)
                changed = _justify_thai(root) or changed
                if name == "word/styles.xml":
                    changed = _outline_titles(root) or changed
                if changed:
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue(), thai_numbers

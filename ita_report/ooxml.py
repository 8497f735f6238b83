"""The one XML layer: the Office Open XML (and the SVG) the tool writes, and the Word XML it reads, in
python-docx's idiom, so that no module builds that XML as text or spells a namespace.

- Names carry their namespace prefix ("w:p", "c:chart", "x:row", "svg:rect") resolved through one
  map, NSMAP: python-docx's own (w, wp, a, c, r, ...) and the few it does not know (a chart's
  workbook, a package's content types and relationships, SVG). `qn("w:p")` is the Clark name
  "{http://...}p", as python-docx's `qn`.
- `element(tag, attrs, *children, text=...)` makes an element as python-docx's `OxmlElement` does
  (its parser, so a Word element is of python-docx's element class), declaring its own namespace;
  placed in a parent that declares it, the declaration goes (lxml drops a redundant one). lxml
  escapes text and attribute values: a name with `<`, `&` or quotes stays text. The characters XML
  cannot hold (control characters, thai.CONTROL_CHARS) are left out, as the Word renderer leaves
  them out of its text: loading already warns of them in YAML, and a folder's own template may
  still make them.
- `part_xml(root)` is a part's bytes, with the XML declaration Word writes; `markup(root)` the text
  of an element for a page (the web page's SVG).

python-docx's own internals this leans on, why pyproject pins python-docx below 2: its parser
(`docx.oxml.parser.oxml_parser`, which `OxmlElement` uses) and namespace map (`docx.oxml.ns.nsmap`)
here, `XmlPart` subclassed for the chart's part (render/chart.py); render/word.py still writes a
part's root (`part._element`) and reads `Document._body` and `Run._r`."""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from docx.oxml.ns import nsmap as _DOCX_NSMAP
from docx.oxml.parser import oxml_parser
from lxml import etree

from .thai import CONTROL_CHARS

NSMAP: dict[str, str] = {
    **_DOCX_NSMAP,
    "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",  # a chart's workbook
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",  # [Content_Types].xml
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",  # a part's .rels
    "svg": "http://www.w3.org/2000/svg",
}
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@lru_cache(maxsize=None)  # called per node in the importer's loops
def qn(name: str) -> str:
    """The Clark name of a prefixed name: qn("w:p") == "{http://schemas...wordprocessingml/2006/main}p"."""
    prefix, _, local = name.partition(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def element(tag: str, attrs: Mapping[str, Any] | None = None, *children: etree._Element | None,
            text: str | None = None, nsmap: Mapping[str | None, str] | None = None) -> etree._Element:
    """A new element `tag` with the attributes `attrs` (in their order; a prefixed name such as
    "r:id" in its namespace; values as str() writes them), the given children (None is left out) and
    its text. `nsmap` declares namespaces (None: the default one) where the element's own prefix
    would not do: on a part's root."""
    prefix = tag.partition(":")[0]
    node = oxml_parser.makeelement(qn(tag), nsmap=dict(nsmap) if nsmap else {prefix: NSMAP[prefix]})
    for name, value in (attrs or {}).items():
        node.set(qn(name) if ":" in name else name, CONTROL_CHARS.sub("", str(value)))
    if text is not None:
        node.text = CONTROL_CHARS.sub("", text)
    for child in children:
        if child is not None:
            node.append(child)
    return node


def part_xml(root: etree._Element) -> bytes:
    """A part's bytes: the declaration Word writes (standalone), then the element in UTF-8."""
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")


def markup(root: etree._Element) -> str:
    """An element as text, to stand inside a page (the web page's inline SVG)."""
    return etree.tostring(root, encoding="unicode")

"""The one XML layer (ita_report/ooxml.py), one element at a time, as python-docx's own tests do; and
that the rest of the package goes through it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx.oxml.ns import nsmap as docx_nsmap
from docx.oxml.ns import qn as docx_qn
from docx.oxml.text.run import CT_R
from lxml import etree

from ita_report import ooxml
from ita_report.ooxml import NSMAP, element, markup, part_xml, qn

PACKAGE = Path(ooxml.__file__).parent
HOSTILE = "<b>&amp; \"quoted\" 'single' ]]> ๑๒.๕๐ ครุฑ"


@pytest.mark.parametrize("prefix", sorted(docx_nsmap))
def test_a_word_name_resolves_as_python_docx_resolves_it(prefix):
    assert qn(f"{prefix}:x") == docx_qn(f"{prefix}:x")


def test_the_names_python_docx_lacks_resolve_to_their_namespaces():
    assert qn("x:row") == "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}row"
    assert qn("ct:Types") == "{http://schemas.openxmlformats.org/package/2006/content-types}Types"
    assert qn("pr:Relationship") == "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
    assert qn("svg:rect") == "{http://www.w3.org/2000/svg}rect"
    with pytest.raises(KeyError):
        qn("nope:x")


def test_an_element_holds_its_attributes_in_order_text_and_children():
    node = element("c:chart", {"b": 2, "a": "x", "r:id": "rId7"}, element("c:idx", {"val": 0}), None,
                   text="t")
    assert node.tag == qn("c:chart") and node.text == "t"
    assert list(node.attrib.items()) == [("b", "2"), ("a", "x"), (qn("r:id"), "rId7")]
    assert [child.tag for child in node] == [qn("c:idx")]  # None is left out


def test_text_and_attribute_values_stay_text_whatever_they_hold():
    node = element("a:t", {"typeface": HOSTILE}, text=HOSTILE)
    again = etree.fromstring(part_xml(node))
    assert again.text == HOSTILE and again.get("typeface") == HOSTILE


def test_characters_xml_cannot_hold_are_left_out_of_text_and_attributes():
    node = element("a:t", {"descr": "ก\x01ข\x7f"}, text="ค\x00ง\x0bจ\ufffe")
    again = etree.fromstring(part_xml(node))
    assert again.get("descr") == "กข" and again.text == "คงจ"


def test_a_child_declares_no_namespace_its_parent_declares():
    root = element("c:chartSpace", {}, element("c:chart", {}, element("a:p"), element("c:x", {"r:id": "rId1"})),
                   nsmap={p: NSMAP[p] for p in ("c", "a", "r")})
    text = markup(root)
    assert text.count("xmlns:") == 3 and text.startswith('<c:chartSpace xmlns:c="')
    assert '<c:chart><a:p/><c:x r:id="rId1"/></c:chart>' in text


def test_a_default_namespace_writes_its_elements_unprefixed():
    root = element("x:worksheet", {}, element("x:sheetData", {}, element("x:row", {"r": 1})),
                   nsmap={None: NSMAP["x"]})
    assert markup(root) == f'<worksheet xmlns="{NSMAP["x"]}"><sheetData><row r="1"/></sheetData></worksheet>'


def test_a_word_element_is_of_python_docx_s_element_class():
    run = element("w:r", {}, element("w:t", text="ไทย"))
    assert isinstance(run, CT_R) and run.text == "ไทย"


def test_a_part_s_bytes_start_with_the_declaration_word_writes():
    data = part_xml(element("pr:Relationships", nsmap={None: NSMAP["pr"]}))
    assert data == (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')


# Word's XML as text: an f-string opening a tag, or a namespace spelt as a Clark name. render/word.py is
# converted on its own (issue 17, with its speed work); every other module goes through ooxml.
XML_AS_TEXT = re.compile(r"""f["']<[A-Za-z]|\{http://""")


@pytest.mark.parametrize("module", sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                                          if p.name != "ooxml.py" and p.relative_to(PACKAGE).as_posix() != "render/word.py"))
def test_no_module_writes_xml_as_text_or_spells_a_namespace(module):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    assert not [line for line in source.splitlines() if XML_AS_TEXT.search(line)]

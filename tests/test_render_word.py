"""The built Word files as Word reads them: every Thai run resolves to the Thai font in the
complex-script slot, the pages and the memo's layout follow the official format."""
import re
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, paragraphs, png, q, xml_part
from wordstyles import Styles, assert_thai_runs, thai_runs
from ita_report.pipeline import build

CM = 1440 / 2.54  # twips


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    written, _ = build(EXAMPLE, 1, tmp_path_factory.mktemp("out"))
    return {p.name.rsplit("-", 1)[-1].removesuffix(".docx"): p for p in written}


@pytest.mark.parametrize("kind", ["table", "memo"])
def test_every_thai_run_resolves_to_the_thai_font_in_the_complex_script_slot(built, kind):
    assert_thai_runs(built[kind], 25)


@pytest.mark.parametrize("kind", ["table", "memo"])
def test_word_settings_for_thai(built, kind):
    with zipfile.ZipFile(built[kind]) as z:
        settings = z.read("word/settings.xml").decode()
        everything = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert re.search(r'compatibilityMode"[^>]*w:val="15"', settings)
    assert "noProof" not in everything and "minorBidi" not in everything


def page(docx: Path):
    sect = xml_part(docx).find(f"{q('w:body')}/{q('w:sectPr')}")
    size, margins = sect.find(q("w:pgSz")), sect.find(q("w:pgMar"))
    return ({k: int(size.get(q(f"w:{k}"))) for k in ("w", "h")},
            {k: int(margins.get(q(f"w:{k}"))) / CM for k in ("top", "left", "right", "bottom")}, sect)


def test_table_is_a4_landscape_with_the_header_row_repeated(built):
    size, _, _ = page(built["table"])
    assert (size["w"], size["h"]) == (16838, 11906)
    rows = xml_part(built["table"]).find(f".//{q('w:tbl')}").findall(q("w:tr"))
    assert rows[0].find(f"{q('w:trPr')}/{q('w:tblHeader')}") is not None
    assert len(rows) == 5  # header + 4 measures
    assert all(r.find(f"{q('w:trPr')}/{q('w:tblHeader')}") is None for r in rows[1:])
    grid = [int(c.get(q("w:w"))) for c in xml_part(built["table"]).iter(q("w:gridCol"))]
    assert len(grid) == 6 and abs(sum(grid) - (16838 - 2 * 1.5 * CM)) < 5


def test_memo_page_and_margins(built):
    size, margins, sect = page(built["memo"])
    assert (size["w"], size["h"]) == (11906, 16838)
    assert margins["left"] == pytest.approx(3, abs=0.01) and margins["right"] == pytest.approx(2, abs=0.01)
    assert sect.find(q("w:titlePg")) is not None  # page numbers from page 2


def memo_paragraphs(docx: Path):
    styles = Styles(docx)
    for p in xml_part(docx).iter(q("w:p")):
        text = "".join(t.text or "" for t in p.iter(q("w:t")))
        yield text, p, styles


def test_memo_title_labels_and_body_sizes(built):
    found = {}
    for text, p, styles in memo_paragraphs(built["memo"]):
        for r in p.iter(q("w:r")):
            t = "".join(x.text or "" for x in r.iter(q("w:t")))
            if t.strip():
                found.setdefault(t.strip(), styles.effective_run(p, r))
    assert found["บันทึกข้อความ"]["sz"] == "58" and found["บันทึกข้อความ"]["bCs"]
    for label in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง"):
        assert found[label]["sz"] == "40" and found[label]["bCs"], label
    assert found["จึงเรียนมาเพื่อโปรดทราบและพิจารณาสั่งการต่อไป"]["sz"] == "32"


def test_memo_body_is_thai_distributed_with_the_first_line_indent(built):
    bodies = [(t, p, s) for t, p, s in memo_paragraphs(built["memo"]) if t.startswith(("ตามรายงาน", "ในการนี้"))]
    assert len(bodies) == 2
    for text, p, styles in bodies:
        assert styles.paragraph_value(p, "jc", "val") == "thaiDistribute"
        assert int(styles.paragraph_value(p, "ind", "firstLine")) / CM == pytest.approx(2.5, abs=0.01)
        assert int(styles.paragraph_value(p, "spacing", "before")) == 120  # 6 pt


def test_labels_have_dotted_leaders_to_the_right_margin(built):
    for text, p, styles in memo_paragraphs(built["memo"]):
        if text.startswith("ส่วนราชการ"):
            assert p.find(f".//{q('w:tab')}") is not None
            style = styles.styles[p.find(f"{q('w:pPr')}/{q('w:pStyle')}").get(q("w:val"))]
            stop = style.find(f".//{q('w:tabs')}/{q('w:tab')}")
            assert stop.get(q("w:leader")) == "dot" and int(stop.get(q("w:pos"))) / CM == pytest.approx(16, abs=0.01)
            return
    pytest.fail("no ส่วนราชการ line")


def test_signature_blocks(built):
    text = paragraphs(built["memo"])
    at = text.index("(นางสาวทศพร เดชรักษา)")
    assert text[at + 1: at + 3] == ["ปลัดองค์การบริหารส่วนตำบลนาโสม รักษาการแทน", "หัวหน้าสำนักปลัด"]
    assert "ความเห็นนายกองค์การบริหารส่วนตำบล\t" in text and text[-1] == "นายกองค์การบริหารส่วนตำบลนาโสม"


def test_page_numbers_from_page_two_in_thai_digits(built):
    with zipfile.ZipFile(built["memo"]) as z:
        headers = {n: z.read(n).decode() for n in z.namelist() if n.startswith("word/header")}
    assert any(" PAGE " in h for h in headers.values())
    assert page(built["memo"])[2].find(q("w:pgNumType")).get(q("w:fmt")) == "thaiNumbers"


def test_emblem_floats_top_left_when_given(example, tmp_path):
    png(example / "garuda.png", 30, 32)
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  to: นายก", "  emblem: garuda.png\n  to: นายก"),
                      encoding="utf-8")
    written, warnings = build(example, 1, tmp_path / "out")
    memo = next(p for p in written if p.name.endswith("memo.docx"))
    anchor = xml_part(memo).find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor")
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    assert anchor is not None
    assert int(anchor.find(f"{wp}extent").get("cy")) == 540000  # 1.5 cm
    assert anchor.find(f"{wp}positionV").get("relativeFrom") == "page"
    assert int(anchor.find(f"{wp}positionV/{wp}posOffset").text) == 540000
    assert not [w for w in warnings if w.code == "no-emblem-set"]


def test_without_an_emblem_there_is_a_warning(example, tmp_path):
    _, warnings = build(example, 1, tmp_path / "out")
    assert "no-emblem-set" in [w.code for w in warnings]


def test_the_font_setting_reaches_every_slot(example, tmp_path):
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "round: 1", "round: 1\nsettings:\n  font: TH Sarabun New"), encoding="utf-8")
    written, _ = build(example, 1, tmp_path / "out")
    for path in written:
        for text, eff in thai_runs(path):
            assert eff["cs"] == "TH Sarabun New" and eff["ascii"] == "TH Sarabun New", text


def test_two_builds_give_identical_bytes(tmp_path):
    first, _ = build(EXAMPLE, 1, tmp_path / "a")
    second, _ = build(EXAMPLE, 1, tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    with zipfile.ZipFile(first[0]) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2022-04-20T00:00:00" in core


def test_a_title_longer_than_word_properties_hold_still_builds(example, tmp_path):
    """Found by the schema property tests: a long organisation name made the document's title longer
    than the 255 characters a Word property holds, and the build stopped with an internal error."""
    long_name = "องค์การบริหารส่วนตำบล" + "นาโสมใหม่" * 30
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "  name: องค์การบริหารส่วนตำบลนาโสม", f"  name: {long_name}", 1), encoding="utf-8")
    written, _ = build(example, 1, tmp_path / "out", formats=("docx", "html"))
    table = next(p for p in written if p.name.endswith("-table.docx"))
    with zipfile.ZipFile(table) as z:
        core = z.read("docProps/core.xml").decode()
    title = re.search(r"<dc:title>(.*)</dc:title>", core).group(1)
    assert len(title) == 255 and title.endswith("…")
    assert any("นาโสมใหม่" * 30 in text for text in paragraphs(table))  # the page keeps it whole

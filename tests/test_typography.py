"""Typography of the printed documents (issue 13, point 16): phrases that must not be split over two
lines (a date, "พ.ศ. ๒๕๖๙", อำเภอ/จังหวัด and the name) held by no-break spaces in the .docx, the web page
and the PDF (whose text layer a search still finds); room to write the memo's number by hand; several
suggestions marked as the results are; a เทศบาล's own office by default; an abbreviated organisation name
said at its line."""
from __future__ import annotations

import subprocess

import pymupdf
import pytest

from conftest import by_kind, needs_soffice, paragraphs, run
from ita_report import thai
from ita_report.pipeline import build

NBSP = "\u00a0"


@pytest.mark.parametrize("text, expected", [
    ("เมื่อวันที่ ๒๐ เมษายน ๒๕๖๕", "เมื่อวันที่ ๒๐\u00a0เมษายน\u00a0๒๕๖๕"),
    ("วันที่ 5 เม.ย. 65 และ", "วันที่ 5\u00a0เม.ย.\u00a065 และ"),
    ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙ (รอบ ๖ เดือน)", "ประจำปีงบประมาณ พ.ศ.\u00a0๒๕๖๙ (รอบ ๖ เดือน)"),
    ("ต.ค. ๒๕๖๔ - ก.ย. ๒๕๖๕", "ต.ค.\u00a0๒๕๖๔ - ก.ย.\u00a0๒๕๖๕"),
    ("(ตุลาคม ๒๕๖๔ - มีนาคม ๒๕๖๕)", "(ตุลาคม\u00a0๒๕๖๔ - มีนาคม\u00a0๒๕๖๕)"),
    ("ที่ว่าการอำเภอ บ้านหมี่ จังหวัด ลพบุรี", "ที่ว่าการอำเภอ\u00a0บ้านหมี่ จังหวัด\u00a0ลพบุรี"),
    ("ครั้งที่ ๑ เดือน เมษายน และครั้งที่ ๒", "ครั้งที่ ๑ เดือน เมษายน และครั้งที่ ๒"),  # no date here
    ("ISO 9001 ปี 2565", "ISO 9001 ปี 2565"),
])
def test_phrases_kept_on_one_line(text, expected):
    assert thai.keep_together(text) == expected


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import EXAMPLE

    written, _ = build(EXAMPLE, 1, tmp_path_factory.mktemp("typo"), ("docx", "html"))
    return by_kind(written)


def test_the_docx_holds_dates_and_the_year_together(built):
    memo = paragraphs(built["memo.docx"])
    assert any(f"ประจำปีงบประมาณ พ.ศ.{NBSP}๒๕๖๕" in p for p in memo)
    assert any(f"วันที่{NBSP}" not in p and f"๒๐{NBSP}เมษายน{NBSP}๒๕๖๕" in p for p in memo)  # the memo's date
    assert any(f"(ตุลาคม{NBSP}๒๕๖๔ - มีนาคม{NBSP}๒๕๖๕)" in p for p in memo)
    table = paragraphs(built["table.docx"])
    assert any(f"เมื่อวันที่ ๒๐{NBSP}เมษายน{NBSP}๒๕๖๕" in p for p in table)
    assert any(p == f"ต.ค.{NBSP}๒๕๖๔ - ก.ย.{NBSP}๒๕๖๕" for p in table) or \
        any(f"ก.ย{NBSP}" in p or f"ก.ย.{NBSP}" in p for p in table)
    # read as a person reads it, the words are as they were
    assert any("ประจำปีงบประมาณ พ.ศ. ๒๕๖๕" in p.replace(NBSP, " ") for p in memo)


def test_the_web_page_holds_them_together(built):
    page = built["report.html"].read_text(encoding="utf-8")
    assert f"พ.ศ.{NBSP}๒๕๖๕" in page and f"๒๐{NBSP}เมษายน{NBSP}๒๕๖๕" in page
    assert f"<title>{''}" in page and f"พ.ศ.{NBSP}" not in page.split("<title>")[1].split("</title>")[0]


@needs_soffice
def test_a_search_of_the_pdf_finds_the_phrases_typed_with_plain_spaces(tmp_path):
    from conftest import EXAMPLE

    written, _ = build(EXAMPLE, 1, tmp_path, ("docx", "pdf"))
    pdf = by_kind(written)["report.pdf"]
    document = pymupdf.open(pdf)
    for phrase in ("พ.ศ. ๒๕๖๕", "๒๐ เมษายน ๒๕๖๕", "ตุลาคม ๒๕๖๔"):
        assert sum(len(page.search_for(phrase)) for page in document) >= 1, phrase
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "พ.ศ. ๒๕๖๕" in text.replace(NBSP, " ")


# ---------------------------------------------------------------- the memo's number

def _memo_text(folder, tmp_path) -> list[str]:
    written, _ = build(folder, 1, tmp_path / "out")
    return paragraphs(by_kind(written)["memo.docx"])


def test_a_blank_number_leaves_room_to_write_it_by_hand(example, tmp_path):
    memo = _memo_text(example, tmp_path)
    assert any(p.startswith("ที่ สป ........../๒๕๖๕") for p in memo), memo[:4]
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace('number: ""', "number: 123"), encoding="utf-8")
    assert any(p.startswith("ที่ สป ๑๒๓/๒๕๖๕") for p in _memo_text(example, tmp_path / "2"))


# ---------------------------------------------------------------- ข้อเสนอแนะ

def test_several_suggestions_get_the_markers_of_the_results(example, tmp_path):
    measure = example / "measures" / "1-service-process.yaml"
    text = measure.read_text(encoding="utf-8")
    start = text.index("suggestions:")
    end = text.find("\n", start)
    measure.write_text(text[:start] + "suggestions:\n  - ควรอบรมบุคลากร\n  - ควรสำรวจความพึงพอใจ"
                       + (text[end:] if end != -1 else "\n"), encoding="utf-8")
    written, _ = build(example, 1, tmp_path / "out")
    table = paragraphs(by_kind(written)["table.docx"])
    assert "- ควรอบรมบุคลากร" in table and "- ควรสำรวจความพึงพอใจ" in table
    one = [p for p in table if p.startswith("ควรบูรณาการร่วมกัน")]  # a single suggestion stays plain text
    assert one
    imported = run("import", by_kind(written)["report.docx"], "-o", tmp_path / "back")  # the markers go again
    assert imported.returncode == 0, imported.stderr
    back = next((tmp_path / "back" / "measures").glob("measure-01.yaml")).read_text(encoding="utf-8")
    assert "  - ควรอบรมบุคลากร\n" in back and "- - " not in back


# ---------------------------------------------------------------- the organisation

def test_init_gives_a_tessaban_its_own_office(tmp_path):
    result = run("init", tmp_path / "t", "--org", "เทศบาลตำบลบ้านหมี่", "--district", "บ้านหมี่",
                 "--province", "ลพบุรี", "--yes")
    assert result.returncode == 0, result.stderr
    assert "department: สำนักปลัดเทศบาล\n" in (tmp_path / "t" / "report.yaml").read_text(encoding="utf-8")
    result = run("init", tmp_path / "o", "--org", "องค์การบริหารส่วนตำบลนาโสม", "--district", "ชัยบาดาล",
                 "--province", "ลพบุรี", "--yes")
    assert "department: สำนักปลัด\n" in (tmp_path / "o" / "report.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, full", [("อบต.นาโสม", "องค์การบริหารส่วนตำบลนาโสม"),
                                        ("ทต. บ้านหมี่", "เทศบาลตำบลบ้านหมี่"),
                                        ("อบจ.ลพบุรี", "องค์การบริหารส่วนจังหวัดลพบุรี")])
def test_an_abbreviated_organisation_name_is_a_warning_at_its_line(example, name, full):
    report = example / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("name: องค์การบริหารส่วนตำบลนาโสม", f"name: {name}", 1), encoding="utf-8")
    line = next(i for i, l in enumerate(report.read_text(encoding="utf-8").splitlines(), 1) if f"name: {name}" in l)
    result = run("check", example)
    found = [l for l in result.stderr.splitlines() if "(organisation-abbreviated)" in l]
    assert len(found) == 1 and f"report.yaml:{line}:" in found[0] and "คำเตือน" in found[0], result.stderr
    assert f"name: {full}" in found[0]
    assert run("check", example, "--strict").returncode == 1


def test_a_full_name_is_no_warning():
    assert thai.full_organisation_name("องค์การบริหารส่วนตำบลนาโสม") is None
    assert thai.full_organisation_name("ทนงศักดิ์") is None

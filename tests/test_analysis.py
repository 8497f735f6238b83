"""Last year's ITA results analysed (issue 15): the levels at every band's edge, the weak points and
their ranking, the measures tied to them, what `check` says, and the analysis document in each format
(its bar chart read back from the SVG, from the Word chart's data and from the PDF's drawing)."""
from __future__ import annotations

import collections
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

from conftest import EXAMPLE, SOFFICE, needs_soffice, paragraphs, q, run, squeeze, xml_part
from ita_report import analysis
from ita_report.analysis import DEFAULT_LEVELS, Scored, level, weak_points
from ita_report.load import Mark, Source
from ita_report.model import ItaResults
from ita_report.pipeline import build, prepare
from ita_report.problems import UserError
from ita_report.render import chart as charts
from ita_report.validate import _validate

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
SVG = "{http://www.w3.org/2000/svg}"
SCORES = {1: "92.79", 2: "86.54", 3: "90.12", 4: "88.37", 5: "87.05", 6: "81.26", 7: "78.43", 8: "76.90",
          9: "72.50", 10: "87.50"}  # the example's ita-results.yaml
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def results_yaml(scores: dict[int, str], overall: str = "80.00", year: int = 2564, extra: str = "") -> str:
    tools = {"IIT": range(1, 6), "EIT": range(6, 9), "OIT": range(9, 11)}
    lines = [f"fiscal_year: {year}", f"overall: {overall}", "tools:"]
    for tool, numbers in tools.items():
        lines.append(f"  {tool}:")
        lines += [f"    - {{number: {n}, name: ตัวชี้วัดทดสอบ{n}, score: {scores[n]}}}" for n in numbers if n in scores]
    return "\n".join(lines) + "\n" + extra


def write_results(folder: Path, text: str) -> Path:
    (folder / "ita-results.yaml").write_text(text, encoding="utf-8")
    return folder


def set_indicators(folder: Path, measure: str, numbers: str) -> None:
    path = folder / "measures" / measure
    text = re.sub(r"(?m)^indicators:.*$", f"indicators: {numbers}", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")


def codes(problems) -> list[str]:
    return [p.code for p in problems]


# ---------------------------------------------------------------- levels and weak points (pure)

BOUNDARIES = [("100", "AA"), ("95.00", "AA"), ("94.99", "A"), ("85.00", "A"), ("84.99", "B"), ("75.00", "B"),
              ("74.99", "C"), ("65.00", "C"), ("64.99", "D"), ("55.00", "D"), ("54.99", "E"), ("50.00", "E"),
              ("49.99", "F"), ("0", "F")]


def analysed(example):
    """The analysis as derived for a build of it (documents.ANALYSIS)."""
    return dict(prepare(example, documents=("analysis",)).documents)["analysis"]


@pytest.mark.parametrize("score, expected", BOUNDARIES)
def test_the_level_at_every_band_boundary(score, expected):
    assert level(Decimal(score), DEFAULT_LEVELS) == expected


@pytest.mark.parametrize("score, expected", BOUNDARIES)
def test_the_level_at_every_band_boundary_reaches_the_document(example, score, expected):
    write_results(example, results_yaml({**SCORES, 4: score}))
    rows = analysed(example).rows
    row = next(r for r in rows if r.kind == "item" and r.cells["number"][0].text == "๔")
    assert row.cells["score"][0].text == f"{Decimal(score):.2f}".translate(THAI)
    assert row.cells["level"][0].text == expected


def test_levels_and_the_pass_mark_are_settings(example):
    write_results(example, results_yaml({**SCORES, 4: "89.99", 5: "90.00"}, extra=(
        "settings:\n  pass_mark: 90\n  levels: {ดีเยี่ยม: 90, ดี: 80, พอใช้: 0}\n")))
    derived = analysed(example)
    levels = {r.cells["number"][0].text: r.cells["level"][0].text for r in derived.rows if r.kind == "item"}
    assert levels["๔"] == "ดี" and levels["๕"] == "ดีเยี่ยม" and levels["๙"] == "พอใช้"
    items = [b.parts[0] for b in derived.blocks if b.kind == "item"]
    assert any("ตัวชี้วัดที่ ๔ " in i for i in items) and not any("ตัวชี้วัดที่ ๕ " in i for i in items)
    assert derived.chart.pass_mark == 90 and "๙๐" in derived.chart.pass_mark_label


def scored(number: int, score: str) -> Scored:
    return Scored("IIT", number, f"ตัวชี้วัด {number}", Decimal(score), level(Decimal(score), DEFAULT_LEVELS))


def test_weak_points_are_those_below_the_pass_mark_weakest_first_ties_by_number():
    indicators = [scored(1, "84.99"), scored(2, "85.00"), scored(3, "60.10"), scored(4, "84.99"), scored(5, "99")]
    assert [i.number for i in weak_points(indicators, Decimal(85))] == [3, 1, 4]
    assert weak_points(indicators, Decimal(50)) == []


def test_the_analysis_ranks_the_weak_points_and_names_the_measures_that_address_them():
    indicators = [scored(1, "70"), scored(2, "90"), scored(3, "65.5"), scored(4, "80")]
    found = analysis.assess(2564, Decimal("77.4"), indicators, Decimal(85), DEFAULT_LEVELS,
                            measures=[[1], [], [3, 1, 1], [9]])
    assert [(w.rank, w.indicator.number, w.measures) for w in found.weak] == [(1, 3, (3,)), (2, 1, (1, 3)), (3, 4, ())]
    assert found.overall_level == "B"


def test_the_document_lists_each_weak_point_with_its_measures_in_rank_order(example):
    blocks = analysed(example).blocks
    start = next(i for i, b in enumerate(blocks) if b.kind == "subheading")
    listed = [(b.kind, b.parts[0]) for b in blocks[start + 1:] if b.kind in ("item", "detail")]
    items = [text for kind, text in listed if kind == "item"]
    assert [re.search(r"ตัวชี้วัดที่ (\S+)", t).group(1) for t in items] == ["๙", "๘", "๗", "๖"]
    assert items[0].startswith("๑. ") and "๗๒.๕๐" in items[0] and "ระดับ C" in items[0]
    under_7 = listed[listed.index(("item", items[2])) + 1:listed.index(("item", items[3]))]
    assert [t.split()[2] for _, t in under_7] == ["๒", "๓"]  # มาตรการที่ ๒ and ๓ name indicator 7


def test_a_weak_point_no_measure_addresses_says_so_in_the_document(example):
    set_indicators(example, "4-participation.yaml", "[]")
    blocks = analysed(example).blocks
    i = next(i for i, b in enumerate(blocks) if b.kind == "item" and "ตัวชี้วัดที่ ๘ " in b.parts[0])
    assert blocks[i + 1].kind == "detail" and "ยังไม่มีมาตรการ" in blocks[i + 1].parts[0]


def test_no_weak_point_is_said_in_words(example):
    write_results(example, results_yaml({n: "90.00" for n in SCORES}, overall="90.00"))
    blocks = analysed(example).blocks
    assert not [b for b in blocks if b.kind == "item"]
    assert any("ไม่มีตัวชี้วัดที่ต่ำกว่าเกณฑ์" in b.parts[0] for b in blocks if b.kind == "body")


# ---------------------------------------------------------------- the file: validation

def validate_results(data: dict) -> list:
    problems: list = []
    _validate(ItaResults, Source(Path("ita-results.yaml"), "ita-results.yaml", data, {(): Mark(1, 1)}), problems)
    return problems


@pytest.mark.parametrize("score, words", [
    ("100.01", "ระหว่าง ๐ ถึง ๑๐๐"), ("-1", "ระหว่าง ๐ ถึง ๑๐๐"), ("84.999", "ไม่เกิน ๒ ตำแหน่ง"),
    ("แปดสิบ", "ต้องเป็นตัวเลข"), ("true", "ต้องเป็นตัวเลข"), ("[1]", "ต้องเป็นตัวเลข")])
def test_a_wrong_score_is_named_at_its_place(example, score, words):
    write_results(example, results_yaml({**SCORES, 7: score}))
    with pytest.raises(UserError) as caught:
        prepare(example)
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert problem.file.endswith("ita-results.yaml") and problem.line == 12 and problem.field == "tools.EIT[1].score"
    assert words in problem.th and problem.en


def test_scores_in_thai_digits_are_read():
    (model,) = [ItaResults.model_validate({"fiscal_year": "๒๕๖๔", "overall": "๘๔.๙๙",
                                           "tools": {"oit": [{"number": "๙", "name": "ก", "score": "๘๕"}]}})]
    assert model.fiscal_year == 2564 and model.overall == Decimal("84.99")
    assert model.tools.OIT[0].number == 9 and model.tools.OIT[0].score == Decimal("85.00")


@pytest.mark.parametrize("levels, words", [({"A": 50, "B": 10}, "เริ่มที่ 0"), ({"A": 0, "B": 0}, "ไม่ซ้ำกัน")])
def test_level_bands_that_leave_a_score_without_a_level_are_refused(levels, words):
    problems = validate_results({"fiscal_year": 2564, "tools": {"IIT": [{"number": 1, "name": "ก", "score": 1}]},
                                 "settings": {"levels": levels}})
    assert len(problems) == 1 and words in problems[0].th and problems[0].field == "settings.levels"


def test_a_misspelt_key_or_tool_is_named_with_a_suggestion(example):
    write_results(example, results_yaml(SCORES).replace("overall:", "overal:").replace("  OIT:", "  OTI:"))
    with pytest.raises(UserError) as caught:
        prepare(example)
    found = {p.field: p for p in caught.value.problems if p.severity == "error"}
    assert "“overall”" in found["overal"].th and found["overal"].line == 2
    assert "tools.OTI" in found and found["tools.OTI"].line == 14


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(
    st.sampled_from(["fiscal_year", "overall", "tools", "settings", "x"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                 lambda children: st.lists(children, max_size=3) | st.dictionaries(
                     st.sampled_from(["IIT", "eit", "number", "name", "score", "pass_mark", "levels", "A"]),
                     children, max_size=3), max_leaves=10), max_size=4))
def test_any_values_give_results_or_located_problems(data):
    for problem in validate_results(data):
        assert problem.file == "ita-results.yaml" and problem.line is not None and problem.th and problem.en


# ---------------------------------------------------------------- check

def test_the_example_ties_every_weak_point_to_a_measure(example):
    found = [p for p in prepare(example).warnings if p.file and ("ita-results" in p.file or "indicators" in (p.field or ""))]
    assert found == []


def test_check_warns_about_a_weak_indicator_no_measure_addresses(example):
    set_indicators(example, "4-participation.yaml", "[]")
    (warning,) = [p for p in prepare(example).warnings if p.code == "weak-unaddressed"]
    assert warning.file.endswith("ita-results.yaml") and warning.line == 25 and warning.field == "tools.EIT[2].score"
    assert "ตัวชี้วัดที่ 8" in warning.th and "indicators: [8]" in warning.th and warning.severity == "warning"


@pytest.mark.parametrize("documents", [None, ("report",), ("announcement",), ("analysis",), ("report", "announcement")])
def test_ita_results_are_checked_whichever_documents_are_asked(example, documents):
    set_indicators(example, "4-participation.yaml", "[11]")
    write_results(example, results_yaml(SCORES, year=2563))
    found = codes(prepare(example, documents=documents).warnings)
    assert {"weak-unaddressed", "unknown-indicator", "results-year"} <= set(found)
    assert found.count("weak-unaddressed") == 1  # said once, whatever the build makes


def test_a_folder_without_ita_results_is_refused_only_for_the_analysis(example):
    (example / "ita-results.yaml").unlink()
    for documents in (None, ("announcement",), ("report", "announcement")):
        assert "no-results" not in codes(prepare(example, documents=documents).warnings)
    with pytest.raises(UserError) as caught:
        prepare(example, documents=("announcement", "analysis"))
    assert [p.code for p in caught.value.problems if p.severity == "error"] == ["no-results"]
    result = run("check", example, "--document", "all")
    assert result.returncode == 1 and "(no-results)" in result.stderr


def test_the_analysis_is_one_entry_of_the_table_of_documents():
    from ita_report import documents

    assert documents.by_name("analysis") is documents.ANALYSIS and not documents.ANALYSIS.default
    assert "analysis" in documents.NAMES and documents.chosen(None) == [documents.REPORT]


def test_check_warns_about_an_indicator_number_that_does_not_exist(example):
    set_indicators(example, "2-publishing.yaml", "[7, 11]")
    (warning,) = [p for p in prepare(example).warnings if p.code == "unknown-indicator"]
    assert warning.file.endswith("2-publishing.yaml") and warning.field == "indicators[1]" and warning.value == "11"
    assert warning.line == 26 and "ไม่มีตัวชี้วัดที่ 11" in warning.th


def test_check_on_the_command_line_names_both_warnings(example):
    set_indicators(example, "4-participation.yaml", "[๑๒]")
    result = run("check", example, "--format", "json")
    assert result.returncode == 0
    assert '"weak-unaddressed"' in result.stdout
    assert '"unknown-indicator"' in result.stdout
    assert run("check", example, "--strict").returncode == 1


def test_check_warns_about_blank_scores_the_year_and_an_impossible_overall(example):
    write_results(example, results_yaml({**SCORES, 3: ""}, overall="99.00", year=2563))
    found = {p.code: p for p in prepare(example).warnings}
    assert found["score-missing"].field == "tools.IIT[2].score" and "ตัวชี้วัดที่ 3" in found["score-missing"].th
    assert found["score-missing"].severity == "warning"  # one forgotten among filled ones
    assert found["results-year"].field == "fiscal_year" and "2564" in found["results-year"].th
    assert found["overall-out-of-range"].field == "overall"
    with pytest.raises(UserError) as caught:  # a blank score: no analysis yet, said once, as the error
        prepare(example, documents=("analysis",))
    (missing,) = [p for p in caught.value.problems if p.code == "score-missing"]
    assert missing.severity == "error" and missing.field == "tools.IIT[2].score"


def test_an_indicator_number_used_twice_is_an_error(example):
    write_results(example, results_yaml(SCORES).replace("number: 10,", "number: 9,"))
    with pytest.raises(UserError) as caught:
        prepare(example)
    (error,) = [p for p in caught.value.problems if p.severity == "error"]
    assert error.code == "duplicate-indicator" and error.line == 16 and "OIT ข้อที่ 1" in error.th


def test_results_without_indicators_are_an_error(example):
    write_results(example, "fiscal_year: 2564\noverall: 80\ntools: {}\n")
    with pytest.raises(UserError) as caught:
        prepare(example)
    assert "no-indicators" in codes(caught.value.problems)


# ---------------------------------------------------------------- build --document analysis

@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[Path]:
    return build(EXAMPLE, 1, tmp_path_factory.mktemp("analysis"), ("docx", "html"), documents=("analysis",))[0]


@pytest.fixture(scope="module")
def built(written) -> dict[str, Path]:
    return {p.suffix: p for p in written if not p.stem.endswith("publication-form")}


def test_build_document_analysis_writes_the_analysis_and_its_publication_form(written):
    assert sorted(p.name for p in written) == ["2565-analysis-publication-form.docx",
                                               "2565-analysis-publication-form.html",
                                               "2565-analysis.docx", "2565-analysis.html"]
    form = "\n".join(paragraphs(next(p for p in written if p.name == "2565-analysis-publication-form.docx")))
    listed = re.findall(r"(?m)^[๑-๙]\. (.*)$", form)  # the documents the form asks to publish: the analysis alone
    assert len(listed) == 1 and listed[0].startswith("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส")


def test_the_default_build_is_the_report_with_or_without_ita_results(example, tmp_path):
    with_results = build(example, 1, tmp_path / "a", ("docx", "html"))[0]
    (example / "ita-results.yaml").unlink()
    for path in (example / "measures").glob("*.yaml"):
        path.write_text(re.sub(r"(?m)^(# ตัวชี้วัด ITA.*\n)?indicators:.*\n", "", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    without = build(example, 1, tmp_path / "b", ("docx", "html"))[0]
    assert [p.name for p in with_results] == [p.name for p in without]
    assert not any("analysis" in p.name for p in with_results)
    assert [p.read_bytes() for p in with_results] == [p.read_bytes() for p in without]


def test_the_word_analysis_says_every_score_and_level(built):
    text = paragraphs(built[".docx"])
    assert text[0].startswith("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส")
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๔" in text[0].replace("\u00a0", " ")  # พ.ศ. held to its year
    rows = [row for row in xml_part(built[".docx"]).iter(q("w:tr"))]
    cells = [["".join(t.text for t in tc.iter(q("w:t"))) for tc in row.iter(q("w:tc"))] for row in rows]
    assert cells[0] == ["ตัวชี้วัดที่", "ตัวชี้วัด", "คะแนน", "ระดับ"]
    scores = {c[0]: (c[2], c[3]) for c in cells if len(c) == 4 and c[0] != "ตัวชี้วัดที่"}
    assert scores == {str(n).translate(THAI): (s.translate(THAI), level(Decimal(s), DEFAULT_LEVELS))
                      for n, s in SCORES.items()}
    assert cells[-1] == ["คะแนนรวม", "๘๒.๓๕", "B"]
    assert [c[0] for c in cells if len(c) == 1] == [
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"]


def test_the_table_and_the_chart_stand_where_the_wording_puts_them(built):
    body = xml_part(built[".docx"]).find(q("w:body"))
    kinds = ["table" if el.tag == q("w:tbl") else "chart" if el.find(f".//{{{C}}}chart") is not None else "p"
             for el in body if el.tag != q("w:sectPr")]
    assert kinds.index("table") == 2 and kinds.index("chart") == 3  # after the title and the first paragraph


def chart_parts(docx: Path) -> tuple[etree._Element, bytes]:
    with zipfile.ZipFile(docx) as package:
        names = package.namelist()
        (chart,) = [n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n)]
        (workbook,) = [n for n in names if n.startswith("word/embeddings/") and n.endswith(".xlsx")]
        rels = package.read("word/_rels/document.xml.rels").decode()
        assert f'Target="charts/{Path(chart).name}"' in rels
        assert "drawingml.chart+xml" in package.read("[Content_Types].xml").decode()
        return etree.fromstring(package.read(chart)), package.read(workbook)


def bars_of(chart: etree._Element) -> dict[str, Decimal]:
    """The bars as Word draws them: category label → value, from every bar series' cached data."""
    found: dict[str, Decimal] = {}
    for series in chart.iter(f"{{{C}}}barChart"):
        for ser in series.iter(f"{{{C}}}ser"):
            labels = {pt.get("idx"): pt.findtext(f"{{{C}}}v") for pt in ser.find(f"{{{C}}}cat").iter(f"{{{C}}}pt")}
            for pt in ser.find(f"{{{C}}}val").iter(f"{{{C}}}pt"):
                assert labels[pt.get("idx")] not in found  # one bar per indicator
                found[labels[pt.get("idx")]] = Decimal(pt.findtext(f"{{{C}}}v"))
    return found


def test_the_word_chart_bars_are_the_scores_and_the_line_the_pass_mark(built):
    chart, _ = chart_parts(built[".docx"])
    assert bars_of(chart) == {str(n).translate(THAI): Decimal(s) for n, s in SCORES.items()}
    weak = chart.findall(f".//{{{C}}}barChart/{{{C}}}ser")[1]
    assert weak.findtext(f".//{{{C}}}tx//{{{C}}}v") == "ต่ำกว่าเกณฑ์"
    assert {p.findtext(f"{{{C}}}v") for p in weak.find(f"{{{C}}}val").iter(f"{{{C}}}pt")} == {"81.26", "78.43", "76.90", "72.50"}
    (line,) = chart.findall(f".//{{{C}}}lineChart/{{{C}}}ser")
    assert [Decimal(v.text) for v in line.find(f"{{{C}}}val").iter(f"{{{C}}}v")] == [Decimal(85)] * 10
    assert line.findtext(f".//{{{C}}}tx//{{{C}}}v") == "เกณฑ์ผ่าน ๘๕ คะแนน"


def test_the_word_chart_writes_numbers_in_thai_digits_and_text_in_the_thai_font(built):
    chart, _ = chart_parts(built[".docx"])
    formats = {f.get("formatCode") for f in chart.iter(f"{{{C}}}numFmt") if f.get("sourceLinked") == "0"}
    assert formats == {"[$-D00041E]0.00", "[$-D00041E]0"}
    faces = {e.get("typeface") for e in chart.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}cs")}
    assert faces == {"TH SarabunIT๙"}
    texts = [t.text for t in chart.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t")]
    assert texts == ["คะแนนรายตัวชี้วัด ปีงบประมาณ พ.ศ. ๒๕๖๔", "ตัวชี้วัดที่", "คะแนน"]


def test_the_word_chart_data_opens_as_a_workbook(built):
    _, workbook = chart_parts(built[".docx"])
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rows = [[c.findtext(f"{ns}v") or c.findtext(f"{ns}is/{ns}t") for c in row] for row in sheet.iter(f"{ns}row")]
    assert rows[0] == ["ตัวชี้วัดที่", "ผ่านเกณฑ์", "ต่ำกว่าเกณฑ์", "เกณฑ์ผ่าน ๘๕ คะแนน"]
    assert {r[0]: Decimal(r[1]) for r in rows[1:]} == {str(n).translate(THAI): Decimal(s) for n, s in SCORES.items()}
    assert all(r[-1] == "85" for r in rows[1:])


def test_the_word_chart_has_its_description_as_alt_text(built):
    (doc_pr,) = xml_part(built[".docx"]).iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert "ตัวชี้วัดที่ ๙ ๗๒.๕๐ คะแนน" in doc_pr.get("descr")


def svg_of(page: Path) -> etree._Element:
    text = page.read_text(encoding="utf-8")
    return etree.fromstring(re.search(r"<svg.*?</svg>", text, re.S).group(0))


def test_the_svg_bars_are_drawn_to_the_scores_with_the_pass_mark_line(built):
    svg = svg_of(built[".html"])
    baseline = float(svg.find(f"{SVG}line[@class='axis']").get("y1"))
    grid = {float(g.get("y1")) for g in svg.iter(f"{SVG}line") if g.get("class") == "grid"}
    full = baseline - min(grid)  # the height of 100 points
    bars = [r for r in svg.iter(f"{SVG}rect") if (r.get("class") or "").startswith("bar")]
    drawn = {r.get("data-label"): (float(r.get("y")), float(r.get("height")), "weak" in r.get("class")) for r in bars}
    assert set(drawn) == {str(n).translate(THAI) for n in SCORES}
    for number, score in SCORES.items():
        top, height, weak = drawn[str(number).translate(THAI)]
        assert abs(height / full * 100 - float(score)) < 0.02 and abs(top + height - baseline) < 0.01
        assert weak == (Decimal(score) < 85)
    (line,) = [l for l in svg.iter(f"{SVG}line") if l.get("class") == "pass-mark"]
    assert abs((baseline - float(line.get("y1"))) / full * 100 - 85) < 0.02 and line.get("stroke-dasharray")
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "๗๒.๕๐" in texts and "๑๐๐" in texts and "เกณฑ์ผ่าน ๘๕ คะแนน" in texts
    assert not any(re.search("[0-9]", t or "") for t in texts)


def test_the_web_page_is_self_contained_with_the_same_text_as_the_word_file(built):
    page = built[".html"].read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    body = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(style|svg|title).*?</\1>", " ", page))
    for paragraph in paragraphs(built[".docx"]):
        assert squeeze(paragraph) in squeeze(body), paragraph


def test_the_same_input_gives_the_same_analysis_bytes(written, tmp_path):
    again, _ = build(EXAMPLE, 1, tmp_path, ("docx", "html"), documents=("analysis",))
    assert sorted(p.read_bytes() for p in again) == sorted(p.read_bytes() for p in written)


def test_arabic_digits_setting_reaches_the_chart(example, tmp_path):
    path = example / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("round: 1", "round: 1\nsettings:\n  digits: arabic"),
                    encoding="utf-8")
    written, _ = build(example, 1, tmp_path, ("docx", "html"), documents=("analysis",))
    docx = next(p for p in written if p.suffix == ".docx")
    chart, _ = chart_parts(docx)
    assert bars_of(chart)["9"] == Decimal("72.50")
    assert {f.get("formatCode") for f in chart.iter(f"{{{C}}}numFmt") if f.get("sourceLinked") == "0"} == {"0.00", "0"}
    svg = svg_of(next(p for p in written if p.suffix == ".html"))
    assert "72.50" in [t.text for t in svg.iter(f"{SVG}text")]


def test_markup_in_an_indicator_name_is_text_everywhere(example, tmp_path):
    write_results(example, results_yaml(SCORES).replace("ตัวชี้วัดทดสอบ9", '"<b>&ข้อมูล</b>"'))
    written, _ = build(example, 1, tmp_path, ("docx", "html"), documents=("analysis",))
    page = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<b>&" not in page and "&lt;b&gt;&amp;ข้อมูล" in page
    svg_of(next(p for p in written if p.suffix == ".html"))  # still well-formed
    assert any("<b>&ข้อมูล</b>" in t for t in paragraphs(next(p for p in written if p.suffix == ".docx")))


def test_the_command_builds_the_analysis_in_every_format_but_pdf(example, tmp_path):
    result = run("build", example, "--document", "analysis", "-f", "docx,html", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "2565-analysis-publication-form.docx", "2565-analysis-publication-form.html",
        "2565-analysis.docx", "2565-analysis.html"]
    result = run("build", example, "-d", "report,analysis", "--names", "thai", "-o", tmp_path / "th")
    assert "วิเคราะห์ผลการประเมิน ITA 2564.docx" in [p.name for p in (tmp_path / "th").iterdir()]


def test_the_analysis_without_ita_results_is_refused_and_nothing_is_written(example, tmp_path):
    (example / "ita-results.yaml").unlink()
    result = run("build", example, "--document", "analysis", "-o", tmp_path / "out")
    assert result.returncode == 1 and "ita-results.yaml" in result.stderr and "(no-results)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_analysis_with_blank_scores_is_refused_naming_them(example, tmp_path):
    write_results(example, results_yaml({**SCORES, 5: ""}))
    result = run("build", example, "-d", "analysis", "-o", tmp_path / "out")
    assert result.returncode == 1 and "ita-results.yaml:9:" in result.stderr and "ตัวชี้วัดที่ 5" in result.stderr
    assert result.stderr.count("(score-missing)") == 1 and not (tmp_path / "out").exists()


def test_a_broken_ita_results_file_is_located(example):
    write_results(example, "fiscal_year: 2564\ntools:\n  IIT: [\n")
    result = run("check", example)
    assert result.returncode == 1 and "ita-results.yaml:" in result.stderr and "(yaml-syntax)" in result.stderr


def test_an_own_analysis_template_without_a_macro_is_named(example):
    (example / "templates").mkdir()
    (example / "templates" / "analysis.j2").write_text("heading: {{ year }}\ntable:\nchart:\n", encoding="utf-8")
    path = example / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("round: 1", "round: 1\nsettings:\n  templates: templates"),
                    encoding="utf-8")
    result = run("check", example, "--document", "analysis")
    assert result.returncode == 1 and "analysis.j2" in result.stderr and "(template-error)" in result.stderr


# ---------------------------------------------------------------- init and rollover

def test_init_writes_an_ita_results_file_to_fill_in(tmp_path):
    folder = tmp_path / "new"
    result = run("init", folder, "--org", "เทศบาลตำบลทดสอบ", "--district", "เมือง", "--province", "ลพบุรี",
                 "--fiscal-year", "2569", "--yes")
    assert result.returncode == 0, result.stderr
    text = (folder / "ita-results.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schemas/ita-results.schema.json")
    assert (folder / "schemas" / "ita-results.schema.json").is_file()
    assert "fiscal_year: 2568" in text and text.count("score: }") == 10 and "# settings:" in text
    checked = run("check", folder, "--format", "json", "--strict")  # every score blank: a to-do, a note
    assert checked.returncode == 0 and '"score-missing"' in checked.stdout
    assert run("build", folder, "-d", "analysis", "-o", tmp_path / "out").returncode == 1
    for number in range(1, 11):  # the official fills in the sheet's scores, and names what each measure addresses
        text = re.sub(rf"(number: {number}, name: [^,]+, score: )}}", rf"\g<1>{70 + 2 * number}.50}}", text)
    (folder / "ita-results.yaml").write_text(text.replace("overall:", "overall: 80.10"), encoding="utf-8")
    measure = folder / "measures" / "1-service-process.yaml"
    measure.write_text(measure.read_text(encoding="utf-8").replace("# indicators: [7, 9]", "indicators: [1, 2, 3, 4, 5, 6, 7]"),
                       encoding="utf-8")
    built = run("build", folder, "-d", "analysis", "-o", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert "(weak-unaddressed)" not in built.stderr and (tmp_path / "out" / "2569-analysis.docx").is_file()


def test_rollover_keeps_the_indicators_and_settings_with_blank_scores(example, tmp_path):
    write_results(example, results_yaml(SCORES, year=2564, extra="settings:\n  pass_mark: 80\n"))
    result = run("rollover", example, "--to", tmp_path / "next")
    assert result.returncode == 0, result.stderr
    rolled = (tmp_path / "next" / "ita-results.yaml").read_text(encoding="utf-8")
    assert "fiscal_year: 2565" in rolled and "name: ตัวชี้วัดทดสอบ10" in rolled and "score: }" in rolled
    assert "pass_mark: 80" in rolled and "levels" not in rolled.split("settings:")[-1]
    assert "indicators: [7, 9]" in (tmp_path / "next" / "measures" / "2-publishing.yaml").read_text(encoding="utf-8")


def test_a_name_with_a_comma_survives_the_rollover(example, tmp_path):
    write_results(example, results_yaml(SCORES).replace("ตัวชี้วัดทดสอบ9", '"การเปิดเผยข้อมูล, {ข่าวสาร}"'))
    assert run("rollover", example, "--to", tmp_path / "next").returncode == 0
    folder = prepare(tmp_path / "next", 1).folder
    assert folder.results.tools.OIT[0].name == "การเปิดเผยข้อมูล, {ข่าวสาร}"


# ---------------------------------------------------------------- the PDF, as a reader sees it

@pytest.fixture(scope="module")
def analysis_pdf(tmp_path_factory) -> Path:
    assert SOFFICE is not None, "LibreOffice is required here (ITA_REPORT_REQUIRE_PDF=1)"
    written, _ = build(EXAMPLE, 1, tmp_path_factory.mktemp("analysis-pdf"), ("pdf",), documents=("analysis",))
    assert sorted(p.name for p in written) == ["2565-analysis-publication-form.pdf", "2565-analysis.pdf"]
    return next(p for p in written if p.name == "2565-analysis.pdf")


@needs_soffice
def test_the_analysis_pdf_is_a4_portrait_in_the_thai_font(analysis_pdf):
    import pymupdf
    import reader

    fonts = reader.fonts(analysis_pdf)
    assert fonts and all(name.lower().startswith(("laksaman", "thsarabun", "th sarabun")) for name in fonts), fonts
    with pymupdf.open(analysis_pdf) as doc:
        assert len(doc) >= 1 and all((round(p.rect.width), round(p.rect.height)) == (595, 842) for p in doc)


@needs_soffice
def test_the_pdf_draws_the_chart_its_bars_to_the_scores(analysis_pdf):
    import pymupdf

    colours = {tuple(int(charts.PASSED[i:i + 2], 16) for i in (0, 2, 4)): False,
               tuple(int(charts.WEAK[i:i + 2], 16) for i in (0, 2, 4)): True}
    with pymupdf.open(analysis_pdf) as doc:
        page = doc[0]
        text = page.get_text()
        fills = [(d["rect"], colours[tuple(round(c * 255) for c in d["fill"])]) for d in page.get_drawings()
                 if d.get("fill") and tuple(round(c * 255) for c in d["fill"]) in colours]
    baseline = collections.Counter(round(r.y1) for r, _ in fills).most_common(1)[0][0]  # the bars stand on it
    bars = sorted(((r, weak) for r, weak in fills if abs(r.y1 - baseline) < 1), key=lambda b: b[0].x0)
    assert len(bars) == len(SCORES) and len(fills) == len(SCORES) + 2  # and the legend's two keys
    scale = bars[0][0].height / float(SCORES[1])
    for (rect, weak), (number, score) in zip(bars, sorted(SCORES.items())):
        assert abs(rect.height / scale - float(score)) < 0.1, number
        assert weak == (Decimal(score) < 85)
    for words in ("คะแนนรายตัวชี้วัด ปีงบประมาณ พ.ศ. ๒๕๖๔", "เกณฑ์ผ่าน ๘๕ คะแนน", "๗๒.๕๐", "๑๐๐"):
        assert words in text, words


def test_an_ita_results_link_leading_out_of_the_folder_is_refused(example, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(results_yaml(SCORES), encoding="utf-8")
    (example / "ita-results.yaml").unlink()
    (example / "ita-results.yaml").symlink_to(outside)
    result = run("check", example)
    assert result.returncode == 1 and "ita-results.yaml" in result.stderr and "(path-link-outside)" in result.stderr

"""The analysis's chart (render/chart.py) from a Chart made here, with any text in it: the Word chart
part, its workbook and the SVG are well-formed and say the text as given; a chart placed in a Word file
is related as Word expects. (The example's chart, in each format and in the PDF: test_analysis.py.)"""
from __future__ import annotations

import io
import posixpath
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from lxml import etree

from ita_report.content import Bar, Chart
from ita_report.ooxml import part_xml, qn
from ita_report.pipeline import build
from ita_report.render import chart as charts

HOSTILE = "<b>&amp; \"quoted\" 'single' ]]>"


def make_chart(scores=("92.50", "54.25"), text: str = "", font: str = "TH SarabunIT๙", thai: bool = True) -> Chart:
    bars = tuple(Bar(label=f"{i}{text}", name=f"ตัวชี้วัด{text}", value=Decimal(s), text=s, weak=Decimal(s) < 85)
                 for i, s in enumerate(scores, 1))
    return Chart(title=f"คะแนน{text}", bars=bars, pass_mark=Decimal(85),
                 ticks=tuple((Decimal(v), str(v)) for v in range(0, 101, 20)), categories_title=f"ตัวชี้วัดที่{text}",
                 values_title=f"คะแนน{text}", passed_label=f"ผ่าน{text}", weak_label=f"ไม่ผ่าน{text}",
                 pass_mark_label=f"เกณฑ์{text}", description=f"คำบรรยาย{text}", font=font, thai_digits=thai)


def sheet_rows(workbook: bytes) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        assert etree.fromstring(book.read("[Content_Types].xml")).tag == qn("ct:Types")
        assert etree.fromstring(book.read("xl/_rels/workbook.xml.rels"))[0].get("Target") == "worksheets/sheet1.xml"
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    return [[c.findtext(qn("x:v")) or c.findtext(f"{qn('x:is')}/{qn('x:t')}") for c in row]
            for row in sheet.iter(qn("x:row"))]


def test_any_text_stays_text_in_the_word_chart_its_workbook_and_the_svg():
    chart = make_chart(text=HOSTILE, font="A&B's \"Font\"")
    space = etree.fromstring(part_xml(charts.chart_space(chart)))
    assert [t.text for t in space.iter(qn("a:t"))] == [chart.title, chart.categories_title, chart.values_title]
    assert {f.get("typeface") for f in space.iter(qn("a:cs"))} == {chart.font}
    assert [v.text for v in space.find(f".//{qn('c:cat')}").iter(qn("c:v"))] == [b.label for b in chart.bars]
    rows = sheet_rows(charts.workbook(chart))
    assert rows[0] == [chart.categories_title, chart.passed_label, chart.weak_label, chart.pass_mark_label]
    assert [r[0] for r in rows[1:]] == [b.label for b in chart.bars]
    svg = etree.fromstring(charts.svg(chart))
    assert svg.tag == qn("svg:svg") and svg.get("font-family").startswith(chart.font + ",")
    assert svg.findtext(qn("svg:title")) == chart.title and svg.findtext(qn("svg:desc")) == chart.description
    assert [r.get("data-label") for r in svg.iter(qn("svg:rect")) if r.get("data-label")] == [b.label for b in chart.bars]


def test_a_chart_with_every_score_passing_has_one_bar_series_and_the_line_after_it():
    chart = make_chart(scores=("90.00", "99.99"))
    space = charts.chart_space(chart)
    (series,) = space.iter(qn("c:barChart"))
    assert [s.find(qn("c:idx")).get("val") for s in series.iter(qn("c:ser"))] == ["0"]
    (line,) = space.iter(qn("c:lineChart"))
    assert line.find(f"{qn('c:ser')}/{qn('c:idx')}").get("val") == "1"
    assert sheet_rows(charts.workbook(chart))[0] == [chart.categories_title, chart.passed_label, chart.pass_mark_label]
    legend = etree.fromstring(charts.svg(chart)).find(f"{qn('svg:g')}[@class='legend']")
    assert [g.findtext(qn("svg:text")) for g in legend] == [chart.passed_label, chart.pass_mark_label]


@pytest.mark.parametrize("thai, formats", [(True, {"[$-D00041E]0.00", "[$-D00041E]0"}), (False, {"0.00", "0"})])
def test_the_chart_formats_its_numbers_in_the_digits_asked(thai, formats):
    space = charts.chart_space(make_chart(thai=thai))
    assert {f.get("formatCode") for f in space.iter(qn("c:numFmt")) if f.get("sourceLinked") == "0"} == formats


def test_a_chart_placed_in_a_word_file_is_related_as_word_expects(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()._p
    charts.place_in_docx(document, paragraph, make_chart(text=HOSTILE))
    path = tmp_path / "chart.docx"
    document.save(path)
    with zipfile.ZipFile(path) as package:
        types = etree.fromstring(package.read("[Content_Types].xml"))
        kinds = {o.get("PartName"): o.get("ContentType") for o in types.iter(qn("ct:Override"))}
        assert kinds["/word/charts/chart1.xml"] == charts.CT.DML_CHART
        blob = package.read("word/charts/chart1.xml")
        assert blob.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace ')
        rels = {r.get("Id"): r for r in etree.fromstring(package.read("word/charts/_rels/chart1.xml.rels"))}
        external = etree.fromstring(blob).find(qn("c:externalData"))
        target = rels[external.get(qn("r:id"))]
        assert target.get("Type") == charts.RT.PACKAGE
        workbook = package.read(posixpath.normpath(posixpath.join("word/charts", target.get("Target"))))
        assert sheet_rows(workbook)[0][0] == "ตัวชี้วัดที่" + HOSTILE
    reopened = docx.Document(str(path))
    (drawn,) = reopened.element.body.iter(qn("c:chart"))
    assert reopened.part.related_parts[drawn.get(qn("r:id"))].partname == "/word/charts/chart1.xml"
    (described,) = reopened.element.body.iter(qn("wp:docPr"))
    assert described.get("descr") == "คำบรรยาย" + HOSTILE


def test_control_characters_an_own_template_puts_in_the_chart_s_title_are_left_out(example, tmp_path):
    shipped = (Path(__file__).parent.parent / "templates" / "analysis.j2").read_text(encoding="utf-8")
    own = shipped.replace("{%- macro chart_title() %}คะแนนรายตัวชี้วัด", "{%- macro chart_title() %}คะแนน\x01ราย\x0eตัวชี้วัด")
    assert own != shipped
    (example / "templates").mkdir()
    (example / "templates" / "analysis.j2").write_text(own, encoding="utf-8")
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("round: 1", "round: 1\nsettings:\n  templates: templates"),
                      encoding="utf-8")
    written, _ = build(example, 1, tmp_path / "out", ("docx", "html"), documents=("analysis",))
    with zipfile.ZipFile(next(p for p in written if p.name == "2565-analysis.docx")) as package:
        space = etree.fromstring(package.read("word/charts/chart1.xml"))
    assert next(space.iter(qn("a:t"))).text == "คะแนนรายตัวชี้วัด ปีงบประมาณ พ.ศ. ๒๕๖๔"
    page = next(p for p in written if p.name == "2565-analysis.html").read_text(encoding="utf-8")
    svg = etree.fromstring(page[page.index("<svg"):page.index("</svg>") + 6])
    assert svg.findtext(qn("svg:title")) == "คะแนนรายตัวชี้วัด ปีงบประมาณ พ.ศ. ๒๕๖๔"

"""Draws the analysis's bar chart (content.Chart): the indicator scores as bars, those below
the pass mark in their own colour, each bar's score in white at its foot (clear of the pass mark's
line, which crosses the tops of the bars near it), and the pass mark as a dashed line across.

- `svg`: a vector picture for the web page, its numbers and labels the derived text (Thai digits).
- `place_in_docx`: a native Word chart (DrawingML chart part, with its data as an embedded workbook
  so that Word's "Edit Data" opens it), drawn by Word and by LibreOffice for the PDF. Its numbers
  are formatted by the chart itself: with Thai digits through the number format's Thai-digits
  locale prefix `[$-D00041E]` (Excel's code, which Word's charts use; LibreOffice honours it too).

Why not python-pptx's chart XML writer: it writes a bar chart or a line chart, not the two in one
plot, nor per-series colours, Thai number formats or the Thai font, and its workbook needs
XlsxWriter; what it would save is the fixed shape of the XML below."""
from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from ..content import Bar, Chart
from ..ooxml import NSMAP, element, markup, part_xml
from .package import FIXED_ZIP_TIME

PASSED, WEAK, LINE, GRID, INK = "2E6DA4", "C0392B", "C00000", "D9D9D9", "222222"

def _n(value: float | Decimal) -> str:
    """A coordinate: at most two decimals, no trailing zeros (the same input, the same text)."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _series(chart: Chart) -> list[tuple[str, str, list[Bar | None]]]:
    """The bar series: (label, colour, one entry per indicator, None where the other series has it).
    A series without bars is left out (and out of the legend)."""
    passed = [None if bar.weak else bar for bar in chart.bars]
    weak = [bar if bar.weak else None for bar in chart.bars]
    return [(label, colour, bars) for label, colour, bars in
            ((chart.passed_label, PASSED, passed), (chart.weak_label, WEAK, weak)) if any(bars)]


# ---------------------------------------------------------------- the web page: SVG

WIDTH, HEIGHT = 640, 380
PLOT = (64, 48, 624, 282)  # left, top, right, bottom of the plot area


def _s(tag: str, attrs: dict[str, object], *children: etree._Element, text: str | None = None) -> etree._Element:
    """An SVG element."""
    return element(f"svg:{tag}", attrs, *children, text=text)


def _label(x: object, y: object, text: str, size: int = 16, *, anchor: str = "middle", bold: bool = False,
           fill: str = INK, transform: str | None = None) -> etree._Element:
    attrs: dict[str, object] = {"x": x, "y": y, "text-anchor": anchor, "font-size": size}
    if bold:
        attrs["font-weight"] = "bold"
    attrs["fill"] = f"#{fill}"
    if transform:
        attrs["transform"] = transform
    return _s("text", attrs, text=text)


def svg(chart: Chart) -> str:
    """The chart as an inline <svg> element (role img, with a title and a description)."""
    left, top, right, bottom = PLOT
    height = bottom - top
    y = lambda value: bottom - height * float(value) / 100  # noqa: E731
    slot = (right - left) / max(1, len(chart.bars))
    width = slot * 0.74
    root = element("svg:svg", {
        "viewBox": f"0 0 {WIDTH} {HEIGHT}", "role": "img", "aria-labelledby": "chart-title chart-desc",
        "class": "chart",
        "font-family": f"{chart.font}, TH SarabunIT๙, TH Sarabun New, Sarabun, Laksaman, Noto Sans Thai, sans-serif"},
        _s("title", {"id": "chart-title"}, text=chart.title), _s("desc", {"id": "chart-desc"}, text=chart.description),
        _label(f"{WIDTH / 2:g}", 26, chart.title, 22, bold=True), nsmap={None: NSMAP["svg"]})
    for value, label in chart.ticks:
        root.append(_s("line", {"class": "grid", "x1": left, "x2": right, "y1": _n(y(value)), "y2": _n(y(value)),
                                "stroke": f"#{GRID}", "stroke-width": 1}))
        root.append(_label(left - 8, _n(y(value) + 5), label, anchor="end"))
    middle = _n(top + height / 2)
    root.append(_label(16, middle, chart.values_title, transform=f"rotate(-90 16 {middle})"))
    for i, bar in enumerate(chart.bars):
        x = left + slot * i + (slot - width) / 2
        root.append(_s("rect", {
            "class": "bar weak" if bar.weak else "bar", "data-label": bar.label, "data-value": bar.value,
            "x": _n(x), "y": _n(y(bar.value)), "width": _n(width), "height": _n(bottom - y(bar.value)),
            "fill": f"#{WEAK if bar.weak else PASSED}"},
            _s("title", {}, text=f"{chart.categories_title} {bar.label} {bar.name}: {bar.text}")))
        root.append(_label(_n(x + width / 2), bottom - 8, bar.text, 14, bold=True, fill="FFFFFF"))
        root.append(_label(_n(x + width / 2), bottom + 20, bar.label))
    root.append(_s("line", {"class": "axis", "x1": left, "x2": right, "y1": bottom, "y2": bottom,
                            "stroke": f"#{INK}", "stroke-width": 1}))
    mark = _n(y(chart.pass_mark))
    root.append(_s("line", {"class": "pass-mark", "data-value": chart.pass_mark, "x1": left, "x2": right, "y1": mark,
                            "y2": mark, "stroke": f"#{LINE}", "stroke-width": 2.5, "stroke-dasharray": "9 5"}))
    root.append(_label(_n((left + right) / 2), bottom + 44, chart.categories_title))
    legend = [(label, _s("rect", {"width": 22, "height": 12, "y": -11, "fill": f"#{colour}"}))
              for label, colour, _ in _series(chart)]
    legend.append((chart.pass_mark_label, _s("line", {"x1": 0, "x2": 22, "y1": -5, "y2": -5, "stroke": f"#{LINE}",
                                                      "stroke-width": 2.5, "stroke-dasharray": "6 3"})))
    # each entry: its key, then its label; the entries centred as a row (widths estimated from the text)
    widths = [30 + 8.5 * len(label) + 24 for label, _ in legend]
    x = (WIDTH - sum(widths)) / 2
    box = _s("g", {"class": "legend", "font-size": 16, "fill": f"#{INK}"})
    for (label, key), step in zip(legend, widths):
        box.append(_s("g", {"transform": f"translate({_n(x)} {HEIGHT - 14})"}, key, _s("text", {"x": 30, "y": 0}, text=label)))
        x += step
    root.append(box)
    return markup(root)


# ---------------------------------------------------------------- Word: a native chart

WORKSHEET_REL = f"{NSMAP['r']}/worksheet"  # the one kind python-docx's RELATIONSHIP_TYPE does not name
EMU_PER_CM = 360000
SIZE_CM = (16.0, 9.0)
THAI_NUMBERS = "[$-D00041E]"  # Thai digits (0D), Gregorian calendar (00), Thai locale (041E)


def _val(tag: str, value: object) -> etree._Element:
    """One of DrawingML's many elements that hold a single `val`, e.g. <c:idx val="0"/>."""
    return element(tag, {"val": value})


def _fill(colour: str) -> etree._Element:
    return element("a:solidFill", {}, _val("a:srgbClr", colour))


def _no_line() -> etree._Element:
    return element("a:ln", {}, element("a:noFill"))


def _invisible() -> etree._Element:
    """A shape property with neither fill nor outline."""
    return element("c:spPr", {}, element("a:noFill"), _no_line())


def _fonts(font: str) -> list[etree._Element]:
    return [element(f"a:{script}", {"typeface": font}) for script in ("latin", "ea", "cs")]


def _size(size: int, bold: bool) -> dict[str, object]:
    return {"sz": size * 100, "b": int(bold)}


def _text_props(chart: Chart, size: int, bold: bool = False, colour: str = INK) -> etree._Element:
    return element("c:txPr", {}, element("a:bodyPr"), element("a:lstStyle"), element(
        "a:p", {}, element("a:pPr", {}, element("a:defRPr", _size(size, bold), _fill(colour), *_fonts(chart.font))),
        element("a:endParaRPr", {"lang": "th-TH"})))


def _title(chart: Chart, text: str, size: int, bold: bool = False) -> etree._Element:
    rich = element("c:rich", {}, element("a:bodyPr"), element("a:lstStyle"), element(
        "a:p", {}, element("a:pPr", {}, element("a:defRPr", _size(size, bold), *_fonts(chart.font))),
        element("a:r", {}, element("a:rPr", {"lang": "th-TH", **_size(size, bold)}, _fill(INK), *_fonts(chart.font)),
                element("a:t", text=text))))
    return element("c:title", {}, element("c:tx", {}, rich), _val("c:overlay", 0))


def _column(index: int) -> str:
    return "ABCDEFGHIJ"[index]


def _range(index: int, count: int) -> str:
    """The workbook cells of a column's values, below its header."""
    column = _column(index)
    return f"Sheet1!${column}$2:${column}${count + 1}"


def _strings(ref: str, values: list[str]) -> etree._Element:
    points = [element("c:pt", {"idx": i}, element("c:v", text=v)) for i, v in enumerate(values)]
    return element("c:strRef", {}, element("c:f", text=ref),
                   element("c:strCache", {}, _val("c:ptCount", len(values)), *points))


def _numbers(ref: str, values: list[Decimal | None], format_code: str) -> etree._Element:
    points = [element("c:pt", {"idx": i}, element("c:v", text=str(v))) for i, v in enumerate(values) if v is not None]
    return element("c:numRef", {}, element("c:f", text=ref), element(
        "c:numCache", {}, element("c:formatCode", text=format_code), _val("c:ptCount", len(values)), *points))


def _formats(chart: Chart) -> tuple[str, str]:
    prefix = THAI_NUMBERS if chart.thai_digits else ""
    return prefix + "0.00", prefix + "0"


def _flags(**flags: int) -> list[etree._Element]:
    """<c:NAME val="0|1"/> for each flag, in the order given (the schema's)."""
    return [_val(f"c:{name}", value) for name, value in flags.items()]


def _axes() -> list[etree._Element]:
    """The two axes a plot's chart is drawn on."""
    return [_val("c:axId", 5001), _val("c:axId", 5002)]


def _ticks() -> list[etree._Element]:
    return [_val("c:majorTickMark", "out"), _val("c:minorTickMark", "none"), _val("c:tickLblPos", "nextTo")]


def chart_space(chart: Chart) -> etree._Element:
    """The chart part's root (c:chartSpace): a clustered column chart with one series per colour
    (overlapping, so each indicator has one bar) and a line chart of the pass mark on the same axes.
    Its workbook is related by the caller, who adds c:externalData (the last child) with its id."""
    scores, ticks = _formats(chart)
    count = len(chart.bars)

    def categories() -> etree._Element:
        return element("c:cat", {}, _strings(_range(0, count), [bar.label for bar in chart.bars]))

    def header(index: int, label: str) -> etree._Element:
        return element("c:tx", {}, _strings(f"Sheet1!${_column(index + 1)}$1", [label]))

    def values(index: int, numbers: list[Decimal | None]) -> etree._Element:
        return element("c:val", {}, _numbers(_range(index + 1, count), numbers, "0.00"))

    series = [element(
        "c:ser", {}, _val("c:idx", index), _val("c:order", index), header(index, label),
        element("c:spPr", {}, _fill(colour)), _val("c:invertIfNegative", 0),
        element("c:dLbls", {}, element("c:numFmt", {"formatCode": scores, "sourceLinked": 0}), _invisible(),
                _text_props(chart, 11, bold=True, colour="FFFFFF"), _val("c:dLblPos", "inBase"),
                *_flags(showLegendKey=0, showVal=1, showCatName=0, showSerName=0, showPercent=0, showBubbleSize=0)),
        categories(), values(index, [b.value if b else None for b in bars]))
        for index, (label, colour, bars) in enumerate(_series(chart))]
    bar_chart = element("c:barChart", {}, _val("c:barDir", "col"), _val("c:grouping", "clustered"),
                        _val("c:varyColors", 0), *series, _val("c:gapWidth", 35), _val("c:overlap", 100), *_axes())
    line_index = len(series)
    dashed = element("a:ln", {"w": 28575, "cap": "rnd"}, _fill(LINE), _val("a:prstDash", "dash"), element("a:round"))
    line_chart = element("c:lineChart", {}, _val("c:grouping", "standard"), _val("c:varyColors", 0), element(
        "c:ser", {}, _val("c:idx", line_index), _val("c:order", line_index), header(line_index, chart.pass_mark_label),
        element("c:spPr", {}, dashed), element("c:marker", {}, _val("c:symbol", "none")),
        categories(), values(line_index, [chart.pass_mark] * count), _val("c:smooth", 0)),
        _val("c:marker", 1), *_axes())

    def axis_line(width: int, colour: str) -> etree._Element:
        return element("c:spPr", {}, element("a:ln", {"w": width}, _fill(colour)))

    category_axis = element(
        "c:catAx", {}, _val("c:axId", 5001), element("c:scaling", {}, _val("c:orientation", "minMax")),
        _val("c:delete", 0), _val("c:axPos", "b"), _title(chart, chart.categories_title, 14),
        element("c:numFmt", {"formatCode": "General", "sourceLinked": 1}), *_ticks(), axis_line(9525, INK),
        _text_props(chart, 14), _val("c:crossAx", 5002), _val("c:crosses", "autoZero"), _val("c:auto", 1),
        _val("c:lblAlgn", "ctr"), _val("c:lblOffset", 100), _val("c:noMultiLvlLbl", 0))
    step = chart.ticks[1][0] - chart.ticks[0][0] if len(chart.ticks) > 1 else 20
    value_axis = element(
        "c:valAx", {}, _val("c:axId", 5002),
        element("c:scaling", {}, _val("c:orientation", "minMax"), _val("c:max", 100), _val("c:min", 0)),
        _val("c:delete", 0), _val("c:axPos", "l"), element("c:majorGridlines", {}, axis_line(6350, GRID)),
        _title(chart, chart.values_title, 14), element("c:numFmt", {"formatCode": ticks, "sourceLinked": 0}),
        *_ticks(),
        element("c:spPr", {}, _no_line()), _text_props(chart, 14), _val("c:crossAx", 5001),
        _val("c:crosses", "autoZero"), _val("c:crossBetween", "between"), _val("c:majorUnit", step))
    return element(
        "c:chartSpace", {}, _val("c:date1904", 0), _val("c:lang", "th-TH"), _val("c:roundedCorners", 0),
        element("c:chart", {}, _title(chart, chart.title, 16, bold=True), _val("c:autoTitleDeleted", 0),
                element("c:plotArea", {}, element("c:layout"), bar_chart, line_chart, category_axis, value_axis),
                element("c:legend", {}, _val("c:legendPos", "b"), _val("c:overlay", 0), _text_props(chart, 14)),
                _val("c:plotVisOnly", 1), _val("c:dispBlanksAs", "gap")),
        _invisible(), _text_props(chart, 14), nsmap={p: NSMAP[p] for p in ("c", "a", "r")})


def _cell(ref: str, value: str | Decimal | None) -> etree._Element | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return element("x:c", {"r": ref}, element("x:v", text=str(value)))
    return element("x:c", {"r": ref, "t": "inlineStr"}, element("x:is", {}, element("x:t", text=value)))


def _relationships(rid: str, kind: str, target: str) -> etree._Element:
    """A .rels part of one relationship."""
    return element("pr:Relationships", {}, element("pr:Relationship", {"Id": rid, "Type": kind, "Target": target}),
                   nsmap={None: NSMAP["pr"]})


def workbook(chart: Chart) -> bytes:
    """The chart's data as the small workbook Word opens for "Edit Data": categories in column A, a
    column per bar series, the pass mark in the last."""
    series = _series(chart)
    rows: list[list[str | Decimal | None]] = [
        [chart.categories_title, *(label for label, _, _ in series), chart.pass_mark_label]]
    for i, bar in enumerate(chart.bars):
        in_series = [bars[i] for _, _, bars in series]
        rows.append([bar.label, *(b.value if b else None for b in in_series), chart.pass_mark])
    sheet_rows = [element("x:row", {"r": r}, *[_cell(f"{_column(c)}{r}", v) for c, v in enumerate(row)])
                  for r, row in enumerate(rows, 1)]
    types = element(
        "ct:Types", {}, element("ct:Default", {"Extension": "rels", "ContentType": CT.OPC_RELATIONSHIPS}),
        element("ct:Default", {"Extension": "xml", "ContentType": CT.XML}),
        element("ct:Override", {"PartName": "/xl/workbook.xml", "ContentType": CT.SML_SHEET_MAIN}),
        element("ct:Override", {"PartName": "/xl/worksheets/sheet1.xml", "ContentType": CT.SML_WORKSHEET}),
        nsmap={None: NSMAP["ct"]})
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": _relationships("rId1", RT.OFFICE_DOCUMENT, "xl/workbook.xml"),
        "xl/workbook.xml": element("x:workbook", {}, element("x:sheets", {}, element(
            "x:sheet", {"name": "Sheet1", "sheetId": 1, "r:id": "rId1"})), nsmap={None: NSMAP["x"], "r": NSMAP["r"]}),
        "xl/_rels/workbook.xml.rels": _relationships("rId1", WORKSHEET_REL, "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml": element("x:worksheet", {}, element("x:sheetData", {}, *sheet_rows),
                                            nsmap={None: NSMAP["x"]}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, root in parts.items():
            package.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), part_xml(root), zipfile.ZIP_DEFLATED)
    return out.getvalue()


class ChartPart(XmlPart):
    """A chart's part in python-docx's idiom (an XML part whose element is its root), its bytes with
    the declaration Word writes."""

    @property
    def blob(self) -> bytes:
        return part_xml(self.element)


def place_in_docx(document, paragraph, chart: Chart) -> None:
    """Adds the chart part (and its workbook) to a python-docx Document and draws the chart in the
    paragraph (a w:p), inline, as wide as SIZE_CM, with the description as its alt text."""
    package = document.part.package
    # XmlPart is typed for python-docx's own element classes; a chart element (no class of its own) is
    # a plain lxml element, which is all the part reads and writes
    root = cast(BaseOxmlElement, chart_space(chart))
    part = ChartPart(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, root, package)
    data = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT.SML_SHEET,
                workbook(chart), package)
    # the workbook's relationship id is known once the part is there: c:externalData, the root's last child
    workbook_rid = part.relate_to(data, RT.PACKAGE)
    part.element.append(element("c:externalData", {"r:id": workbook_rid}, _val("c:autoUpdate", 0)))
    rid = document.part.relate_to(part, RT.CHART)
    width, height = (round(v * EMU_PER_CM) for v in SIZE_CM)
    number = document.part.next_id
    graphic = element("a:graphic", {}, element("a:graphicData", {"uri": NSMAP["c"]}, element(
        "c:chart", {"r:id": rid}, nsmap={p: NSMAP[p] for p in ("c", "r")})))
    inline = element(
        "wp:inline", {"distT": 0, "distB": 0, "distL": 0, "distR": 0}, element("wp:extent", {"cx": width, "cy": height}),
        element("wp:effectExtent", {"l": 0, "t": 0, "r": 0, "b": 0}),
        element("wp:docPr", {"id": number, "name": f"Chart {number}", "descr": chart.description}),
        element("wp:cNvGraphicFramePr"), graphic)
    paragraph.append(element("w:r", {}, element("w:drawing", {}, inline)))

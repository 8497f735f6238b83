"""Draws the analysis's bar chart (derive_analysis.Chart): the indicator scores as bars, those below
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
from html import escape

from ..content import Bar, Chart

PASSED, WEAK, LINE, GRID, INK = "2E6DA4", "C0392B", "C00000", "D9D9D9", "222222"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


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


def svg(chart: Chart) -> str:
    """The chart as an inline <svg> element (role img, with a title and a description)."""
    left, top, right, bottom = PLOT
    height = bottom - top
    y = lambda value: bottom - height * float(value) / 100  # noqa: E731
    slot = (right - left) / max(1, len(chart.bars))
    width = slot * 0.74
    font = escape(chart.font)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-labelledby="chart-title chart-desc" class="chart" '
           f'font-family="{font}, TH SarabunIT๙, TH Sarabun New, Sarabun, Laksaman, Noto Sans Thai, sans-serif">',
           f'<title id="chart-title">{escape(chart.title)}</title><desc id="chart-desc">{escape(chart.description)}</desc>',
           f'<text x="{WIDTH / 2:g}" y="26" text-anchor="middle" font-size="22" font-weight="bold" fill="#{INK}">'
           f'{escape(chart.title)}</text>']
    for value, label in chart.ticks:
        out.append(f'<line class="grid" x1="{left}" x2="{right}" y1="{_n(y(value))}" y2="{_n(y(value))}" '
                   f'stroke="#{GRID}" stroke-width="1"/>'
                   f'<text x="{left - 8}" y="{_n(y(value) + 5)}" text-anchor="end" font-size="16" fill="#{INK}">'
                   f'{escape(label)}</text>')
    out.append(f'<text x="16" y="{_n(top + height / 2)}" text-anchor="middle" font-size="16" fill="#{INK}" '
               f'transform="rotate(-90 16 {_n(top + height / 2)})">{escape(chart.values_title)}</text>')
    for i, bar in enumerate(chart.bars):
        x = left + slot * i + (slot - width) / 2
        colour = WEAK if bar.weak else PASSED
        out.append(
            f'<rect class="bar{" weak" if bar.weak else ""}" data-label="{escape(bar.label)}" data-value="{bar.value}" '
            f'x="{_n(x)}" y="{_n(y(bar.value))}" width="{_n(width)}" height="{_n(bottom - y(bar.value))}" fill="#{colour}">'
            f'<title>{escape(chart.categories_title)} {escape(bar.label)} {escape(bar.name)}: {escape(bar.text)}</title></rect>'
            f'<text x="{_n(x + width / 2)}" y="{bottom - 8}" text-anchor="middle" font-size="14" font-weight="bold" '
            f'fill="#FFFFFF">{escape(bar.text)}</text>'
            f'<text x="{_n(x + width / 2)}" y="{bottom + 20}" text-anchor="middle" font-size="16" fill="#{INK}">'
            f'{escape(bar.label)}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#{INK}" stroke-width="1"/>')
    mark = _n(y(chart.pass_mark))
    out.append(f'<line class="pass-mark" data-value="{chart.pass_mark}" x1="{left}" x2="{right}" y1="{mark}" '
               f'y2="{mark}" stroke="#{LINE}" stroke-width="2.5" stroke-dasharray="9 5"/>')
    out.append(f'<text x="{_n((left + right) / 2)}" y="{bottom + 44}" text-anchor="middle" font-size="16" '
               f'fill="#{INK}">{escape(chart.categories_title)}</text>')
    legend = [(label, f'<rect width="22" height="12" y="-11" fill="#{colour}"/>') for label, colour, _ in _series(chart)]
    legend.append((chart.pass_mark_label, f'<line x1="0" x2="22" y1="-5" y2="-5" stroke="#{LINE}" stroke-width="2.5" '
                                          'stroke-dasharray="6 3"/>'))
    # each entry: its key, then its label; the entries centred as a row (widths estimated from the text)
    widths = [30 + 8.5 * len(label) + 24 for label, _ in legend]
    x = (WIDTH - sum(widths)) / 2
    out.append(f'<g class="legend" font-size="16" fill="#{INK}">')
    for (label, key), step in zip(legend, widths):
        out.append(f'<g transform="translate({_n(x)} {HEIGHT - 14})">{key}<text x="30" y="0">{escape(label)}</text></g>')
        x += step
    out.append("</g></svg>")
    return "".join(out)


# ---------------------------------------------------------------- Word: a native chart

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL = f"{R_NS}/chart"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_REL = f"{R_NS}/package"
EMU_PER_CM = 360000
SIZE_CM = (16.0, 9.0)
THAI_NUMBERS = "[$-D00041E]"  # Thai digits (0D), Gregorian calendar (00), Thai locale (041E)


def _fonts(font: str) -> str:
    face = escape(font)
    return f'<a:latin typeface="{face}"/><a:ea typeface="{face}"/><a:cs typeface="{face}"/>'


def _text_props(chart: Chart, size: int, bold: bool = False, colour: str = INK) -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size * 100}" b="{int(bold)}">'
            f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>{_fonts(chart.font)}</a:defRPr></a:pPr>'
            '<a:endParaRPr lang="th-TH"/></a:p></c:txPr>')


def _rich(chart: Chart, text: str, size: int, bold: bool = False) -> str:
    return (f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size * 100}" b="{int(bold)}">'
            f'{_fonts(chart.font)}</a:defRPr></a:pPr><a:r><a:rPr lang="th-TH" sz="{size * 100}" b="{int(bold)}">'
            f'<a:solidFill><a:srgbClr val="{INK}"/></a:solidFill>{_fonts(chart.font)}</a:rPr>'
            f'<a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>')


def _title(chart: Chart, text: str, size: int, bold: bool = False) -> str:
    return f'<c:title>{_rich(chart, text, size, bold)}<c:overlay val="0"/></c:title>'


def _column(index: int) -> str:
    return "ABCDEFGHIJ"[index]


def _range(index: int, count: int) -> str:
    """The workbook cells of a column's values, below its header."""
    column = _column(index)
    return f"Sheet1!${column}$2:${column}${count + 1}"


def _strings(ref: str, values: list[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache></c:strRef>'


def _numbers(ref: str, values: list[Decimal | None], format_code: str) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    return (f'<c:numRef><c:f>{ref}</c:f><c:numCache><c:formatCode>{escape(format_code)}</c:formatCode>'
            f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>')


def _formats(chart: Chart) -> tuple[str, str]:
    prefix = THAI_NUMBERS if chart.thai_digits else ""
    return prefix + "0.00", prefix + "0"


def chart_xml(chart: Chart, workbook_rid: str = "rId1") -> str:
    """The chart part (c:chartSpace): a clustered column chart with one series per colour (overlapping,
    so each indicator has one bar) and a line chart of the pass mark on the same axes; its data in the
    workbook related as `workbook_rid`."""
    scores, ticks = _formats(chart)
    count = len(chart.bars)
    categories = _strings(_range(0, count), [bar.label for bar in chart.bars])
    series = []
    for index, (label, colour, bars) in enumerate(_series(chart)):
        series.append(
            f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx>{_strings(f"Sheet1!${_column(index + 1)}$1", [label])}</c:tx>'
            f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>'
            f'<c:dLbls><c:numFmt formatCode="{escape(scores)}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln>'
            f'</c:spPr>{_text_props(chart, 11, bold=True, colour="FFFFFF")}<c:dLblPos val="inBase"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
            '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
            f'<c:cat>{categories}</c:cat>'
            f'<c:val>{_numbers(_range(index + 1, count), [b.value if b else None for b in bars], "0.00")}'
            '</c:val></c:ser>')
    line_index = len(series)
    line = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
            f'<c:ser><c:idx val="{line_index}"/><c:order val="{line_index}"/>'
            f'<c:tx>{_strings(f"Sheet1!${_column(line_index + 1)}$1", [chart.pass_mark_label])}</c:tx>'
            f'<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="{LINE}"/></a:solidFill>'
            '<a:prstDash val="dash"/><a:round/></a:ln></c:spPr><c:marker><c:symbol val="none"/></c:marker>'
            f'<c:cat>{categories}</c:cat>'
            f'<c:val>{_numbers(_range(line_index + 1, count), [chart.pass_mark] * count, "0.00")}</c:val>'
            '<c:smooth val="0"/></c:ser><c:marker val="1"/><c:axId val="5001"/><c:axId val="5002"/></c:lineChart>')
    bar_chart = ('<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>' + "".join(series)
            + '<c:gapWidth val="35"/><c:overlap val="100"/><c:axId val="5001"/><c:axId val="5002"/></c:barChart>')
    category_axis = (
        f'<c:catAx><c:axId val="5001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="b"/>{_title(chart, chart.categories_title, 14)}<c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="{INK}"/></a:solidFill></a:ln></c:spPr>'
        f'{_text_props(chart, 14)}<c:crossAx val="5002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>')
    value_axis = (
        '<c:valAx><c:axId val="5002"/><c:scaling><c:orientation val="minMax"/><c:max val="100"/><c:min val="0"/>'
        '</c:scaling><c:delete val="0"/><c:axPos val="l"/>'
        f'<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="{GRID}"/></a:solidFill></a:ln>'
        f'</c:spPr></c:majorGridlines>{_title(chart, chart.values_title, 14)}'
        f'<c:numFmt formatCode="{escape(ticks)}" sourceLinked="0"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:spPr><a:ln><a:noFill/></a:ln></c:spPr>'
        f'{_text_props(chart, 14)}<c:crossAx val="5001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        f'<c:majorUnit val="{chart.ticks[1][0] - chart.ticks[0][0] if len(chart.ticks) > 1 else 20}"/></c:valAx>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        '<c:date1904 val="0"/><c:lang val="th-TH"/><c:roundedCorners val="0"/>'
        f'<c:chart>{_title(chart, chart.title, 16, bold=True)}<c:autoTitleDeleted val="0"/>'
        f'<c:plotArea><c:layout/>{bar_chart}{line}{category_axis}{value_axis}</c:plotArea>'
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_text_props(chart, 14)}</c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f'<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{_text_props(chart, 14)}'
        f'<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>')


def _cell(ref: str, value: str | Decimal | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def workbook(chart: Chart) -> bytes:
    """The chart's data as the small workbook Word opens for "Edit Data": categories in column A, a
    column per bar series, the pass mark in the last."""
    series = _series(chart)
    header: list[str | Decimal | None] = [chart.categories_title, *(label for label, _, _ in series), chart.pass_mark_label]
    rows = [header] + [[bar.label, *(b.value if b else None for b in (bars[i] for _, _, bars in series)), chart.pass_mark]
                       for i, bar in enumerate(chart.bars)]
    sheet_rows = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{_column(c)}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, 1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    pkg = "http://schemas.openxmlformats.org/package/2006"
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": f'{head}<Types xmlns="{pkg}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'{head}<Relationships xmlns="{pkg}/relationships">'
        f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{head}<workbook xmlns="{main}" xmlns:r="{R_NS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'{head}<Relationships xmlns="{pkg}/relationships">'
        f'<Relationship Id="rId1" Type="{R_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'{head}<worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def place_in_docx(document, paragraph, chart: Chart) -> None:
    """Adds the chart part (and its workbook) to a python-docx Document and draws the chart in the
    paragraph (an lxml w:p), inline, as wide as SIZE_CM, with the description as its alt text."""
    from docx.opc.part import Part
    from docx.oxml.parser import parse_xml

    package = document.part.package
    part = Part(package.next_partname("/word/charts/chart%d.xml"), CHART_TYPE, None, package)
    data = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), WORKBOOK_TYPE,
                workbook(chart), package)
    part._blob = chart_xml(chart, part.relate_to(data, WORKBOOK_REL)).encode("utf-8")  # python-docx keeps a part's bytes here
    rid = document.part.relate_to(part, CHART_REL)
    width, height = (round(v * EMU_PER_CM) for v in SIZE_CM)
    number = document.part.next_id
    paragraph.append(parse_xml(
        f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:drawing>'
        f'<wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{number}" name="Chart {number}" '
        f'descr="{escape(chart.description)}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}"><c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" '
        f'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'))

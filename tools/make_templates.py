"""Writes templates/memo.docx, table.docx, announcement.docx, publication-form.docx and analysis.docx:
minimal Word packages whose styles carry every Thai property (complex-script font, size and bold, th-TH
language, compatibility mode 15), so that the documents built from them render Thai right in Word and
LibreOffice. Run it after changing a measure below; the .docx files it writes are the ones users open
and edit in Word.

    python tools/make_templates.py
"""
from __future__ import annotations

import zipfile
from pathlib import Path

FONT = "TH SarabunIT๙"
TWIPS_PER_CM = 1440 / 2.54


def cm(value: float) -> int:
    return round(value * TWIPS_PER_CM)


W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def rpr(size: float, bold: bool = False) -> str:
    b = "<w:b/><w:bCs/>" if bold else ""
    half = round(size * 2)
    return f"<w:rPr>{b}<w:sz w:val=\"{half}\"/><w:szCs w:val=\"{half}\"/></w:rPr>"


def pstyle(sid: str, name: str, ppr: str = "", run: str = "", based: str = "Normal", next_: str | None = None) -> str:
    nxt = f'<w:next w:val="{next_}"/>' if next_ else ""
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based}"/>{nxt}<w:qFormat/><w:pPr>{ppr}</w:pPr>{run}</w:style>')


def tabs(*stops: tuple[str, int]) -> str:
    return "<w:tabs>" + "".join(f'<w:tab w:val="{kind}" w:leader="dot" w:pos="{pos}"/>' for kind, pos in stops) + "</w:tabs>"


def styles(text_width: int, extra: str) -> str:
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    return (HEAD + f'<w:styles {W_NS}>'
            '<w:docDefaults><w:rPrDefault><w:rPr>' + fonts +
            '<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="th-TH" w:eastAsia="en-US" w:bidi="th-TH"/>'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            '</w:pPr></w:pPrDefault></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            '</w:tblCellMar></w:tblPr></w:style>'
            + pstyle("ITAPageNumber", "ITA Page Number", '<w:jc w:val="center"/>')
            + extra + '</w:styles>')


def memo_styles(width: int) -> str:
    before = '<w:spacing w:before="120"/>'
    return styles(width, "".join([
        pstyle("ITATitle", "ITA Title", '<w:spacing w:line="700" w:lineRule="exact"/><w:jc w:val="center"/>',
               rpr(29, bold=True)),
        pstyle("ITAField", "ITA Field", tabs(("right", width))),
        pstyle("ITAFieldPair", "ITA Field Pair", tabs(("left", cm(8)), ("right", width))),
        pstyle("ITASubject", "ITA Subject", tabs(("right", width)) + before),
        pstyle("ITAPlain", "ITA Plain", before),
        pstyle("ITABody", "ITA Body", before + f'<w:ind w:firstLine="{cm(2.5)}"/><w:jc w:val="thaiDistribute"/>'),
        pstyle("ITASignature", "ITA Signature", f'<w:keepNext/><w:ind w:left="{cm(4.5)}"/><w:jc w:val="center"/>'),
        pstyle("ITAComment", "ITA Comment", "<w:keepNext/>" + tabs(("right", width))),
        pstyle("ITAGap", "ITA Gap", "<w:keepNext/>"),
        '<w:style w:type="character" w:customStyle="1" w:styleId="ITALabel"><w:name w:val="ITA Label"/>'
        '<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>' + rpr(20, bold=True) + '</w:style>',
    ]))


def table_styles(width: int) -> str:
    return styles(width, "".join([
        pstyle("ITAHeading", "ITA Heading", '<w:keepNext/><w:jc w:val="center"/>', rpr(16, bold=True)),
        pstyle("ITABody", "ITA Body", f'<w:spacing w:before="120" w:after="120"/><w:ind w:firstLine="{cm(2.5)}"/>'
               '<w:jc w:val="thaiDistribute"/>'),
        pstyle("ITATableHeader", "ITA Table Header", '<w:jc w:val="center"/>', rpr(16, bold=True)),
        pstyle("ITACell", "ITA Cell", ""),
        pstyle("ITACellSub", "ITA Cell Sub", f'<w:ind w:left="{cm(0.4)}"/>', based="ITACell"),
    ]))


SETTINGS = (HEAD + f'<w:settings {W_NS}><w:defaultTabStop w:val="720"/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
            ' w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:bidi="th-TH"/></w:settings>')

HEADER = (HEAD + f'<w:hdr {W_NS}><w:p><w:pPr><w:pStyle w:val="ITAPageNumber"/></w:pPr>'
          '<w:r><w:t xml:space="preserve">- </w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>๒</w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
          '<w:r><w:t xml:space="preserve"> -</w:t></w:r></w:p></w:hdr>')
EMPTY_HEADER = HEAD + f'<w:hdr {W_NS}><w:p><w:pPr><w:pStyle w:val="ITAPageNumber"/></w:pPr></w:p></w:hdr>'

CONTENT_TYPES = (
    HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/header1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT_RELS = (
    HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
    ' Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/></Relationships>')
DOC_RELS = (
    HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="rId4" Type="{REL}/header" Target="header2.xml"/></Relationships>')
CORE = (HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title></dc:title><dc:creator>ita-report</dc:creator>'
        '</cp:coreProperties>')
APP = (HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       '<Application>ita-report</Application></Properties>')


def para(style: str, text: str = "") -> str:
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run}</w:p>'


def sect(width: int, height: int, top: float, bottom: float, left: float, right: float, landscape: bool) -> str:
    orient = ' w:orient="landscape"' if landscape else ""
    return ('<w:sectPr><w:headerReference w:type="default" r:id="rId3"/>'
            '<w:headerReference w:type="first" r:id="rId4"/>'
            f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
            f'<w:pgMar w:top="{cm(top)}" w:right="{cm(right)}" w:bottom="{cm(bottom)}" w:left="{cm(left)}"'
            f' w:header="{cm(1.2)}" w:footer="{cm(1)}" w:gutter="0"/>'
            '<w:pgNumType w:fmt="thaiNumbers"/><w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="435"/></w:sectPr>')


A4_SHORT, A4_LONG = 11906, 16838

COLUMNS = [  # header text (spaces mark where a narrow header may break), marker, width in cm (sum 26.7)
    ("มาตรการ/ แนวทาง", "measure", 3.3),
    ("วิธีการดำเนินการ", "steps", 6.4),
    ("ผู้รับผิดชอบ", "owners", 2.9),
    ("ระยะเวลา ดำเนินการ/ กำหนดการ แล้วเสร็จ", "period", 3.2),
    ("ผลการดำเนินงาน", "results", 7.6),
    ("ข้อเสนอแนะ", "suggestions", 3.3),
]


BORDER = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                 for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def column_widths(columns: list[tuple[str, str, float]]) -> tuple[list[int], str]:
    """The columns' widths in twips, and the table grid that LibreOffice needs to keep them."""
    widths = [cm(w) for _, _, w in columns]
    return widths, "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)


def measure_table(columns: list[tuple[str, str, float]]) -> str:
    """The measure table: a header row repeated on each page, and the prototype row of markers."""
    widths, grid = column_widths(columns)

    def row(header: bool) -> str:
        tr = '<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>' if header else ""
        valign = '<w:vAlign w:val="center"/>' if header else ""
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{valign}</w:tcPr>'
            + (para("ITATableHeader", text) if header else para("ITACell", "{{ " + marker + " }}")) + "</w:tc>"
            for (text, marker, _), w in zip(columns, widths))
        return f"<w:tr>{tr}{cells}</w:tr>"

    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{BORDER}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
            f' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            + row(True) + row(False) + "</w:tbl>")


def table_document() -> str:
    return (HEAD + f'<w:document {W_NS}><w:body>' + para("Normal", "{{ content }}") + measure_table(COLUMNS)
            + para("Normal") + sect(A4_LONG, A4_SHORT, 1.5, 1.5, 1.5, 1.5, landscape=True) + "</w:body></w:document>")


def analysis_styles(width: int) -> str:
    """The analysis of last year's results (portrait, the memo's margins): title, body, the weak points
    as a ranked list with their measures below, the indicator table and the chart."""
    return styles(width, "".join([
        pstyle("ITAHeading", "ITA Heading", '<w:keepNext/><w:spacing w:after="120"/><w:jc w:val="center"/>',
               rpr(18, bold=True)),
        pstyle("ITABody", "ITA Body", f'<w:spacing w:before="120" w:after="120"/><w:ind w:firstLine="{cm(2.5)}"/>'
               '<w:jc w:val="thaiDistribute"/>'),
        pstyle("ITASubheading", "ITA Subheading", '<w:keepNext/><w:spacing w:before="240" w:after="60"/>',
               rpr(16, bold=True)),
        pstyle("ITAItem", "ITA Item", f'<w:keepNext/><w:spacing w:before="60"/><w:ind w:left="{cm(1.25)}"/>'),
        pstyle("ITADetail", "ITA Detail", f'<w:ind w:left="{cm(2)}" w:hanging="{cm(0.3)}"/>'),
        pstyle("ITAChart", "ITA Chart", '<w:keepLines/><w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/>'),
        pstyle("ITATableHeader", "ITA Table Header", '<w:keepNext/><w:jc w:val="center"/>', rpr(16, bold=True)),
        pstyle("ITACell", "ITA Cell", ""),
        pstyle("ITACellCentre", "ITA Cell Centre", '<w:jc w:val="center"/>', based="ITACell"),
        pstyle("ITACellGroup", "ITA Cell Group", "", rpr(16, bold=True), based="ITACell"),
        pstyle("ITACellTotal", "ITA Cell Total", '<w:jc w:val="center"/>', rpr(16, bold=True), based="ITACell"),
    ]))


ANALYSIS_COLUMNS = [  # header text, marker, width in cm (sum 16: the text width)
    ("ตัวชี้วัดที่", "number", 2.2),
    ("ตัวชี้วัด", "indicator", 8.8),
    ("คะแนน", "score", 2.5),
    ("ระดับ", "level", 2.5),
]


def analysis_document() -> str:
    widths, grid = column_widths(ANALYSIS_COLUMNS)

    def cell(width: int, style: str, text: str, span: int = 1, shade: str = "") -> str:
        props = f'<w:tcW w:w="{width}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
        return f"<w:tc><w:tcPr>{props}<w:vAlign w:val=\"center\"/></w:tcPr>{para(style, text)}</w:tc>"

    header = ('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
              + "".join(cell(w, "ITATableHeader", text, shade="F2F2F2") for (text, _, _), w in zip(ANALYSIS_COLUMNS, widths))
              + "</w:tr>")
    group = ('<w:tr><w:trPr><w:cantSplit/></w:trPr>'
             + cell(sum(widths), "ITACellGroup", "{{ group }}", span=4, shade="F2F2F2") + "</w:tr>")
    item = ('<w:tr><w:trPr><w:cantSplit/></w:trPr>'
            + "".join(cell(w, "ITACell" if marker == "indicator" else "ITACellCentre", "{{ " + marker + " }}")
                      for (_, marker, _), w in zip(ANALYSIS_COLUMNS, widths)) + "</w:tr>")
    total = ('<w:tr><w:trPr><w:cantSplit/></w:trPr>' + cell(widths[0] + widths[1], "ITACellTotal", "{{ total }}", span=2)
             + cell(widths[2], "ITACellTotal", "{{ score }}") + cell(widths[3], "ITACellTotal", "{{ level }}") + "</w:tr>")
    table = (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
             f'<w:tblBorders>{BORDER}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" '
             'w:firstRow="1" w:lastRow="1" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
             f'<w:tblGrid>{grid}</w:tblGrid>{header}{group}{item}{total}</w:tbl>')
    return (HEAD + f'<w:document {W_NS}><w:body>' + para("Normal", "{{ content }}") + table + para("Normal")
            + sect(A4_SHORT, A4_LONG, 2.5, 2, 3, 2, landscape=False) + "</w:body></w:document>")


def memo_document() -> str:
    return (HEAD + f'<w:document {W_NS}><w:body>' + para("Normal", "{{ content }}")
            + sect(A4_SHORT, A4_LONG, 2.5, 2, 3, 2, landscape=False) + "</w:body></w:document>")


# ---------------------------------------------------------------- the year's measures announcement (ประกาศ)
# A4 portrait, margins as the memo's (left 3, right 2, top 2.5, bottom 2 cm). The Garuda, 3 cm high, is
# placed by the program 1.5 cm below the paper's top edge, centred; the first paragraph (ITA Emblem)
# keeps its room, so the title starts below it whether or not the picture is there.
EMBLEM_TOP, EMBLEM_HEIGHT, TOP_MARGIN = 1.5, 3.0, 2.5
EMBLEM_ROOM = EMBLEM_TOP + EMBLEM_HEIGHT - TOP_MARGIN + 0.3  # to 0.3 cm below the Garuda
RULE_WIDTH = 4.0  # the short rule under เรื่อง

ANNOUNCEMENT_COLUMNS = [  # the planning columns of the measure table (sum 16 cm: the text width)
    ("มาตรการ/แนวทาง", "measure", 4.2),
    ("วิธีการดำเนินการ", "steps", 6.4),
    ("ผู้รับผิดชอบ", "owners", 2.7),
    ("ระยะเวลา ดำเนินการ", "period", 2.7),
]


def announcement_styles(width: int) -> str:
    before = '<w:spacing w:before="120"/>'
    side = (width - cm(RULE_WIDTH)) // 2
    return styles(width, "".join([
        pstyle("ITAEmblem", "ITA Emblem", f'<w:spacing w:line="{cm(EMBLEM_ROOM)}" w:lineRule="exact"/>'
               '<w:jc w:val="center"/>'),
        pstyle("ITATitle", "ITA Title", '<w:keepNext/><w:jc w:val="center"/>', rpr(16, bold=True)),
        pstyle("ITATopic", "ITA Topic", '<w:keepNext/><w:jc w:val="center"/>', rpr(16, bold=True)),
        pstyle("ITARule", "ITA Rule", '<w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1"'
               f' w:color="000000"/></w:pBdr><w:spacing w:line="160" w:lineRule="exact"/>'
               f'<w:ind w:left="{side}" w:right="{side}"/>'),
        pstyle("ITABody", "ITA Body", before + f'<w:ind w:firstLine="{cm(2.5)}"/><w:jc w:val="thaiDistribute"/>'),
        pstyle("ITAItem", "ITA Item", f'<w:ind w:firstLine="{cm(2.5)}"/><w:jc w:val="thaiDistribute"/>'),
        pstyle("ITADate", "ITA Date", f'<w:keepNext/>{before}<w:ind w:left="{cm(4.5)}"/><w:jc w:val="center"/>'),
        pstyle("ITASignature", "ITA Signature", f'<w:keepNext/><w:ind w:left="{cm(4.5)}"/><w:jc w:val="center"/>'),
        pstyle("ITAGap", "ITA Gap", "<w:keepNext/>"),
        pstyle("ITAHeading", "ITA Heading", '<w:keepNext/><w:pageBreakBefore/><w:jc w:val="center"/>',
               rpr(16, bold=True)),
        pstyle("ITACaption", "ITA Caption", '<w:keepNext/><w:spacing w:after="120"/><w:jc w:val="center"/>'),
        pstyle("ITATableHeader", "ITA Table Header", '<w:jc w:val="center"/>', rpr(16, bold=True)),
        pstyle("ITACell", "ITA Cell", ""),
        pstyle("ITACellSub", "ITA Cell Sub", f'<w:ind w:left="{cm(0.4)}"/>', based="ITACell"),
    ]))


def announcement_document() -> str:
    return (HEAD + f'<w:document {W_NS}><w:body>' + para("Normal", "{{ content }}")
            + measure_table(ANNOUNCEMENT_COLUMNS) + para("Normal")
            + sect(A4_SHORT, A4_LONG, TOP_MARGIN, 2, 3, 2, landscape=False) + "</w:body></w:document>")


# ---------------------------------------------------------------- the web publication request form
# A4 portrait, margins as the memo's; the details in one box, the three signers in boxes below it.
CELL_MARGIN = 108  # twips, Word's default left and right cell margin


def form_styles(width: int) -> str:
    inner = width - 2 * CELL_MARGIN
    return styles(width, "".join([
        pstyle("ITATitle", "ITA Title", '<w:keepNext/><w:jc w:val="center"/>', rpr(18, bold=True)),
        pstyle("ITACaption", "ITA Caption", '<w:keepNext/><w:spacing w:after="120"/><w:jc w:val="center"/>',
               rpr(16, bold=True)),
        pstyle("ITAField", "ITA Field", tabs(("right", inner)) + '<w:spacing w:before="60"/>'),
        pstyle("ITASection", "ITA Section", '<w:keepNext/><w:spacing w:before="60"/>', rpr(16, bold=True)),
        pstyle("ITAItem", "ITA Item", f'<w:ind w:left="{cm(1)}" w:hanging="{cm(0.5)}"/>'),
        pstyle("ITAPlain", "ITA Plain", ""),
        pstyle("ITASignature", "ITA Signature", '<w:keepNext/><w:jc w:val="center"/>'),
        pstyle("ITADate", "ITA Date", '<w:spacing w:after="120"/><w:jc w:val="center"/>'),
        pstyle("ITAGap", "ITA Gap", "<w:keepNext/>"),
        '<w:style w:type="character" w:customStyle="1" w:styleId="ITALabel"><w:name w:val="ITA Label"/>'
        '<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>' + rpr(16, bold=True) + '</w:style>',
    ]))


def boxes(width: int, markers: list[str]) -> str:
    """A bordered table of one row, a box per marker, side by side."""
    each = width // len(markers)
    grid = "".join(f'<w:gridCol w:w="{each}"/>' for _ in markers)
    cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{each}" w:type="dxa"/></w:tcPr>'
                    + para("Normal", "{{ " + marker + " }}") + "</w:tc>" for marker in markers)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{each * len(markers)}" w:type="dxa"/><w:tblBorders>{BORDER}'
            '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
            f'<w:bottom w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr></w:tbl>')


def form_document(width: int) -> str:
    return (HEAD + f'<w:document {W_NS}><w:body>' + para("Normal", "{{ content }}")
            + boxes(width, ["details"]) + para("Normal") + boxes(width, ["provider", "approver"]) + para("Normal")
            + boxes(width, ["publisher"]) + para("Normal")
            + sect(A4_SHORT, A4_LONG, 2.5, 2, 3, 2, landscape=False) + "</w:body></w:document>")


def package(path: Path, document: str, style_xml: str) -> None:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "docProps/core.xml": CORE,
        "docProps/app.xml": APP, "word/_rels/document.xml.rels": DOC_RELS, "word/document.xml": document,
        "word/styles.xml": style_xml, "word/settings.xml": SETTINGS, "word/header1.xml": HEADER,
        "word/header2.xml": EMPTY_HEADER,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"), zipfile.ZIP_DEFLATED)


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "templates"
    memo_width = A4_SHORT - cm(3) - cm(2)
    table_width = A4_LONG - cm(1.5) * 2
    package(out / "memo.docx", memo_document(), memo_styles(memo_width))
    package(out / "table.docx", table_document(), table_styles(table_width))
    package(out / "announcement.docx", announcement_document(), announcement_styles(memo_width))
    package(out / "publication-form.docx", form_document(memo_width), form_styles(memo_width))
    package(out / "analysis.docx", analysis_document(), analysis_styles(memo_width))
    for name in ("memo.docx", "table.docx", "announcement.docx", "publication-form.docx", "analysis.docx"):
        print(f"wrote {out / name}")


if __name__ == "__main__":
    main()

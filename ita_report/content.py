"""What derive makes and the renderers lay out: documents as plain data, every text already final
(Thai digits, dates, numbering). The stages meet here: derive.py and derive_analysis.py build these,
render/*.py read them, and neither side imports the other."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .problems import Problem
from .thai import Round

# Paragraph kinds a wording template may use; each maps to a style in the docx templates.
MEMO_KINDS = ("title", "field", "subject", "plain", "body", "sign", "comment", "space", "gap")
TABLE_KINDS = ("heading", "body")
COLUMNS = ("measure", "steps", "owners", "period", "results", "suggestions")
# Lines that only mark a place: the document's table and its chart go there
PLACEHOLDER_KINDS = ("table", "chart")
COLUMN_NAMES = {"measure": ("มาตรการ/แนวทาง", "measure"), "steps": ("วิธีการดำเนินการ", "steps"),
                "owners": ("ผู้รับผิดชอบ", "owners"), "period": ("ระยะเวลาดำเนินการ", "period"),
                "results": ("ผลการดำเนินงาน", "results"), "suggestions": ("ข้อเสนอแนะ", "suggestions")}
# Lines in one cell of the table: a real cell holds tens; a cell of thousands is no longer a table
# row anyone reads, and every line costs time and memory in each document.
MAX_CELL_LINES = 2000


@dataclass(frozen=True)
class Block:
    """A paragraph: its kind and its text parts (a field has label, value[, label, value])."""

    kind: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    """A paragraph inside a table cell; level indents sub-steps."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class Row:
    cells: dict[str, tuple[Line, ...]]  # keyed by the document's columns
    kind: str = "item"  # or "group" / "total": laid out by the template's row that holds {{ group }} / {{ total }}


@dataclass(frozen=True)
class Document:
    """One output document, ready to lay out."""

    kind: str  # "memo", "table", "announcement", "form" or "analysis"
    blocks: tuple[Block, ...]
    rows: tuple[Row, ...] = ()
    font: str = ""
    emblem: Path | None = None
    title: str = ""  # document properties
    date: dt.date | None = None
    columns: tuple[str, ...] = COLUMNS  # the cells a row may fill ({{ measure }} … in the Word template)
    chart: Chart | None = None  # drawn where a "chart:" block stands (the analysis)
    places: tuple[tuple[str, tuple[Block, ...]], ...] = ()  # blocks for the template's {{ name }} paragraphs


@dataclass(frozen=True)
class Derived:
    round: Round
    memo: Document
    table: Document
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class Bar:
    label: str  # the category as printed ("๙")
    name: str  # the indicator's name (a tooltip, the alt text)
    value: Decimal  # the score
    text: str  # the score as printed ("๕๔.๓๒")
    weak: bool  # below the pass mark


@dataclass(frozen=True)
class Chart:
    """A bar chart of the indicator scores with the pass mark as a line; every text already final."""

    title: str
    bars: tuple[Bar, ...]
    pass_mark: Decimal
    ticks: tuple[tuple[Decimal, str], ...]  # the score axis: value and its label
    categories_title: str  # ตัวชี้วัดที่
    values_title: str  # คะแนน
    passed_label: str  # the legend of the bars at or above the pass mark
    weak_label: str  # … of the bars below it
    pass_mark_label: str  # … of the line
    description: str  # the whole chart in words, for screen readers and the PDF's tags
    font: str
    thai_digits: bool  # numbers inside a Word chart are formatted by it: Thai digits or not

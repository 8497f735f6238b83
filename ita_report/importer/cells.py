"""What import reads a Word table into: a cell's paragraphs, one measure's cells (Draft), and the
whole import (Imported), with the header words that name the columns."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content import COLUMNS
from ..problems import Problem

# (column, words its header holds): the first match wins, so "ผลการดำเนินงาน" is results before
# "ดำเนินการ" could make it anything else.
HEADER_WORDS = (
    ("results", ("ผลการดำเนิน", "ผลการปฏิบัติ", "ผลดำเนินการ", "ผลการด")),
    ("suggestions", ("ข้อเสนอแนะ", "ปัญหาอุปสรรค")),
    ("period", ("ระยะเวลา", "กำหนดการ", "ห้วงเวลา", "ช่วงเวลา")),
    ("owners", ("ผู้รับผิดชอบ", "รับผิดชอบ")),
    ("steps", ("วิธีการ", "ขั้นตอน")),
    ("measure", ("มาตรการ", "แนวทาง")),
)
BULLET = re.compile(r"^\s*[-–—•·○●▪◦■□*➢►✓]\s*")
DATE_SUFFIX = re.compile(r"\s*เมื่อ\s*วันที่\s*(?P<date>[^()]+?)\s*$")
DOTS = re.compile(r"\.{3,}|…+")


@dataclass
class CellParagraph:
    """A paragraph line of a cell: its text, and the list level and kind Word's numbering gives it."""

    text: str
    level: int | None = None  # numbering level (0 = top) when Word numbers the paragraph
    kind: str | None = None  # "bullet" or "number" for numbered paragraphs


@dataclass
class Draft:
    """One measure as read from the table, column by column."""

    cells: dict[str, list[CellParagraph]] = field(default_factory=lambda: {c: [] for c in COLUMNS})
    where: str = ""


@dataclass
class Imported:
    report: dict
    measures: list[dict]
    problems: list[Problem]
    files: dict[str, bytes] = field(default_factory=dict)  # the memo's Garuda, by its name in the folder


def clean(text: str) -> str:
    return " ".join(text.split())

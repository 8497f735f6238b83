"""Reads a built PDF as a reader sees it: poppler's words with their places (pdftotext -bbox), the
table's cells from the ruling lines pdfplumber finds, fonts (pdffonts), sizes of the characters."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
PT_PER_CM = 72 / 2.54
MM = PT_PER_CM / 10
A4 = (595.3, 841.9)


@dataclass
class Word:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    table: bool  # the page holds the measure table

    @property
    def landscape(self) -> bool:
        return self.width > self.height


@dataclass
class PdfText:
    pages: list[Page]
    outside: list[str] = field(default_factory=list)  # text outside the table, page by page
    columns: dict[int, list[str]] = field(default_factory=dict)  # table cells by column, in reading order
    header: list[str] = field(default_factory=list)  # header row cells (repeated on each page)


def words(pdf: Path) -> list[list[Word]]:
    xml = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    root = etree.fromstring(xml)
    return [[Word(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
             for w in page.iter(f"{XHTML}word")] for page in root.iter(f"{XHTML}page")]


def read(pdf: Path) -> PdfText:
    """Each table cell's words joined in reading order (a row that runs over a page break continues
    in the same column), and the text around the table, without the running page numbers."""
    result = PdfText([])
    with pdfplumber.open(pdf) as doc:
        for number, (page, page_words) in enumerate(zip(doc.pages, words(pdf)), 1):
            width, height = float(page.width), float(page.height)
            top_margin = (1.5 if width > height else 2.5) * PT_PER_CM
            body = [w for w in page_words if w.top >= top_margin - MM]  # the header band holds the page number
            tables = page.find_tables()
            result.pages.append(Page(number, width, height, page_words, bool(tables)))
            taken: set[int] = set()
            for table in tables[:1]:
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        if cell is None:
                            continue
                        x0, top, x1, bottom = cell
                        inside = [w for w in body if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]
                        taken.update(id(w) for w in inside)
                        inside.sort(key=lambda w: (round(w.bottom), w.x0))
                        text = " ".join(w.text for w in inside)
                        (result.header if r == 0 else result.columns.setdefault(c, [])).append(text)
            result.outside.append(" ".join(w.text for w in body if id(w) not in taken))
    return result


def comparable(text: str) -> str:
    """Text as extraction can be trusted to give it back: poppler splits words at Thai marks and puts
    some above/below vowels and tone marks after the next letter ("ชี้แจง" comes out "ช แ ี ้ จง"), and
    may write sara am as nikhahit + sara aa. Letters, leading vowels, digits and their order remain;
    dotted lines (room to write by hand, as the seed's phrases are read without them) do not."""
    text = unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
    return re.sub(r"[\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]|\.{2,}", "", text)


def fonts(pdf: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in lines if line.strip()]


def chars(pdf: Path, page: int = 0) -> list[dict]:
    with pdfplumber.open(pdf) as doc:
        return [dict(c) for c in doc.pages[page].chars]

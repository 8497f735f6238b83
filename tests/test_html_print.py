"""The web page as a browser prints it (issue 13 point 16): the table's title and its first row on one
page, whatever the first row's length and wherever the page ends in it. Printed with Chromium to PDF and
read with PyMuPDF; skipped only where no Chromium is installed."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
import yaml
from lxml import html as lxml_html

from conftest import EXAMPLE, ROOT, by_kind
from ita_report.pipeline import build

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                 if (found := shutil.which(name))), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
SECOND = ROOT / "tests" / "data" / "second-report"
PT = 72 / 2.54  # points a centimetre
LANDSCAPE_TOP, LANDSCAPE_BOTTOM = 1.5 * PT, 21 * PT - 1.5 * PT  # @page landscape: A4, 1.5 cm margins


def print_pdf(page: Path) -> pymupdf.Document:
    pdf = page.with_suffix(".pdf")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.resolve().as_uri()], check=True, capture_output=True, timeout=300)
    return pymupdf.open(pdf)


def web_page(folder: Path, round_: int, out: Path) -> Path:
    written, _ = build(folder, round_, out, ("html",))
    return by_kind(written)["report.html"]


def start_texts(page: Path) -> tuple[str, str]:
    """The table's title and the first words of row 1, as the PDF's text layer has them (a phrase
    that neither the title nor the paragraph under it holds, so that its page is row 1's page)."""
    tree = lxml_html.fromstring(page.read_bytes())
    part = tree.find(".//section[@class='table-part']")
    title = part.find("h1").text_content()
    intro = " ".join(p.text_content() for p in part.findall("p"))
    first = part.find(".//tbody/tr/th").text_content()
    words = first[:min(len(first), 14)].strip()
    assert words and words not in title and words not in intro
    return title[:45], words


def pages_of(doc: pymupdf.Document, text: str) -> list[int]:
    """The landscape pages (the table's part: the memo before it is portrait and may say the same) with the text."""
    return [number for number, page in enumerate(doc) if page.rect.width > page.rect.height and page.search_for(text)]


def long_first_measure(folder: Path) -> Path:
    """The example with a first measure longer than a landscape page."""
    measure = folder / "measures" / "1-service-process.yaml"
    data = yaml.safe_load(measure.read_text(encoding="utf-8"))
    data["steps"] = [f"ขั้นตอนที่ {n} ของการดำเนินงานตามมาตรการ เพื่อให้การให้บริการเป็นไปตามขั้นตอนที่กำหนด"
                     for n in range(1, 41)]
    measure.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def short_first_measure(folder: Path) -> Path:
    measure = folder / "measures" / "1-service-process.yaml"
    data = yaml.safe_load(measure.read_text(encoding="utf-8"))
    data.update(title="ลดขั้นตอนการให้บริการ", steps=["จัดทำผังขั้นตอน"], suggestions="-")
    data["results"]["round1"] = ["ติดประกาศผังขั้นตอนแล้ว"]
    measure.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


@needs_chromium
@pytest.mark.parametrize("case", ["example", "second", "long-first-measure", "short-first-measure"])
def test_the_printed_table_starts_on_its_titles_page(case, example, tmp_path):
    folder, round_ = {"example": (EXAMPLE, 1), "second": (SECOND, 2), "long-first-measure": (example, 1),
                      "short-first-measure": (example, 1)}[case]
    if case.endswith("first-measure"):
        (long_first_measure if case.startswith("long") else short_first_measure)(example)
    page = web_page(folder, round_, tmp_path / "out")
    doc = print_pdf(page)
    title, first_row = start_texts(page)
    (title_page,) = pages_of(doc, title)  # once: the title does not repeat
    assert pages_of(doc, first_row)[0] == title_page
    assert all(doc[n].search_for("มาตรการ/แนวทาง") for n in range(title_page + 1, len(doc))), \
        "the column headers repeat on every page of the table"


# ---------------------------------------------------------------- wherever the page ends in row 1

def shifted_copies(page: Path, shifts: list[float]) -> Path:
    """The page with its table part (title, paragraph and row 1 only) once for each shift: moved down by
    that many points, so that the page ends at another place in row 1 (as a longer title or paragraph
    would move it). Each copy starts a page of its own, as the one table part does."""
    text = page.read_text(encoding="utf-8")
    part = re.search(r'<section class="table-part".*?</section>', text, re.S).group(0)
    one_row = re.sub(r"(<tbody>\s*<tr>.*?</tr>).*?(</tbody>)", r"\1\2", part, flags=re.S)
    copies = "\n".join(one_row.replace('class="table-part"', f'class="table-part" style="margin-top: {s:.2f}pt"', 1)
                       for s in shifts)
    out = page.with_name(f"shifted-{len(shifts)}.html")
    out.write_text(text.replace(part, copies), encoding="utf-8")
    return out


def starts(doc: pymupdf.Document, title: str, first_row: str) -> list[tuple[int, int]]:
    """Each copy's title page and row 1's first page."""
    titles, rows = pages_of(doc, title), pages_of(doc, first_row)
    assert len(titles) == len(rows)
    return list(zip(titles, rows))


def text_bottom(page) -> float:
    return max(block[3] for block in page.get_text("blocks"))


@needs_chromium
@pytest.mark.parametrize("case", ["example", "second"])
def test_the_title_keeps_row_1_wherever_the_page_ends(case, tmp_path):
    """Chromium moved the whole table to the next page when the page ended where row 1 could not
    split: in a cell's bottom padding or border, or after a cell's first line. Shifted a point at a
    time over the whole page, and a tenth of a point around where row 1's end meets the page's end,
    the title and row 1 stay together wherever a row's first line has room under the title."""
    folder, round_ = {"example": (EXAMPLE, 1), "second": (SECOND, 2)}[case]
    page = web_page(folder, round_, tmp_path / "out")
    title, first_row = start_texts(page)
    # where row 1 ends with no shift: the bottom of the lines drawn around its cells
    calibration = print_pdf(shifted_copies(page, [0.0]))
    ((title_page, row_page),) = starts(calibration, title, first_row)
    assert title_page == row_page
    row_end = max(d["rect"].y1 for d in calibration[title_page].get_drawings())
    to_page_end = LANDSCAPE_BOTTOM - row_end  # the shift that puts row 1's end at the page's end
    shifts = [n * 1.0 for n in range(int(LANDSCAPE_BOTTOM - LANDSCAPE_TOP))]
    shifts += [to_page_end + n / 10 for n in range(-40, 41) if to_page_end + n / 10 >= 0]
    doc = print_pdf(shifted_copies(page, shifts))
    pairs = starts(doc, title, first_row)
    assert len(pairs) == len(shifts)
    # the room a row's first line needs under the column headers, read where the table starts a page
    moved = [(shift, t, r) for shift, (t, r) in zip(shifts, pairs) if t != r]
    for shift, title_at, row_at in moved:
        first_line = doc[row_at].search_for(first_row)[0].y1 - LANDSCAPE_TOP
        room = LANDSCAPE_BOTTOM - text_bottom(doc[title_at])
        # + the paragraph's bottom margin (.6rem) and a line box's part below its letters: under 20 pt
        assert room < first_line + 20, (f"shifted {shift:.1f} pt, the title is alone on its page with "
                                        f"{room:.0f} pt left and the table needing {first_line:.0f} pt to start")
    assert len(moved) < len(shifts) / 2

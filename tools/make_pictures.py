"""Pictures of the real output for the README: builds the example's PDFs with LibreOffice (the report,
the year's announcement, the publication form and the analysis of last year's results) and renders the
memo's first page, the table's first page, the announcement's first page, the form and the analysis's
first page (its table and bar chart) to PNG with poppler's pdftoppm.

    python tools/make_pictures.py [OUT_DIR]     (default: examples/nasom-2565/preview)
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ita_report.pipeline import build  # noqa: E402

EXAMPLE = ROOT / "examples" / "nasom-2565"
DPI = 60
ANALYSIS_DPI = 80  # the chart's labels stay legible


def first_table_page(pdf: Path) -> int:
    """The first landscape page: where the memo ends and the table starts."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            number = int(line.split()[1])
            width, height = (float(v) for v in line.split("size:")[1].split()[:3:2])
            if width > height:
                return number
    raise SystemExit("no landscape page in the PDF")


def render(pdf: Path, page: int, target: Path, dpi: int = DPI) -> None:
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)


def main(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        written, _ = build(EXAMPLE, 1, Path(tmp), ("pdf",), documents=("report", "announcement", "analysis"))
        pdfs = {p.name: p for p in written if p.suffix == ".pdf"}
        report = pdfs["2565-round1-report.pdf"]
        pages = [(report, 1, "memo-page-1.png", None), (report, first_table_page(report), "table-page-1.png", None),
                 (pdfs["2565-announcement.pdf"], 1, "announcement-page-1.png", None),
                 (pdfs["2565-round1-publication-form.pdf"], 1, "publication-form-page-1.png", None),
                 (pdfs["2565-analysis.pdf"], 1, "analysis-page-1.png", ANALYSIS_DPI)]
        for pdf, page, name, dpi in pages:
            render(pdf, page, out / name, dpi or DPI)
    return [out / name for _, _, name, _ in pages]


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLE / "preview"):
        print(f"wrote {path}")

"""The peer: what a user would write by hand instead of ita-report. A plain docxtpl script that reads
the example's measure files and renders the six-column table alone from a template: no validation, no
memo, no Thai digits or dates, no checks.

    python benchmarks/peer_docxtpl.py TEMPLATE.docx REPORT_DIR OUT.docx
    python benchmarks/peer_docxtpl.py --make-template TEMPLATE.docx
"""
from __future__ import annotations

import sys
from pathlib import Path


def make_template(path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    document.add_paragraph("รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    table = document.add_table(rows=4, cols=6)
    table.style = "Table Grid"
    headers = ["มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน", "ข้อเสนอแนะ"]
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for m in measures %}"
    fields = ["{{ m.title }}", "{{ m.steps }}", "{{ m.owners }}", "{{ m.period }}", "{{ m.results }}", "{{ m.suggestions }}"]
    for cell, text in zip(table.rows[2].cells, fields):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    document.save(str(path))


def text(value) -> str:
    if isinstance(value, list):
        return "\n".join(text(v) for v in value)
    if isinstance(value, dict):
        return text(value.get("text", "")) + ("\n" + text(value.get("steps") or value.get("items") or []))
    return "" if value is None else str(value)


def main(template: Path, folder: Path, out: Path) -> None:
    import yaml
    from docxtpl import DocxTemplate

    measures = []
    for path in sorted((folder / "measures").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        results = data.get("results") or {}
        measures.append({
            "title": data["title"], "steps": text(data.get("steps")), "owners": text(data.get("owners")),
            "period": text(data.get("period")), "results": text(results.get("round1")),
            "suggestions": text(data.get("suggestions")),
        })
    document = DocxTemplate(str(template))
    document.render({"measures": measures}, autoescape=True)
    document.save(str(out))


if __name__ == "__main__":
    if sys.argv[1] == "--make-template":
        make_template(Path(sys.argv[2]))
    else:
        main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))

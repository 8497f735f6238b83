"""Import: an existing Word report of this kind read into a report folder, so that an agency starts
from the report it already has. It reads what real files hold: the six columns in any order (others
reported, never silently dropped), the header row repeated, the table split per page or per measure,
merged cells, numbers typed ("๑." "1." "๓.๑") or made by Word's numbering, results as "- " lines or
bullets with their dates in the text, Thai or Arabic digits; and, when the file holds it, the memo.

Its output is the dictionaries that scaffold.py writes; what it could not map comes back as
problems naming the table, row and column."""
from __future__ import annotations

import re
from pathlib import Path

from .. import thai
from ..ooxml import qn
from ..problems import Problem, UserError, display_path
from .cells import BULLET, Draft, Imported
from .emblem import emblem_placed, read_emblem
from .memo import read_heading, read_memo
from .table import MAX_IMPORT_ROWS, Numbering, header_column, paragraph_text, read_tables
from .text import MAX_STEP_DEPTH, Slip, results_of, slip_problem, split_rounds, steps_of, title_of, typed_number

__all__ = ["Imported", "MAX_IMPORT_ROWS", "MAX_STEP_DEPTH", "header_column", "read_docx", "results_of", "split_rounds", "steps_of",
           "typed_number"]


# ---------------------------------------------------------------- the whole file

def _digits(drafts: list[Draft]) -> str:
    text = " ".join(line.text for d in drafts for lines in d.cells.values() for line in lines)
    text = re.sub(r"\S+://\S+|\S+@\S+|[A-Za-z]+\d+", "", text)
    arabic = len(re.findall(r"[0-9]", text))
    return "arabic" if arabic > len(re.findall(r"[๐-๙]", text)) else "thai"


def read_docx(path: Path, fiscal_year: int | None = None, round_number: int | None = None,
              folder: Path | None = None) -> Imported:
    """The report in the Word file at `path`, to be written into `folder` (where the Garuda's file
    takes a name no file there has)."""
    from ..wordfile import open_document

    source = display_path(path)
    document = open_document(path, "import")
    numbering = Numbering(document, source)
    drafts, problems, tables = read_tables(document, numbering, source)
    if not drafts:
        raise UserError(problems + [Problem(
            "import-no-table", "ไม่พบตารางรายงานมาตรการ (หัวคอลัมน์ มาตรการ/แนวทาง วิธีการดำเนินการ ผู้รับผิดชอบ ...) ในไฟล์นี้",
            "No measure table (headers มาตรการ/แนวทาง วิธีการดำเนินการ ผู้รับผิดชอบ ...) in this file.", file=source)])
    outside = [paragraph_text(p) for p in document.element.body.findall(qn("w:p"))]
    heading = read_heading(outside)
    year = fiscal_year or heading.get("fiscal_year")
    if year is None:
        raise UserError(problems + [Problem(
            "import-no-year", "ไม่พบปีงบประมาณในไฟล์ ให้สั่งพร้อม --fiscal-year เช่น --fiscal-year 2565",
            "No fiscal year found in the file: give --fiscal-year, e.g. --fiscal-year 2565.", file=source)])
    number = round_number or heading.get("round") or 1
    for option, given, said, th, en in (("--fiscal-year", fiscal_year, heading.get("fiscal_year"), "ปีงบประมาณ", "fiscal year"),
                                        ("--round", round_number, heading.get("round"), "รอบ", "round")):
        if given is not None and said is not None and given != said:  # the option wins, said aloud
            problems.append(Problem(
                "import-option-differs", f"ไฟล์ระบุ{th} {thai.to_thai_digits(str(said))} แต่สั่ง {option} {given}: "
                f"ใช้ {given} ตามที่สั่ง ถ้าไม่ตั้งใจ ให้สั่งใหม่โดยไม่ใส่ {option}",
                f"The file says {en} {said} but {option} {given} was given: {given} is used; if that was not meant, "
                f"import again without {option}.", file=source, severity="warning"))
    organisation = heading.get("organisation", "")
    memo = read_memo(outside, organisation)
    for key, label in (("organisation", "ชื่อหน่วยงาน"), ("district", "อำเภอ"), ("province", "จังหวัด")):
        if not heading.get(key):
            problems.append(Problem("import-missing", f"ไม่พบ{label}ในไฟล์ ให้กรอกใน report.yaml",
                                    f"No {key} found in the file: fill it in report.yaml.", file=source, severity="warning"))
    if memo["writer"] is None:
        problems.append(Problem("import-no-memo", "ไม่พบบันทึกข้อความนำส่ง (ผู้จัดทำและผู้ให้ความเห็น) ในไฟล์ ให้กรอกส่วน memo "
                                "ใน report.yaml", "No cover memo (writer and reviewers) in the file: fill memo in report.yaml.",
                                file=source, severity="warning"))
    picture, said = read_emblem(document, path, tables)
    problems += said
    emblem: str | None = None
    pictures: dict[str, bytes] = {}
    if picture is not None:
        emblem, pictures, note = emblem_placed(picture, folder, source)
        problems.append(note)
    report = {
        "org": {"name": organisation, "district": heading.get("district", ""), "province": heading.get("province", "")},
        "fiscal_year": year, "round": number,
        "settings": {"digits": "arabic"} if _digits(drafts) == "arabic" else None,
        "memo": {**memo, "emblem": emblem, "writer": memo["writer"] or {"name": "", "position": ""}},
    }
    measures = []
    for i, draft in enumerate(drafts, 1):
        cells = draft.cells
        round1, round2, moved = split_rounds(results_of(cells["results"]), number, year)
        for result in moved:
            problems.append(Problem(
                "import-result-half", f"ผล “{thai.clip(result['text'], 60)}” ลงวันที่ {result['date']} (ต.ค. – มี.ค.) แต่อยู่ต่อจากผลของ "
                "เม.ย. – ก.ย. ในไฟล์: นำไปไว้ใน round1 ตามวันที่ ตรวจลำดับในไฟล์ measure-"
                f"{i:02d}.yaml", f"The result '{thai.clip(result['text'], 60)}' is dated {result['date']} (Oct–Mar) but stood after "
                f"April–September results in the file: put under round1 as its date says; check the order in "
                f"measure-{i:02d}.yaml.", file=source, field=draft.where, severity="warning"))
        title = title_of(cells["measure"])
        if not title:
            problems.append(Problem("import-no-title", "แถวนี้ไม่มีชื่อมาตรการ ให้กรอก title ในไฟล์มาตรการ",
                                    "This row has no measure title: fill title in the measure file.", file=source,
                                    field=draft.where, severity="warning"))
        slips: list[Slip] = []
        steps = steps_of(cells["steps"], slips)
        problems += [slip_problem(slip, f"measure-{i:02d}.yaml", source, draft.where) for slip in slips]
        measures.append({
            "file": f"measure-{i:02d}.yaml", "title": title, "steps": steps,
            "owners": [line.text for line in cells["owners"]], "period": [line.text for line in cells["period"]] or None,
            "round1": round1, "round2": round2, "suggestions": [BULLET.sub("", line.text) for line in cells["suggestions"]],  # the tool marks several
        })
    return Imported(report, measures, problems, pictures)

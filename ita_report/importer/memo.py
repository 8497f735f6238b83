"""The heading (organisation, district, province, fiscal year, round) and the cover memo's fields, from
the paragraphs outside the tables."""
from __future__ import annotations

import re

from .. import thai
from .cells import DOTS, clean


# ---------------------------------------------------------------- the heading and the memo

ORG = re.compile(r"(องค์การบริหารส่วนตำบล|องค์การบริหารส่วนจังหวัด|เทศบาลตำบล|เทศบาลเมือง|เทศบาลนคร)\s*([^\s.]+)")
DISTRICT = re.compile(r"อำเภอ\s*([^\s.]+)")
PROVINCE = re.compile(r"จังหวัด\s*([^\s.()]+)")
FISCAL_YEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\s*\.\s*ศ\s*\.)?\s*([0-9๐-๙]{4})")
ROUND = re.compile(r"รอบ\s*([0-9๐-๙]{1,2})\s*เดือน")


def _strip_dots(text: str) -> str:
    return clean(DOTS.sub(" ", text))


def read_heading(paragraphs: list[str]) -> dict:
    text = " ".join(_strip_dots(p) for p in paragraphs)
    found: dict = {}
    if m := ORG.search(text):
        found["organisation"] = m.group(1) + m.group(2)
    if m := DISTRICT.search(text):
        found["district"] = m.group(1)
    if m := PROVINCE.search(text):
        found["province"] = m.group(1)
    if m := FISCAL_YEAR.search(text):
        found["fiscal_year"] = int(thai.to_arabic_digits(m.group(1)))
    if m := ROUND.search(text):
        found["round"] = 1 if thai.to_arabic_digits(m.group(1)) == "6" else 2
    return found


def read_memo(paragraphs: list[str], organisation: str | None) -> dict:
    """The memo's fields and signers, from its paragraphs in the official layout."""
    memo: dict = {"department": "", "code": "", "number": "", "date": "", "to": "", "writer": None, "reviewers": []}
    lines = [_strip_dots(p.replace("\t", " ")) for p in paragraphs]
    role = None
    signer: dict | None = None
    for i, line in enumerate(lines):
        if line.startswith("ส่วนราชการ"):
            rest = line[len("ส่วนราชการ"):].strip()
            if organisation and organisation in rest:
                rest = rest[:rest.index(organisation)].strip()
            memo["department"] = rest
        elif m := re.match(r"^ที่\s*(.*?)\s*วันที่\s*(.*)$", line):
            reference, date = m.group(1), m.group(2).strip()
            if r := re.match(r"^([^\s0-9๐-๙/]*)\s*([^/]*)/?", reference):
                memo["code"], memo["number"] = r.group(1), r.group(2).strip()
            found = thai.find_dates(date)
            memo["date"] = thai.thai_date(found[0][0]) if found else ""
        elif line.startswith("เรียน") and not memo["to"]:
            memo["to"] = line[len("เรียน"):].strip()
        elif line.startswith("ความเห็น"):
            role = line[len("ความเห็น"):].strip() or None
            signer = None
        elif m := re.fullmatch(r"\((.+)\)", line):
            signer = {"name": m.group(1).strip()}
            if memo["writer"] is None:
                memo["writer"] = signer
            else:
                if role:
                    signer = {"role": role, **signer}
                memo["reviewers"].append(signer)
            role = None
        elif signer is not None and line:
            if "position" not in signer:
                acting = re.search(r"\s*รักษา(?:ราชการ|การ)แทน$", line)
                signer["position"] = line[:acting.start()] if acting else line
                if acting:
                    signer["acting_for"] = ""
            elif signer.get("acting_for") == "":
                signer["acting_for"] = line
            else:
                signer = None
    for person in [memo["writer"], *memo["reviewers"]]:
        if person is not None and not person.get("acting_for"):
            person.pop("acting_for", None)
    return memo

"""A cell's paragraphs into the YAML's shape: typed numbers into steps at every depth, result lines
with their dates, the rounds by date."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import thai
from ..problems import Problem
from .cells import BULLET, DATE_SUFFIX, CellParagraph, clean


# ---------------------------------------------------------------- cells into the YAML's shape

_DIGITS = "0-9๐-๙"
# A typed number: "๒.๒.๑", "2.2.1)", "๒. ๒. ๑.", each part of at most three digits (a year,
# "๒๕๖๕", is text; "(๑)" is a line's own marker); group 2 is its closing mark, group 3 the spaces after it.
_TYPED_NUMBER = re.compile(rf"\s*([{_DIGITS}]{{1,3}}(?:\s*\.\s*[{_DIGITS}]{{1,3}})*)(?![{_DIGITS}])(\s*[.)])?(\s*)")


def typed_number(text: str) -> tuple[tuple[int, ...], int] | None:
    """The number a line starts with, as its parts ("๒.๒.๑" → (2, 2, 1)), and where its text starts.
    Written with Thai or Arabic digits, with or without spaces; a number run into its text is one
    only when its end is clear ("1.จัดหา", "๒.๒.๑บอร์ด", but not "12บาท" or "๑๕.๐๓.๒๕๖๕")."""
    m = _TYPED_NUMBER.match(text)
    if not m or m.end() == len(text):
        return None
    parts = tuple(int(thai.to_arabic_digits(part)) for part in re.split(r"\s*\.\s*", m.group(1)))
    if not m.group(3) and (text[m.end()] in "0123456789๐๑๒๓๔๕๖๗๘๙" or (m.group(2) is None and len(parts) == 1)):
        return None
    return parts, m.end()


def _numbered(line: CellParagraph) -> tuple[int | None, str, tuple[int, ...] | None]:
    """The line's depth (1 = a step, 2 = a sub-step, 3 = a sub-step's own...) from Word's numbering
    or a typed number, its text without the number, and the number as typed (None from Word's)."""
    if line.kind == "number":
        return 1 + (line.level or 0), line.text, None
    if found := typed_number(line.text):
        parts, start = found
        return len(parts), line.text[start:], parts
    return None, line.text, None


def title_of(lines: list[CellParagraph]) -> str:
    text = " ".join(line.text for line in lines)
    found = typed_number(text)
    return text[found[1]:] if found else text


# Steps nest as deep as Word's lists do (nine levels): deeper would not fit a measure file's
# nesting bound (load.MAX_DEPTH) and no report goes there.
MAX_STEP_DEPTH = 9


@dataclass
class Slip:
    """A step whose number as typed is not the one it gets in the tool: a level skipped ("๒.๒.๑"
    with no ๒.๒), a number gone backwards or one left out. Its text is kept, at the depth said."""

    typed: str | None  # the number as typed ("2.2.1"); None when Word's list numbers it
    depth: int  # its depth as typed, or its level in Word's list (1 = the top)
    given: str  # the number the tool prints for it ("๒.๑")
    text: str
    kind: str  # "skip-level", "too-deep", "backwards" or "gap"


@dataclass
class _Step:
    pieces: list[str]
    steps: list["_Step"] = field(default_factory=list)

    def data(self) -> object:
        text = " ".join(self.pieces)
        return {"text": text, "steps": [s.data() for s in self.steps]} if self.steps else text


def _slip(typed: tuple[int, ...] | None, depth: int, given: tuple[int, ...], text: str) -> Slip | None:
    """How a step's number as typed (or its depth, from Word's list) differs from the one it gets."""
    shown = ".".join(map(str, given))
    kind = "too-deep" if depth > MAX_STEP_DEPTH else "skip-level" if depth > len(given) else None
    if typed is None:
        return Slip(None, depth, shown, text, kind) if kind else None
    if typed == given:
        return None
    return Slip(".".join(map(str, typed)), depth, shown, text, kind or ("backwards" if typed < given else "gap"))


def steps_of(lines: list[CellParagraph], slips: list[Slip] | None = None) -> list:
    """Steps at every depth from a cell's lines: ๑. ๒. ๒.๑ ๒.๒ ๒.๒.๑ ..., numbered by Word or typed.
    A line that goes on from the one before joins it; a bullet under a numbered step is a level below
    it. A number that skips a level goes one level below the step before; one that goes backwards
    (or leaves a number out) stays at its depth: either way its text is kept, and said in `slips`.
    The pieces of each text are joined once, so that time grows with the lines, not their square."""
    numbered = any(_numbered(line)[0] for line in lines)
    steps: list[_Step] = []
    open_: list[_Step] = []  # the step open at each depth: open_[0] a step, open_[1] its sub-step...
    last_depth = 0  # the depth of the last numbered line: bullets go below it
    for line in lines:
        depth, text, typed = _numbered(line)
        if depth is None and (line.kind == "bullet" or BULLET.match(text)):
            text = BULLET.sub("", text)
            depth = last_depth + 1 if numbered and open_ else 1
        if depth is None:
            if numbered and open_:  # a line that goes on from the one before
                open_[-1].pieces.append(text)
                continue
            depth = 1
        placed = min(depth, len(open_) + 1, MAX_STEP_DEPTH)  # a level skipped: one below the step before
        del open_[placed - 1:]
        step = _Step([text])
        (open_[-1].steps if open_ else steps).append(step)
        open_.append(step)
        if typed is not None or line.kind == "number":
            last_depth = placed
        if slips is not None and (typed is not None or depth > placed):
            given = tuple(len(open_[i - 1].steps if i else steps) for i in range(len(open_)))
            if slip := _slip(typed, depth, given, text):
                slips.append(slip)
    return [step.data() for step in steps]


def slip_problem(slip: Slip, file: str, source: str, where: str) -> Problem:
    """A step numbered otherwise than the tool will number it, said at its row with its text."""
    typed_th = f"ข้อ {thai.to_thai_digits(slip.typed)}" if slip.typed else f"ข้อในรายการระดับ {thai.to_thai_digits(str(slip.depth))} ของ Word"
    typed_en = f"step {slip.typed}" if slip.typed else f"the step at level {slip.depth} of Word's list"
    given_th, text = thai.to_thai_digits(slip.given), thai.clip(slip.text, 60)
    th, en = {
        "skip-level": (f"{typed_th} ข้ามระดับ (ไม่มีข้อระดับก่อนหน้าที่อยู่เหนือข้อนี้) จึงนำเข้าเป็นข้อ {given_th} ใต้ข้อก่อนหน้า",
                       f"{typed_en} skips a level (no step of the level above it before it): imported as "
                       f"{slip.given}, under the step before"),
        "too-deep": (f"{typed_th} ซ้อนลึกเกิน {MAX_STEP_DEPTH} ระดับที่โปรแกรมรับได้ จึงนำเข้าเป็นข้อ {given_th}",
                     f"{typed_en} nests deeper than the {MAX_STEP_DEPTH} levels the tool keeps: imported as "
                     f"{slip.given}"),
        "backwards": (f"เลข{typed_th} ย้อนกลับ (ไม่ต่อจากข้อก่อนหน้า) จึงนำเข้าเป็นข้อ {given_th} ตามลำดับในช่อง",
                      f"step number {slip.typed} goes backwards (it does not follow the step before): imported as "
                      f"{slip.given}, in the cell's order"),
        "gap": (f"เลข{typed_th} ไม่ต่อจากข้อก่อนหน้า (มีเลขข้อหายไป) จึงนำเข้าเป็นข้อ {given_th} ตามลำดับในช่อง",
                f"step number {slip.typed} does not follow the step before (a number is missing): imported as "
                f"{slip.given}, in the cell's order"),
    }[slip.kind]
    return Problem("import-step-number", f"{th} ข้อความ “{text}” นำเข้าครบ ให้ตรวจลำดับขั้นตอนใน {file}",
                   f"{en[0].upper() + en[1:]}. Its text '{text}' is kept: check the steps' order in {file}.",
                   file=source, field=where, severity="warning", value=thai.clip(slip.text, 200))


def _with_date(text: str) -> dict | str:
    """A result's date from its text: a closing "เมื่อวันที่ …" in the form the tool writes is taken
    off (the tool writes it back); otherwise the last date named stays in the text and is kept too."""
    # The suffix holds no parenthesis: searching after the last one keeps the search linear in a
    # long text of many "เมื่อวันที่".
    m = DATE_SUFFIX.search(text, max(text.rfind("("), text.rfind(")")) + 1)
    if m:
        found = thai.find_dates(m.group("date"))
        if len(found) == 1 and thai.to_arabic_digits(clean(m.group("date"))) == thai.to_arabic_digits(
                thai.thai_date(found[0][0], thai_digits=False)):
            return {"text": text[:m.start()].rstrip(), "date": thai.thai_date(found[0][0])}
    found = thai.find_dates(text)
    return {"text": text, "date": thai.thai_date(found[-1][0])} if found else text


def results_of(lines: list[CellParagraph]) -> list:
    """Results from a cell's lines: "- " items, numbered sub-items, closing dates; continued lines
    joined as in steps_of, in time that grows with the lines."""
    marked = any(line.kind == "bullet" or BULLET.match(line.text) for line in lines)
    results: list[dict] = []  # text: pieces; items: [pieces]
    for line in lines:
        bullet = line.kind == "bullet" or bool(BULLET.match(line.text))
        text = BULLET.sub("", line.text) if bullet else line.text
        depth, rest, _ = _numbered(line) if not bullet else (None, text, None)
        if bullet or not marked or not results:
            results.append({"text": [text], "items": [], "date": None})
        elif depth is not None:
            results[-1]["items"].append([rest])
        elif results[-1]["items"] and (m := DATE_SUFFIX.fullmatch(" " + text)) and thai.find_dates(m.group("date")):
            results[-1]["date"] = thai.thai_date(thai.find_dates(m.group("date"))[0][0])
        elif results[-1]["items"]:
            results[-1]["items"][-1].append(text)
        else:
            results[-1]["text"].append(text)
    out: list[dict | str] = []
    for result in results:
        text = " ".join(result["text"])
        if result["items"]:
            head = _with_date(text) if not result["date"] else text
            item = {"text": head["text"], "date": head["date"]} if isinstance(head, dict) else {"text": head}
            if result["date"]:
                item["date"] = result["date"]
            out.append({**item, "items": [" ".join(pieces) for pieces in result["items"]]})
        else:
            out.append(_with_date(text))
    return out


def split_rounds(results: list, round_number: int, fiscal_year: int) -> tuple[list, list, list]:
    """Round 1's report holds round 1's results. A 12-month report's results go to the half of the
    year their dates say (October–March round1, April–September round2); an undated one stays with
    the one before it. Also returns the results that stood among the other half's in the file (the
    order of the rebuilt cell differs there, so the person is told)."""
    if round_number == 1:
        return results, [], []
    year = thai.FiscalYear(fiscal_year)
    second_half = thai.Round(year, 2)
    halves: tuple[list, list] = ([], [])
    moved, half = [], 0
    for result in results:
        date = thai.parse_date(result["date"]) if isinstance(result, dict) and result.get("date") else None
        if date is not None and date in year:
            dated = 1 if date in second_half else 0
            if dated == 0 and halves[1]:
                moved.append(result)
            half = dated
        halves[half].append(result)
    return halves[0], halves[1], moved

"""Consistency checks across fields and files, run by `check` and `build` after validation: the
mistakes that a schema cannot see (dates against the fiscal year, the round and the memo; a measure
with no progress; digits typed the wrong way). Pure functions of the valid report."""
from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel

from . import analysis, thai
from .load import Places, leading_number, natural_key
from .model import Result
from .problems import Problem
from .thai import Round
from .validate import ReportFolder


def _at(source: Places, where: tuple, problem: Problem) -> Problem:
    return source.locate(problem, where)


def _warn(code: str, th: str, en: str, value: str | None = None) -> Problem:
    return Problem(code, th, en, severity="warning", value=value)


def looks_ce(source: Places, where: tuple, day: dt.date | None) -> Problem | None:
    """A year written in the Common Era where a Thai date has a BE year (the date remembers it)."""
    if not (isinstance(day, thai.ReadDate) and day.written_ce):
        return None
    year = day.year
    return _at(source, where, _warn(
        "year-looks-ce", f"ปี {year} ดูเหมือนปี ค.ศ. (อ่านเป็น พ.ศ. {year + 543}) ถ้าหมายถึง พ.ศ. ให้แก้ปี",
        f"The year {year} looks like CE (read as BE {year + 543}); if BE was meant, fix the year.", str(year)))


def _result_findings(source: Places, where: tuple, result: Result, round_: Round, filed: int,
                     memo_date: dt.date | None) -> list[Problem]:
    out: list[Problem] = []
    if result.date is None:
        return out
    day = result.date
    half = Round(round_.fiscal_year, filed)
    if (day in half and day in round_.fiscal_year) and (memo_date is None or day <= memo_date):
        return out  # most results: nothing to say (and no date to write)
    shown = thai.thai_date(day)
    if filed == round_.number and day > half.end and memo_date is not None and day <= memo_date:
        # work done after the round's last day but before the memo is sent: agencies report it
        # (early-April work in the April report); worth a note, not a warning
        out.append(_at(source, where, Problem(
            "date-after-round", f"ผลนี้ลงวันที่ {shown} หลังวันสุดท้ายของรอบ ({thai.thai_date(half.end)}) แต่ก่อนวันที่ของบันทึก "
            "จึงรายงานในรอบนี้ได้", f"This result is dated {shown}, after the round's last day ({thai.thai_date(half.end)}) "
            "but not after the memo's date: reported in this round.", severity="note", value=shown)))
    elif day not in round_.fiscal_year:
        out.append(_at(source, where, _warn(
            "date-outside-fiscal-year", f"วันที่ {shown} อยู่นอกปีงบประมาณ {thai.to_thai_digits(str(round_.fiscal_year.be))}",
            f"The date {shown} lies outside fiscal year {round_.fiscal_year.be}.", shown)))
    elif day not in half:
        label = ("รอบ ๖ เดือน (ต.ค. – มี.ค.)", "round 1 (Oct–Mar)") if filed == 1 else \
            ("ช่วงหลังของรอบ ๑๒ เดือน (เม.ย. – ก.ย.)", "round 2 (Apr–Sep)")
        out.append(_at(source, where, _warn(
            "date-outside-round", f"ผลนี้ลงวันที่ {shown} แต่บันทึกไว้ใน round{filed} ซึ่งคือ{label[0]} "
            f"ให้ย้ายไปไว้ในรอบที่ถูก หรือแก้วันที่", f"This result is dated {shown} but filed under "
            f"round{filed}, {label[1]}: move it or fix the date.", shown)))
    if memo_date is not None and day > memo_date:
        out.append(_at(source, where, _warn(
            "date-after-memo", f"ผลนี้ลงวันที่ {shown} หลังวันที่ของบันทึกข้อความ ({thai.thai_date(memo_date)}) "
            "ให้ตรวจวันที่ของบันทึกหรือของผลการดำเนินงาน",
            f"This result is dated {shown}, after the memo's date ({thai.thai_date(memo_date)}).", shown)))
    return out


def _texts(value: object, where: tuple, skip: set[str]):
    """(path, text) of every text a model holds, in its fields' order; fields named in skip left out."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in skip:
                yield from _texts(getattr(value, name), where + (name,), skip)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _texts(item, where + (i,), skip)
    elif isinstance(value, str):
        yield where, value


_THAI = re.compile("[\u0e01-\u0e4f]")


def _arabic_digits_warning(source: Places, model: BaseModel, skip: set[str]) -> list[Problem]:
    """Thai text holding Arabic digits (printed as Thai digits): one warning a file, at the first
    place in the file, with how many there are, not one per line."""
    places = [(where, text) for where, text in _texts(model, (), skip)
              if _THAI.search(text) and thai.thai_digits_in_text(text) != text]
    if not places:
        return []
    marks = [source.mark(where) for where, _ in places]
    positions = [(mark.line, mark.column) if mark else (0, 0) for mark in marks]
    first = min(range(len(places)), key=positions.__getitem__)
    (where, text), more = places[first], len(places) - 1
    return [_at(source, where, _warn(
        "arabic-digits", "มีเลขอารบิกในข้อความภาษาไทย จะเปลี่ยนเป็นเลขไทยให้ในเอกสาร"
        + (f" (ในไฟล์นี้อีก {more} แห่ง)" if more else ""),
        "Arabic digits in Thai text: they are printed as Thai digits." + (f" ({more} more in this file)" if more else ""),
        thai.clip(text, 40)))]


def _order_and_names(folder: ReportFolder) -> list[Problem]:
    """A measure whose `order:` puts it elsewhere in the table than its file name does (or that says
    another number than the one its name starts with): one of the two is a slip, and the table shows
    the order's."""
    by_name = sorted(folder.measures, key=lambda m: natural_key(m.source.path.name))
    out = []
    for position, item in enumerate(folder.measures, 1):
        order, name = item.measure.order, item.source.path.name
        named = leading_number(name)
        if order is None or (by_name.index(item) + 1 == position and named in (None, order)):
            continue
        th_pos, name_pos = thai.to_thai_digits(str(position)), thai.to_thai_digits(str(by_name.index(item) + 1))
        out.append(_at(item.source, ("order",), _warn(
            "order-name-mismatch",
            f"order: {order} ไม่ตรงกับชื่อไฟล์ {name} (ตามชื่อไฟล์เป็นข้อ {name_pos}) ในตารางมาตรการนี้เป็นข้อ {th_pos} "
            "ตาม order ให้แก้ order หรือเปลี่ยนชื่อไฟล์ให้ตรงกัน (หรือลบ order ออกเพื่อเรียงตามชื่อไฟล์)",
            f"order: {order} disagrees with the file name {name} (number {by_name.index(item) + 1} by name); the "
            f"table shows it as number {position}, by its order: fix the order or rename the file (or remove order "
            "to follow the file names).", str(order))))
    return out


# Characters that change how text looks without being seen: bidirectional overrides and isolates
# (text shown in another order than it is stored), marks, and zero-width characters.
_HIDDEN = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Where a hidden character could make one name or title pass for another.
_NAMED = (("organisation",), ("memo", "department"), ("memo", "to"), ("memo", "writer"), ("memo", "reviewers"))


def _hidden_characters(source: Places, value: object, where: tuple) -> list[Problem]:
    """A warning at each name or title holding invisible or direction-changing characters."""
    out = []
    for at, text in _texts(value, where, set()):
        if found := _HIDDEN.search(text):
            code = f"U+{ord(found.group()):04X}"
            out.append(_at(source, at, _warn(
                "hidden-character", f"ข้อความนี้มีอักขระที่มองไม่เห็น {code} (ตัวกลับทิศทางข้อความหรืออักขระความกว้างศูนย์) "
                "ซึ่งทำให้ชื่อดูเหมือนชื่ออื่นได้ ให้พิมพ์ข้อความนี้ใหม่", f"This text holds the invisible character {code} "
                "(a direction override or a zero-width character), which can make a name pass for another: type it again.",
                text.encode("unicode_escape").decode("ascii")[:60])))
    return out


def consistency(folder: ReportFolder, round_: Round) -> list[Problem]:
    report, source = folder.report, folder.source
    memo_date = report.memo.date
    problems: list[Problem] = []
    if memo_date is not None:
        if memo_date < round_.end:
            problems.append(_at(source, ("memo", "date"), _warn(
                "memo-before-round-end", f"บันทึกลงวันที่ {thai.thai_date(memo_date)} ก่อนสิ้นรอบรายงาน "
                f"({thai.thai_date(round_.end)}) ให้ตรวจวันที่ของบันทึก",
                f"The memo is dated {thai.thai_date(memo_date)}, before the round ends ({thai.thai_date(round_.end)}).")))
        if ce := looks_ce(source, ("memo", "date"), memo_date):
            problems.append(ce)
    if report.memo.reviewers and not any(word in (r.position + (r.role or "")) for r in report.memo.reviewers[-1:]
                                         for word in ("นายก", "ผู้บริหาร", "นายกเทศมนตรี")):
        problems.append(_at(source, ("memo", "reviewers"), _warn(
            "no-executive", "ผู้ให้ความเห็นคนสุดท้ายไม่ใช่ผู้บริหาร (นายก) ซึ่งต้องเป็นผู้รับทราบรายงาน",
            "The last reviewer is not the executive (นายก), who must receive the report.")))
    elif not report.memo.reviewers:
        problems.append(_at(source, ("memo",), _warn(
            "no-executive", "ไม่มีผู้ให้ความเห็น (memo.reviewers) จนถึงผู้บริหาร (นายก)",
            "No reviewers (memo.reviewers) up to the executive (นายก).")))
    if full := thai.full_organisation_name(report.organisation.name):
        problems.append(_at(source, ("organisation", "name"), _warn(
            "organisation-abbreviated", f"ชื่อหน่วยงาน “{full[0]}” เป็นชื่อย่อ เอกสารราชการใช้ชื่อเต็ม ให้เขียน "
            f"name: {full[1]} (ชื่อย่อใส่ไว้ใน short_name ได้)", f"The organisation's name '{full[0]}' is "
            f"abbreviated; official documents use the full name: write name: {full[1]} (the short form goes in "
            "short_name).", full[0])))
    if report.settings.digits == "thai":
        problems += _arabic_digits_warning(source, report, {"settings", "number", "code"})

    problems += _order_and_names(folder)
    begun = any(m.measure.results.round1 or m.measure.results.round2 for m in folder.measures)
    if not begun and folder.measures:
        problems.append(_at(folder.measures[0].source, ("results",), Problem(
            "no-progress", f"ยังไม่มีผลการดำเนินงานในมาตรการใดเลย ให้เพิ่มผลใต้ results: → round{round_.number}: "
            "ของแต่ละมาตรการก่อนส่งรายงาน", f"No measure has any progress yet: add it under results: → "
            f"round{round_.number}: of each measure before sending the report.", severity="note")))
    for named in _NAMED:
        value = report
        for key in named:
            value = getattr(value, key)
        problems += _hidden_characters(source, value, named)

    orders: dict[int, str] = {}
    for item in folder.measures:
        measure, msource = item.measure, item.source
        for key in ("title", "owners"):
            problems += _hidden_characters(msource, getattr(measure, key), (key,))
        if measure.order is not None:
            if measure.order in orders:
                problems.append(_at(msource, ("order",), Problem(
                    "duplicate-order", f"ลำดับ {measure.order} ซ้ำกับไฟล์ {orders[measure.order]} ให้แก้ให้ไม่ซ้ำกัน",
                    f"Order {measure.order} is also used by {orders[measure.order]}: make them unique.")))
            orders.setdefault(measure.order, msource.name)
        filed = [(1, r) for r in measure.results.round1] + (
            [(2, r) for r in measure.results.round2] if round_.number == 2 else [])
        if not filed and not begun:
            pass  # a report where no result is written yet: one note below, not a warning per measure
        elif not filed:
            problems.append(_at(msource, ("results",), _warn(
                "no-progress", f"มาตรการนี้ยังไม่มีผลการดำเนินงานของรอบ {round_.number}",
                f"This measure has no progress for round {round_.number}.")))
        elif round_.number == 2 and not measure.results.round2:  # the year's second half is this round's own
            problems.append(_at(msource, ("results", "round2"), _warn(
                "no-progress", "มาตรการนี้มีผลเฉพาะรอบ ๖ เดือนแรก ยังไม่มีผลของช่วง เม.ย. – ก.ย. ใน round2 "
                "ให้เพิ่มผลของช่วงนี้ หรือเขียนว่ายังไม่ได้ดำเนินการเพราะอะไร",
                "This measure has progress only for the first six months: add April–September's under round2 "
                "(or say why nothing was done).")))
        counters = {1: 0, 2: 0}
        for number, result in filed:
            where = ("results", f"round{number}", counters[number])
            counters[number] += 1
            if isinstance(result, Result):
                problems += _result_findings(msource, where + ("date",), result, round_, number, memo_date)
                if ce := looks_ce(msource, where + ("date",), result.date):
                    problems.append(ce)
        if report.settings.digits == "thai":
            problems += _arabic_digits_warning(msource, measure, set())
    return sorted(problems, key=Problem.sort_key)


# ---------------------------------------------------------------- ita-results.yaml and the measures tied to it

def _tool_key(source: Places, tool: str) -> str:
    """The tool's key as written in the file (iit: is read as IIT), found among the file's places."""
    return next((where[1] for where in [*source.key_marks, *source.marks] if len(where) == 2
                 and where[0] == "tools" and isinstance(where[1], str) and where[1].upper() == tool), tool)


def _indicator_at(source: Places, tool: str, index: int, *rest) -> tuple:
    return ("tools", _tool_key(source, tool), index, *rest)


def results_findings(folder: ReportFolder, required: bool = False) -> list[Problem]:
    """ita-results.yaml against itself and the report: indicator numbers used twice (an error), the
    assessed year, scores still blank, an overall score outside the indicators' range; and the
    measures' `indicators`: a number the results do not have, a weak indicator no measure addresses.
    Run whichever documents a build makes (documents.ANALYSIS.findings). `required`: the build makes the
    analysis, so a missing file or a blank score, which keep it from being made, are errors."""
    results, source = folder.results, folder.results_source
    if results is None or source is None:
        return [_no_results(folder)] if required else []
    problems: list[Problem] = []
    listed = results.indicators
    if not listed:
        return [_at(source, ("tools",), Problem(
            "no-indicators", "ยังไม่มีตัวชี้วัดใน tools: ใส่ตัวชี้วัดของ IIT, EIT และ OIT ตามผลการประเมิน",
            "No indicators under tools: list those of IIT, EIT and OIT as the result sheet shows them."))]
    seen: dict[int, tuple[str, int]] = {}
    for tool, index, indicator in listed:
        if indicator.number in seen:
            first = seen[indicator.number]
            problems.append(_at(source, _indicator_at(source, tool, index, "number"), Problem(
                "duplicate-indicator", f"ตัวชี้วัดที่ {indicator.number} ซ้ำกับที่เขียนไว้ใน {first[0]} ข้อที่ {first[1] + 1} "
                "ให้แก้เลขให้ไม่ซ้ำกัน", f"Indicator {indicator.number} is also listed under {first[0]} (item "
                f"{first[1] + 1}): give each indicator its own number.", value=str(indicator.number))))
        seen.setdefault(indicator.number, (tool, index))

    expected = folder.report.fiscal_year - 1
    if results.fiscal_year != expected:
        problems.append(_at(source, ("fiscal_year",), _warn(
            "results-year", f"ผลการประเมินเป็นของปีงบประมาณ {results.fiscal_year} แต่รายงานนี้เป็นของปี "
            f"{folder.report.fiscal_year} ซึ่งวิเคราะห์ผลการประเมินของปี {expected} ให้ตรวจปีหรือคะแนน",
            f"The results are of fiscal year {results.fiscal_year}, but this report of {folder.report.fiscal_year} "
            f"analyses those of {expected}: check the year or the scores.", str(results.fiscal_year))))

    blank = [(("overall",), "คะแนนรวม", "the overall score")] if results.overall is None else []
    blank += [(_indicator_at(source, tool, index, "score"), f"ตัวชี้วัดที่ {ind.number}", f"indicator {ind.number}")
              for tool, index, ind in listed if ind.score is None]
    if blank:  # a file as init wrote it (every score blank) is a to-do, a note; one score forgotten, a warning
        where, names = blank[0][0], [b[1] for b in blank]
        problems.append(_at(source, where, Problem(
            "score-missing", f"ยังไม่ได้กรอกคะแนน ({', '.join(names)}) ให้กรอกตามผลการประเมินก่อนสร้างเอกสารวิเคราะห์ "
            "(--document analysis)", f"Scores not filled in yet ({', '.join(b[2] for b in blank)}): fill them in "
            "from the result sheet before building the analysis (--document analysis).",
            severity="error" if required else "note" if len(blank) == len(listed) + 1 else "warning")))

    scores = [ind.score for _, _, ind in listed if ind.score is not None]
    if results.overall is not None and scores and not min(scores) <= results.overall <= max(scores):
        problems.append(_at(source, ("overall",), _warn(
            "overall-out-of-range", f"คะแนนรวม {results.overall} อยู่นอกช่วงคะแนนของตัวชี้วัด ({min(scores)}–{max(scores)}) "
            "ซึ่งเป็นไปไม่ได้สำหรับคะแนนเฉลี่ยถ่วงน้ำหนัก ให้ตรวจกับผลการประเมินอีกครั้ง",
            f"The overall score {results.overall} lies outside the indicators' range ({min(scores)}–{max(scores)}), "
            "which a weighted mean cannot: check it against the result sheet.", str(results.overall))))

    numbers = sorted(seen)
    for item in folder.measures:
        for position, number in enumerate(item.measure.indicators):
            if number not in seen:
                problems.append(_at(item.source, ("indicators", position), _warn(
                    "unknown-indicator", f"ไม่มีตัวชี้วัดที่ {number} ใน ita-results.yaml (มีตัวชี้วัดที่ "
                    f"{', '.join(map(str, numbers))})", f"ita-results.yaml has no indicator {number} (it has "
                    f"{', '.join(map(str, numbers))}).", str(number))))

    addressed = analysis.addressed_by(m.measure.indicators for m in folder.measures)
    for weak in analysis.weak_points(analysis.scored(results), results.settings.pass_mark):
        if weak.number not in addressed:
            mark = analysis.mark_text(results.settings.pass_mark)
            problems.append(_at(source, _indicator_at(source, *weak.position, "score"), _warn(
                "weak-unaddressed", f"ตัวชี้วัดที่ {weak.number} {weak.name} ได้ {analysis.score_text(weak.score)} คะแนน "
                f"ต่ำกว่าเกณฑ์ {mark} แต่ยังไม่มีมาตรการใดระบุว่าแก้ตัวชี้วัดนี้ ให้เพิ่ม indicators: [{weak.number}] "
                "ในไฟล์มาตรการที่แก้จุดอ่อนนี้", f"Indicator {weak.number} ({weak.name}) scored "
                f"{analysis.score_text(weak.score)}, below the pass mark {mark}, but no measure says it addresses it: "
                f"add indicators: [{weak.number}] to the measure file that does.", analysis.score_text(weak.score))))
    return problems


def _no_results(folder: ReportFolder) -> Problem:
    """Why the analysis cannot be built: the folder has no ita-results.yaml."""
    from .load import RESULTS_FILE
    from .problems import display_path

    return Problem(
        "no-results", f"สร้างเอกสารวิเคราะห์ผลการประเมินไม่ได้ เพราะไม่มีไฟล์ {RESULTS_FILE} ในโฟลเดอร์รายงาน: "
        "สร้างด้วย ita-report init (โฟลเดอร์ใหม่) หรือคัดลอกจากตัวอย่าง examples/nasom-2565 แล้วกรอกคะแนนตามผลการประเมิน",
        f"Cannot build the analysis: the report folder has no {RESULTS_FILE}. ita-report init writes one (in a new "
        "folder), or copy the example's (examples/nasom-2565) and fill in the scores from the result sheet.",
        file=display_path(folder.path / RESULTS_FILE), field="--document")

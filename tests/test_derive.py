import datetime as dt

from ita_report.content import Line
from ita_report.derive import derive, result_lines, round_results, step_lines
from ita_report.load import load_folder
from ita_report.model import Measure, Result
from ita_report.thai import FiscalYear, Round
from ita_report.validate import validate


def texts(lines):
    return [line.text for line in lines]


def test_steps_are_numbered_from_their_place_never_typed():
    measure = Measure.model_validate({"title": "t", "steps": [
        "ก", "ข", {"text": "ค", "steps": ["ค1", {"text": "ค2", "steps": ["ค2ก"]}]}, "ง"]})
    assert step_lines(measure.steps) == [
        Line("1. ก"), Line("2. ข"), Line("3. ค"), Line("3.1 ค1", 1), Line("3.2 ค2", 1), Line("3.2.1 ค2ก", 2),
        Line("4. ง")]


def phrase(date):
    return f"เมื่อวันที่ {date}"


def test_a_dated_result_says_its_date_once():
    results = [
        "ไม่มีวันที่",
        Result(text="ประชุม", date=dt.date(2022, 1, 10)),
        Result(text="ประชุม (๕ เมษายน ๒๕๖๕)", date=dt.date(2022, 4, 5)),
        Result(text="แต่งตั้ง", date=dt.date(2022, 1, 10), items=["นาย ก", "นาย ข"]),
    ]
    assert texts(result_lines(results, phrase)) == [
        "- ไม่มีวันที่", "- ประชุม เมื่อวันที่ 10 มกราคม 2565", "- ประชุม (๕ เมษายน ๒๕๖๕)",
        "- แต่งตั้ง เมื่อวันที่ 10 มกราคม 2565", "1. นาย ก", "2. นาย ข"]  # the date on the result's line


def test_the_date_of_a_result_with_items_is_on_its_own_line_not_under_the_last_name():
    lines = result_lines([Result(text="แต่งตั้งกรรมการ ๓ ท่าน", date=dt.date(2022, 1, 10), items=["นาย ก", "นาย ข", "นาย ค"]),
                          Result(text="ประชุม", date=dt.date(2022, 2, 1), items=["วาระ"])], phrase)
    assert [(ln.text, ln.level) for ln in lines] == [
        ("- แต่งตั้งกรรมการ ๓ ท่าน เมื่อวันที่ 10 มกราคม 2565", 0), ("1. นาย ก", 1), ("2. นาย ข", 1), ("3. นาย ค", 1),
        ("- ประชุม เมื่อวันที่ 1 กุมภาพันธ์ 2565", 0), ("1. วาระ", 1)]


def test_round_one_shows_the_first_half_and_round_two_the_whole_year():
    measure = Measure.model_validate({"title": "t", "results": {"round1": ["แรก"], "round2": ["หลัง"]}})
    fy = FiscalYear(2565)
    assert round_results(measure, Round(fy, 1)) == ["แรก"]
    assert round_results(measure, Round(fy, 2)) == ["แรก", "หลัง"]


def blocks_text(document):
    """The words of each paragraph (its no-break spaces read as spaces: tests/test_typography.py)."""
    return [" ".join(b.parts).replace("\u00a0", " ") for b in document.blocks]


def test_round_texts_of_the_memo(example):
    folder = validate(load_folder(example))
    first = blocks_text(derive(folder, 1).memo)
    whole = blocks_text(derive(folder, 2).memo)
    assert any("รอบ ๖ เดือน (ตุลาคม ๒๕๖๔ - มีนาคม ๒๕๖๕) ประจำปีงบประมาณ พ.ศ. ๒๕๖๕" in t for t in first)
    assert any("ครั้งที่ ๑ ห้วงเดือน ตุลาคม ๒๕๖๔ - มีนาคม ๒๕๖๕" in t for t in first)
    assert any("รอบ ๑๒ เดือน (ตุลาคม ๒๕๖๔ - กันยายน ๒๕๖๕)" in t for t in whole)
    assert any("ครั้งที่ ๒ ห้วงเดือน ตุลาคม ๒๕๖๔ - กันยายน ๒๕๖๕" in t for t in whole)
    assert not any("มีนาคม" in t for t in whole)


def test_the_seed_duplicate_step_number_cannot_happen(example):
    table = derive(validate(load_folder(example)), 1).table
    steps = texts(table.rows[3].cells["steps"])
    assert [s.split(".")[0] for s in steps] == ["๑", "๒", "๓", "๔", "๕"]


def test_arabic_digits_setting_and_kept_phrases(example):
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "round: 1", "round: 1\nsettings:\n  digits: arabic"), encoding="utf-8")
    derived = derive(validate(load_folder(example)), 1)
    memo = blocks_text(derived.memo)
    assert any("วันที่ 20 เมษายน 2565" in t for t in memo)
    assert not any(ch in t for t in memo for ch in "๐๑๒๓๔๕๖๗๘๙")
    assert texts(derived.table.rows[0].cells["measure"])[0].startswith("1. ")


def test_default_period_is_the_fiscal_year(example):
    path = example / "measures" / "3-answering-questions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("period: ต.ค.๒๕๖๔ - ก.ย ๒๕๖๕\n", ""), encoding="utf-8")
    table = derive(validate(load_folder(example)), 1).table
    assert texts(table.rows[2].cells["period"]) == ["ต.ค.\u00a0๒๕๖๔ - ก.ย.\u00a0๒๕๖๕"]  # each month with its year


def test_measures_without_order_follow_their_file_names(example):
    for path in (example / "measures").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text("\n".join(l for l in text.splitlines() if not l.startswith("order:")), encoding="utf-8")
    table = derive(validate(load_folder(example)), 1).table
    assert [r.cells["measure"][0].text[:2] for r in table.rows] == ["๑.", "๒.", "๓.", "๔."]
    assert "การเพิ่มคุณภาพ" in table.rows[0].cells["measure"][0].text


def test_a_measure_of_more_lines_per_cell_than_the_bound_is_named_at_its_key(example, monkeypatch):
    """190,000 steps in one measure took 14 minutes (time grew with the square of a row's lines):
    the lines of a cell are bounded, the message at the measure's key. The real size is measured in
    benchmarks/; here the bound is made small."""
    import pytest

    from ita_report import derive as derive_module
    from ita_report.pipeline import prepare
    from ita_report.problems import UserError

    monkeypatch.setattr(derive_module, "MAX_CELL_LINES", 30)
    measure = example / "measures" / "9-long.yaml"
    measure.write_text("title: ยาว\nowners: [กองคลัง]\nsteps:\n" + "".join(f"  - ขั้นตอน {i}\n" for i in range(31))
                       + "results:\n  round1:\n" + "".join(f"    - ผล {i}\n" for i in range(30)), encoding="utf-8")
    with pytest.raises(UserError) as err:
        prepare(example, 1)
    (problem,) = err.value.problems
    assert (problem.code, problem.line, problem.field) == ("cell-too-long", 3, "steps")
    assert problem.file.endswith("measures/9-long.yaml")
    assert "31" in problem.th and "วิธีการดำเนินการ" in problem.th and "steps cell" in problem.en

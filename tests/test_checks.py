import json

import pytest

from conftest import run
from ita_report.checks import consistency
from ita_report.load import load_folder
from ita_report.pipeline import build, prepare
from ita_report.problems import UserError
from ita_report.thai import FiscalYear, Round
from ita_report.validate import validate

MEASURE = "measures/2-publishing.yaml"


def findings(folder, round_number=1):
    return consistency(validate(load_folder(folder)), Round(FiscalYear(2565), round_number))


def edit(folder, path, old, new):
    target = folder / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def codes(problems):
    return {p.code for p in problems}


def test_a_memo_dated_before_the_work_it_reports_is_a_warning(example):
    edit(example, "report.yaml", "date: ๒๐ เมษายน ๒๕๖๕", "date: ๑๑ มกราคม ๒๕๖๕")  # the seed's typo
    found = findings(example)
    assert {"date-after-memo", "memo-before-round-end", "date-outside-round"} <= codes(found)
    assert all(p.severity == "warning" for p in found)
    after = next(p for p in found if p.code == "date-after-memo")
    assert after.file.endswith(".yaml") and after.line and after.field.endswith(".date")
    assert "๑๑ มกราคม ๒๕๖๕" in after.th


def test_a_date_outside_the_fiscal_year(example):
    edit(example, MEASURE, "date: ๑๐ มกราคม ๒๕๖๕", "date: ๑๐ มกราคม ๒๕๖๖")
    bad = [p for p in findings(example) if p.code == "date-outside-fiscal-year"]
    assert len(bad) == 1 and bad[0].line == 18


def test_a_year_typed_as_ce_in_a_thai_date(example):
    edit(example, MEASURE, "date: ๑๐ มกราคม ๒๕๖๕", "date: 10 มกราคม 2022")
    assert "year-looks-ce" in codes(findings(example))


def test_duplicate_order_is_an_error_that_stops_the_build(example):
    edit(example, MEASURE, "order: 2", "order: 1")
    with pytest.raises(UserError) as err:
        prepare(example, 1)
    dup = [p for p in err.value.problems if p.code == "duplicate-order"]
    assert len(dup) == 1 and dup[0].severity == "error" and "1-service-process.yaml" in dup[0].th


def test_round_two_warns_a_measure_with_progress_only_in_the_first_half(example):
    found = [p for p in findings(example, 2) if p.code == "no-progress"]
    assert len(found) == 4 and all(p.field == "results.round2" and "เม.ย. – ก.ย." in p.th for p in found)
    edit(example, MEASURE, "round2: []", "round2:\n    - text: จัดประชุม\n      date: ๑ มิถุนายน ๒๕๖๕")
    assert sorted(p.file.rsplit("/", 1)[-1] for p in findings(example, 2) if p.code == "no-progress") == [
        "1-service-process.yaml", "3-answering-questions.yaml", "4-participation.yaml"]
    assert "no-progress" not in codes(findings(example, 1))


def test_round_two_warns_a_january_result_filed_under_round2(example):
    edit(example, MEASURE, "round2: []", "round2:\n    - text: จัดประชุม\n      date: ๑๕ มกราคม ๒๕๖๕")
    found = [p for p in findings(example, 2) if p.code == "date-outside-round"]
    assert [(p.field, p.value) for p in found if "round2" in p.field] == [("results.round2[0].date", "๑๕ มกราคม ๒๕๖๕")]


def test_no_progress_warning(example):
    path = example / "measures" / "3-answering-questions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("results:")] + "results:\n  round1: []\n", encoding="utf-8")
    assert "no-progress" in codes(findings(example))
    assert [p.severity for p in findings(example) if p.code == "no-progress"] == ["warning"]


def test_a_report_with_no_result_at_all_gets_one_note_not_a_warning_a_measure(example):
    for path in (example / "measures").iterdir():
        text = path.read_text(encoding="utf-8")
        path.write_text(text[:text.index("results:")] + "results:\n  round1: []\n", encoding="utf-8")
    found = [p for p in findings(example) if p.code == "no-progress"]
    assert [(p.severity, p.file.rsplit("/", 1)[-1]) for p in found] == [("note", "1-service-process.yaml")]


def test_arabic_digits_in_thai_text_warn(example):
    edit(example, MEASURE, "ทั้ง ๖ หมู่บ้าน จำนวน ๓๐ คน\n", "ทั้ง 6 หมู่บ้าน จำนวน 30 คน\n")
    digits = [p for p in findings(example) if p.code == "arabic-digits"]
    assert len(digits) == 1 and digits[0].field == "steps[2]"


def test_a_chain_that_does_not_reach_the_executive(example):
    report = example / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text[:text.index("    - role: นายก")], encoding="utf-8")
    assert "no-executive" in codes(findings(example))


def test_check_formats_for_ci(example):
    edit(example, "report.yaml", "date: ๒๐ เมษายน ๒๕๖๕", "date: ๑๑ มกราคม ๒๕๖๕")  # warnings to show
    result = run("check", example, "--format", "json", "--lang", "en")
    assert result.returncode == 0
    problems = json.loads(result.stdout)
    assert {"file", "line", "column", "field", "severity", "code", "message"} <= set(problems[0])
    github = run("check", example, "--format", "github").stdout.splitlines()
    assert github and all(line.startswith(("::warning file=", "::notice file=")) for line in github)
    assert any(line.startswith("::warning file=") for line in github)
    assert run("check", example, "--strict").returncode == 1


def test_check_says_when_order_and_the_file_names_disagree(example):
    assert "order-name-mismatch" not in codes(findings(example))  # 1-… order 1, 2-… order 2: agree
    edit(example, "measures/1-service-process.yaml", "order: 1", "order: 3")
    edit(example, "measures/3-answering-questions.yaml", "order: 3", "order: 1")
    found = [p for p in findings(example) if p.code == "order-name-mismatch"]
    assert sorted(p.file.rsplit("/", 1)[-1] for p in found) == ["1-service-process.yaml", "3-answering-questions.yaml"]
    first = next(p for p in found if p.file.endswith("1-service-process.yaml"))
    assert first.severity == "warning" and first.field == "order" and first.line == 2
    assert "ในตารางมาตรการนี้เป็นข้อ ๓" in first.th and "1-service-process.yaml" in first.th


def test_an_order_other_than_the_number_a_file_name_starts_with_is_named(example):
    edit(example, "measures/4-participation.yaml", "order: 4", "order: 9")
    found = [p for p in findings(example) if p.code == "order-name-mismatch"]
    assert [p.file.rsplit("/", 1)[-1] for p in found] == ["4-participation.yaml"]


def test_work_after_the_rounds_last_day_but_before_the_memo_is_a_note(example):
    """Early-April work in the April report: a note; after the memo's date: still warnings."""
    found = [p for p in findings(example) if p.code in ("date-after-round", "date-outside-round", "date-after-memo")]
    assert found and {(p.code, p.severity) for p in found} == {("date-after-round", "note")}
    edit(example, "report.yaml", "date: ๒๐ เมษายน ๒๕๖๕", "date: ๑๐ เมษายน ๒๕๖๕")
    late = [p for p in findings(example) if p.value == "๒๐ เมษายน ๒๕๖๕"]
    assert {p.code for p in late} == {"date-outside-round", "date-after-memo"}
    assert all(p.severity == "warning" for p in late)
    assert {p.code for p in findings(example) if p.value == "๕ เมษายน ๒๕๖๕"} == {"date-after-round"}


def test_october_work_in_the_12_month_report_sent_later_is_a_note(example):
    edit(example, "report.yaml", "date: ๒๐ เมษายน ๒๕๖๕", "date: ๒๐ ตุลาคม ๒๕๖๕")
    edit(example, MEASURE, "round2: []", "round2:\n    - text: สรุปผล\n      date: ๕ ตุลาคม ๒๕๖๕")
    found = [p for p in findings(example, 2) if p.value == "๕ ตุลาคม ๒๕๖๕"]
    assert [(p.code, p.severity) for p in found] == [("date-after-round", "note")]


def test_a_district_typed_with_the_word_amphoe_is_printed_once_and_said(example):
    edit(example, "report.yaml", "district: ชัยบาดาล", "district: อำเภอชัยบาดาล")
    edit(example, "report.yaml", "province: ลพบุรี", "province: จังหวัด ลพบุรี")
    prepared = prepare(example, 1)
    assert (prepared.folder.report.organisation.district, prepared.folder.report.organisation.province) == (
        "ชัยบาดาล", "ลพบุรี")
    heading = " ".join(" ".join(b.parts) for b in prepared.derived.table.blocks)
    assert "อำเภออำเภอ" not in heading and "จังหวัดจังหวัด" not in heading
    said = [p for p in prepared.warnings if p.code == "place-word"]
    assert [(p.field, p.line) for p in said] == [("organisation.district", 6), ("organisation.province", 7)]


def test_a_result_with_text_and_no_date_passes_check_and_build(example, tmp_path):
    """Issue 18: the schema allows a result with `text:` and no `date:` (with or without `items:`);
    the checks crashed looking for its date in the YAML."""
    edit(example, MEASURE, "    - text: ตั้งป้ายประชาสัมพันธ์ผลการดำเนินงานด้านต่างๆให้ประชาชนทราบ\n      date: ๑๐ มกราคม ๒๕๖๕\n",
         "    - text: ตั้งป้ายประชาสัมพันธ์ผลการดำเนินงานด้านต่างๆให้ประชาชนทราบ\n"
         "    - text: แต่งตั้งคณะทำงาน 3 คน\n      items: [นายหนึ่ง, นายสอง]\n")
    checked = run("check", example, "--round", "1")
    assert checked.returncode == 0, checked.stderr
    assert "internal-error" not in checked.stderr
    written, warnings = build(example, 1, tmp_path / "out", formats=("docx", "html"))
    assert sorted(p.name for p in written if "publication" not in p.name) == [
        "2565-round1-memo.docx", "2565-round1-report.docx", "2565-round1-report.html", "2565-round1-table.docx"]
    digits = [w for w in warnings if w.code == "arabic-digits" and w.file.endswith(MEASURE)]
    assert digits and digits[0].field == "results.round1[4].text" and digits[0].line == 20


def test_a_ce_year_is_found_in_the_memo_date_but_not_in_iso_form(example):
    edit(example, "report.yaml", "date: ๒๐ เมษายน ๒๕๖๕", "date: 20 เมษายน 2022")
    ce = [p for p in findings(example) if p.code == "year-looks-ce"]
    assert len(ce) == 1 and ce[0].field == "memo.date" and ce[0].line and ce[0].value == "2022"
    edit(example, "report.yaml", "date: 20 เมษายน 2022", "date: 2022-04-20")
    assert "year-looks-ce" not in codes(findings(example))


def test_stages_after_validation_hold_the_models_and_places_not_the_yaml(example):
    folder = validate(load_folder(example))
    for places in [folder.source, *(m.source for m in folder.measures)]:
        assert not hasattr(places, "data") and places.marks

import shutil

import pytest

from conftest import EXAMPLE
from ita_report.load import load_folder
from ita_report.problems import UserError
from ita_report.validate import validate

MEASURE = "measures/1-service-process.yaml"


def problems_after(example, path: str, old: str, new: str):
    target = example / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UserError) as err:
        validate(load_folder(example))
    return [p for p in err.value.problems if p.severity == "error"]


def line_of(example, path: str, needle: str) -> int:
    lines = (example / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_example_is_valid(example):
    folder = validate(load_folder(example))
    assert [m.measure.order for m in folder.measures] == [1, 2, 3, 4]
    assert folder.report.fiscal_year == 2565


def test_a_misspelt_key_names_its_line_and_the_key_meant(example):
    [problem] = problems_after(example, MEASURE, "\nowners:", "\nowner:")
    assert problem.code == "extra-forbidden"
    assert problem.line == line_of(example, MEASURE, "owner:") and problem.column == 1
    assert "owners" in problem.th and problem.field == "owner"


def test_a_wrong_date_names_the_line_of_the_value(example):
    [problem] = problems_after(example, MEASURE, "date: ๕ เมษายน ๒๕๖๕", "date: ๓๒ เมษายน ๒๕๖๕")
    assert problem.code == "date" and problem.field == "results.round1[5].date"
    assert problem.line == line_of(example, MEASURE, "๓๒ เมษายน") and problem.column == 13
    assert "ไม่มีวันที่" in problem.th


def test_a_missing_key_points_at_its_parent(example):
    [problem] = problems_after(example, "report.yaml", "  province: ลพบุรี\n", "")
    assert problem.code == "missing" and "province" in problem.th
    assert problem.line == line_of(example, "report.yaml", "name: องค์การบริหารส่วนตำบลนาโสม")


def test_a_list_where_text_belongs(example):
    [problem] = problems_after(example, MEASURE, "title: การเพิ่ม", "title:\n  - การเพิ่ม")
    assert problem.code == "string-type" and problem.field == "title"


@pytest.mark.parametrize("value", ["{สำนักปลัด: 1}", "null"])
def test_a_one_or_many_texts_field_of_the_wrong_kind_is_one_plain_problem(example, value):
    # owners: takes one text or a list; a mapping or nothing used to give two problems, one named with
    # pydantic's internals (validator names and a memory address) instead of the field
    [problem] = problems_after(example, MEASURE, "owners: [สำนักปลัดฯ, กองคลัง, กองช่าง, กองการศึกษา]",
                               f"owners: {value}")
    assert problem.code == "list-type" and problem.field == "owners"
    assert problem.line == line_of(example, MEASURE, "owners:") and problem.column == 9
    assert "0x" not in problem.th + problem.en and "function" not in problem.th + problem.en


def test_one_text_or_a_list_reads_as_a_list(example):
    folder = validate(load_folder(example))
    first = folder.measures[0].measure
    assert first.owners == ["สำนักปลัดฯ", "กองคลัง", "กองช่าง", "กองการศึกษา"]
    assert first.suggestions == ["บุคลากรแต่ละตำแหน่งควรศึกษาทำความเข้าใจเกี่ยวกับกระบวนการในหน้าที่ของตนเอง"
                                 "ให้ลึกซึ้งจะได้ไม่เกิดปัญหาในการบริการประชาชน"]
    assert first.period == ["ต.ค.๒๕๖๔ - ก.ย ๒๕๖๕"]


def test_a_ce_fiscal_year_suggests_the_be_year(example):
    [problem] = problems_after(example, "report.yaml", "fiscal_year: 2565", "fiscal_year: 2022")
    assert problem.code == "fiscal-year" and "2565" in problem.th


def test_a_file_that_is_a_list(example):
    """A measure written as a list of its keys (each line started with "- "): valid YAML, but a list."""
    path = example / MEASURE
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(f"- {line}" if line and not line.startswith((" ", "#")) else f"  {line}"
                              for line in lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        validate(load_folder(example))
    [problem] = [p for p in err.value.problems if p.severity == "error"]
    assert (problem.code, problem.file.endswith("1-service-process.yaml"), problem.line) == ("not-a-mapping", True, 1)
    assert "ไม่ใช่รายการ" in problem.th and "not a list" in problem.en


def test_all_problems_of_all_files_at_once(example):
    (example / "measures" / "2-publishing.yaml").write_text("title: x\nbogus: 1\n", encoding="utf-8")
    errors = problems_after(example, MEASURE, "\nowners:", "\nowner:")
    assert {p.file.rsplit("/", 1)[-1] for p in errors} == {"1-service-process.yaml", "2-publishing.yaml"}


def test_a_misspelt_key_in_a_step_mapping(example):
    errors = problems_after(example, MEASURE, "  - text: นำไปเผยแพร่", "  - txet: นำไปเผยแพร่")
    assert {(p.code, p.field) for p in errors} == {("missing", "steps[2].text"), ("extra-forbidden", "steps[2].txet")}
    assert "“text”" in next(p.th for p in errors if p.code == "extra-forbidden")


def test_missing_text_in_a_step_mapping(example):
    errors = problems_after(example, MEASURE, "  - text: นำไปเผยแพร่บนสื่อประชาสัมพันธ์ของหน่วยงาน ได้แก่\n    steps:",
                            "  - steps:")
    [missing] = [p for p in errors if p.code == "missing"]
    assert missing.field == "steps[2].text" and "“text”" in missing.th
    assert missing.line == line_of(example, MEASURE, "  - steps:")


@pytest.mark.parametrize("blank", ['"  "', '"\\t"', "' '"])
def test_a_text_of_spaces_only_is_blank_even_though_numbers_are_read_as_text(tmp_path, blank):
    # pydantic 2.14 checked min_length before the strip once a BeforeValidator ran: a title of
    # spaces went through check and build as an empty measure
    folder = tmp_path / "r"
    shutil.copytree(EXAMPLE, folder)
    measure = folder / "measures" / "2-publishing.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text("\n".join(f"title: {blank}" if line.startswith("title:") else line for line in text.split("\n")),
                       encoding="utf-8")
    with pytest.raises(UserError) as caught:
        validate(load_folder(folder))
    (problem,) = caught.value.problems
    assert problem.code == "too-short" and problem.field == "title" and problem.file.endswith("2-publishing.yaml")


@pytest.mark.parametrize("value, code", [("20.4", "date-from-datetime-inexact"), (".inf", "date-from-datetime-parsing")])
def test_pydantic_kinds_that_had_english_only_words_are_said_in_thai(tmp_path, value, code):
    folder = tmp_path / "r"
    shutil.copytree(EXAMPLE, folder)
    measure = folder / MEASURE
    text = measure.read_text(encoding="utf-8")
    at = text.index("      date: ")
    measure.write_text(text[:at] + f"      date: {value}" + text[text.index("\n", at):], encoding="utf-8")
    with pytest.raises(UserError) as caught:
        validate(load_folder(folder))
    (problem,) = caught.value.problems
    assert problem.code == code and problem.field.endswith(".date")
    assert problem.th.startswith("“date” ต้องเป็นวันที่ เช่น 20 เมษายน 2565") and "Datetime" not in problem.th
    assert problem.en.startswith("'date' must be a date such as")


@pytest.mark.parametrize("line, code", [
    ("order: yes", "order"), ("order: 0", "order"), ("order: 99999999999999999999", "order"), ("order: -3", "order"),
    ("order: '" + "9" * 5000 + "'", "order"),
])
def test_an_order_that_is_no_place_in_the_table_is_refused_in_words(tmp_path, line, code):
    folder = tmp_path / "r"
    shutil.copytree(EXAMPLE, folder)
    measure = folder / "measures" / "2-publishing.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text("\n".join(line if row.startswith("order:") else row for row in text.split("\n")), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        validate(load_folder(folder))
    (problem,) = caught.value.problems
    assert problem.code == code and problem.field == "order" and problem.line == 2
    assert "1 ถึง 999" in problem.th and "1 to 999" in problem.en


@pytest.mark.parametrize("where, value", [("fiscal_year", "9" * 5000), ("fiscal_year", "'" + "๙" * 5000 + "'")])
def test_a_year_of_thousands_of_digits_is_said_in_thai_not_as_pythons_limit(tmp_path, where, value):
    folder = tmp_path / "r"
    shutil.copytree(EXAMPLE, folder)
    report = folder / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text("\n".join(f"{where}: {value}" if row.startswith(f"{where}:") else row for row in text.split("\n")),
                      encoding="utf-8")
    with pytest.raises(UserError) as caught:
        validate(load_folder(folder))
    (problem,) = caught.value.problems
    assert problem.code == "fiscal-year" and "sys.set_int_max_str_digits" not in problem.th + problem.en

"""Import: Word reports in the layouts agencies have, read into YAML, built again to the same text."""
from __future__ import annotations

import pytest

import wordfiles
from conftest import EXAMPLE, paragraphs, run
from ita_report import importer, thai
from ita_report.importer import Line
from ita_report.load import load_folder
from ita_report.pipeline import build, prepare
from ita_report.validate import validate


@pytest.fixture(scope="module")
def original():
    return prepare(EXAMPLE, 1).derived


def rows_text(derived) -> list[dict]:
    return [{c: [(line.text, line.level) for line in lines] for c, lines in row.cells.items()} for row in derived.table.rows]


def imported(tmp_path, original, layout: str, *args):
    source = wordfiles.write(tmp_path / f"{layout}.docx", original.table, original.memo, layout)
    result = run("import", source, "-o", tmp_path / layout, *args)
    return result, tmp_path / layout


@pytest.mark.parametrize("layout", ["seed", "reordered", "split", "merged", "word-lists"])
def test_import_then_build_gives_back_the_same_table(tmp_path, original, layout):
    result, folder = imported(tmp_path, original, layout)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    again = prepare(folder, 1).derived
    assert rows_text(again) == rows_text(original)
    assert again.table.blocks == original.table.blocks  # the heading: organisation, district, province, year


def test_the_seed_layout_imports_the_memo_too_and_builds_to_the_same_text(tmp_path, original):
    result, folder = imported(tmp_path, original, "seed")
    assert result.returncode == 0, result.stderr
    report = validate(load_folder(folder)).report
    old = validate(load_folder(EXAMPLE)).report
    assert report.memo.writer == old.memo.writer and report.memo.reviewers == old.memo.reviewers
    assert (report.memo.to, report.memo.department, report.memo.code, report.memo.date) == (
        old.memo.to, old.memo.department, old.memo.code, old.memo.date)
    assert (report.fiscal_year, report.round, report.organisation.name) == (2565, 1, old.organisation.name)
    written, _ = build(folder, 1, tmp_path / "out")
    rebuilt = {p.name: p for p in written}
    reference, _ = build(EXAMPLE, 1, tmp_path / "ref")
    for path in (p for p in reference if "publication-form" not in p.name):  # the Word report has no publication:
        assert paragraphs(rebuilt[path.name]) == paragraphs(path), path.name


def test_a_built_report_imports_and_rebuilds_byte_for_byte_in_text(tmp_path):
    written, _ = build(EXAMPLE, 1, tmp_path / "first")
    whole = next(p for p in written if p.name.endswith("-report.docx"))
    assert run("import", whole, "-o", tmp_path / "again").returncode == 0
    again, _ = build(tmp_path / "again", 1, tmp_path / "second")
    report = [p for p in written if "publication-form" not in p.name]  # the Word report has no publication:
    assert [paragraphs(p) for p in again] == [paragraphs(p) for p in report]


def test_arabic_digits_stay_arabic(tmp_path, original):
    result, folder = imported(tmp_path, original, "arabic")
    assert result.returncode == 0, result.stderr
    assert validate(load_folder(folder)).report.settings.digits == "arabic"
    again = rows_text(prepare(folder, 1).derived)
    expected = [{c: [(thai.to_arabic_digits(t), lv) for t, lv in lines] for c, lines in row.items()}
                for row in rows_text(original)]
    assert again == expected


def test_what_could_not_be_mapped_is_listed_with_table_row_and_column(tmp_path, original):
    result, _ = imported(tmp_path, original, "reordered")
    assert "(import-unmapped-column)" in result.stderr and "งบประมาณ (บาท)" in result.stderr
    assert "[ตาราง 1 แถว 3 คอลัมน์ 3]" in result.stderr and "๒๐,๐๐๐" not in result.stderr
    assert "20,000" in result.stderr  # the cell's text, as typed


def test_dates_in_result_text_become_dates():
    results = importer.results_of([
        Line("- ประชุมชี้แจง เมื่อวันที่ ๒๐ เมษายน ๒๕๖๕"),  # the tool's own form: taken off, written back
        Line("- เสนอผู้บริหาร (๕ เม.ย. ๖๕)"),  # another form: stays in the text
        Line("- ยังไม่ได้ดำเนินการ"),
        Line("ต่อจากบรรทัดก่อน"),
    ])
    assert results == [{"text": "ประชุมชี้แจง", "date": "๒๐ เมษายน ๒๕๖๕"},
                       {"text": "เสนอผู้บริหาร (๕ เม.ย. ๖๕)", "date": "๕ เมษายน ๒๕๖๕"},
                       "ยังไม่ได้ดำเนินการ ต่อจากบรรทัดก่อน"]


def test_steps_typed_with_numbers_and_sub_numbers():
    steps = importer.steps_of([Line("๑. จัดหา"), Line("๒. เผยแพร่ ได้แก่"), Line("๒.๑ บอร์ด"), Line("2.2 เว็บไซต์"),
                               Line("ต่อบรรทัด"), Line("๓. รายงาน")])
    assert steps == ["จัดหา", {"text": "เผยแพร่ ได้แก่", "steps": ["บอร์ด", "เว็บไซต์ ต่อบรรทัด"]}, "รายงาน"]


def test_round_two_results_go_to_the_half_their_dates_say():
    results = ["ก", {"text": "ข", "date": "๑ มีนาคม ๒๕๖๕"}, {"text": "ค", "date": "๑ พฤษภาคม ๒๕๖๕"}, "ง"]
    assert importer.split_rounds(results, 2, 2565) == (results[:2], results[2:], [])
    assert importer.split_rounds(results, 1, 2565) == (results, [], [])
    january = {"text": "จ", "date": "๑๕ มกราคม ๒๕๖๕"}  # listed after May's: still round 1, and said
    later = results + [january, "ฉ"]
    assert importer.split_rounds(later, 2, 2565) == (results[:2] + [january, "ฉ"], results[2:], [january])


def test_header_words_map_to_columns():
    assert importer.header_column("ระยะเวลา ดำเนินการ/ กำหนดการ แล้วเสร็จ") == "period"
    assert importer.header_column("ผลการดำเนินงาน") == "results"
    assert importer.header_column("วิธีการดำเนินการ") == "steps"
    assert importer.header_column("มาตรการ/ แนวทาง") == "measure"
    assert importer.header_column("งบประมาณ") is None


def test_a_file_that_is_not_a_word_report_is_refused_with_a_message(tmp_path):
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 not a docx")
    result = run("import", tmp_path / "old.doc", "-o", tmp_path / "r")
    assert result.returncode == 1 and "(import-unreadable)" in result.stderr and ".docx" in result.stderr
    assert not (tmp_path / "r").exists()
    import docx

    document = docx.Document()
    document.add_paragraph("ไม่มีตาราง")
    document.save(str(tmp_path / "empty.docx"))
    result = run("import", tmp_path / "empty.docx", "-o", tmp_path / "r")
    assert result.returncode == 1 and "(import-no-table)" in result.stderr and "Traceback" not in result.stderr


def test_a_table_without_the_memo_is_imported_with_what_to_fill_in(tmp_path, original):
    source = wordfiles.write(tmp_path / "table-only.docx", original.table, None, "seed")
    result = run("import", source, "-o", tmp_path / "r")
    assert result.returncode == 1  # the folder is written, but report.yaml needs the memo's people
    assert "(import-no-memo)" in result.stderr and "report.yaml:" in result.stderr
    assert (tmp_path / "r" / "measures" / "measure-04.yaml").is_file()
    spaced = run("import", source, "-o", tmp_path / "ปี 2568", cwd=tmp_path)
    assert 'ita-report check "ปี 2568"' in spaced.stderr  # quoted, so pasting it names the one folder


def test_a_12_month_report_keeps_each_result_in_the_half_its_date_says(tmp_path):
    """The example's round 1 lists a 6 April result before two of 10 January: imported from the
    12-month report, the January ones stay in round1 (with a word), the April ones go to round2."""
    twelve = prepare(EXAMPLE, 2).derived
    source = wordfiles.write(tmp_path / "12.docx", twelve.table, twelve.memo, "seed")
    result = run("import", source, "-o", tmp_path / "r", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "(import-result-half)" in result.stderr and "measure-02.yaml" in result.stderr
    measure = validate(load_folder(tmp_path / "r")).measures[1].measure
    dates = {n: [r.date.month for r in getattr(measure.results, n) if getattr(r, "date", None)] for n in ("round1", "round2")}
    assert dates == {"round1": [1, 1], "round2": [4, 4]}

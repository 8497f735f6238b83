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


# ---------------------------------------------------------------- files made to hurt

def rewritten(source, target, parts: dict):
    """A copy of a .docx with some parts replaced (name → bytes, or a function of the old bytes)."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            change = parts.get(info.filename)
            new.writestr(info.filename, change(data) if callable(change) else data if change is None else change)
        for name, data in parts.items():
            if name not in old.namelist():
                new.writestr(name, data)
    return target


def nth_replaced(old: str, new: str, n: int):
    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        at = -1
        for _ in range(n):
            at = text.index(old, at + 1)
        return (text[:at] + new + text[at + len(old):]).encode("utf-8")
    return change


def import_problems(path, tmp_path):
    result = run("import", path, "-o", tmp_path / "r", "--lang", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "r").exists()  # nothing written
    return result.stderr


@pytest.mark.parametrize("layout, part, old, new, n, code, where", [
    ("seed", "word/document.xml", "<w:tcPr/>", '<w:tcPr><w:gridSpan w:val="abc"/></w:tcPr>', 8, "import-damaged", "[ตาราง 1 แถว 2]"),
    ("seed", "word/document.xml", "<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="-3"/></w:trPr>', 3, "import-damaged",
     "[ตาราง 1 แถว 3]"),
    ("word-lists", "word/document.xml", '<w:ilvl w:val="0"/>', '<w:ilvl w:val="abc"/>', 1, "import-damaged", "[ตาราง 1 แถว 2]"),
    ("word-lists", "word/numbering.xml", 'w:ilvl="0"', 'w:ilvl="abc"', 1, "import-damaged", "numbering.xml"),
])
def test_malformed_numbers_in_an_imported_file_give_a_located_message(tmp_path, original, layout, part, old, new, n,
                                                                        code, where):
    source = wordfiles.write(tmp_path / "good.docx", original.table, original.memo, layout)
    bad = rewritten(source, tmp_path / "bad.docx", {part: nth_replaced(old, new, n)})
    stderr = import_problems(bad, tmp_path)
    assert f"({code})" in stderr and where in stderr and "Open it in Word and save it again" in stderr


@pytest.mark.parametrize("document", [
    b'<?xml version="1.0"?><w:foo xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    b"<not xml",
])
def test_a_wrong_root_element_in_an_imported_file_is_refused_with_a_message(tmp_path, original, document):
    source = wordfiles.write(tmp_path / "good.docx", original.table, original.memo, "seed")
    stderr = import_problems(rewritten(source, tmp_path / "bad.docx", {"word/document.xml": document}), tmp_path)
    assert "(import-unreadable)" in stderr and "bad.docx" in stderr


def test_a_truncated_zip_is_refused_with_a_message(tmp_path, original):
    source = wordfiles.write(tmp_path / "good.docx", original.table, original.memo, "seed")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(source.read_bytes()[:-200])
    assert "(import-unreadable)" in import_problems(cut, tmp_path)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, original):
    """A 33 MB document.xml packed into a few kilobytes (a 1.4 MB bomb took 8 GB): refused from its
    declared size, with the part named."""
    from ita_report.wordfile import MAX_PART_BYTES

    source = wordfiles.write(tmp_path / "good.docx", original.table, original.memo, "seed")
    padding = b"<!--" + b" " * (MAX_PART_BYTES + 1) + b"-->"
    bomb = rewritten(source, tmp_path / "bomb.docx", {"word/document.xml": lambda data: data.replace(b"?>", b"?>" + padding, 1)})
    assert bomb.stat().st_size < 200_000
    stderr = import_problems(bomb, tmp_path)
    assert "(import-part-too-large)" in stderr and "[word/document.xml]" in stderr and f"{MAX_PART_BYTES:,}" in stderr


def test_a_part_larger_than_its_header_says_is_never_unpacked_beyond_it(tmp_path, original):
    import struct

    source = wordfiles.write(tmp_path / "good.docx", original.table, original.memo, "seed")
    padding = b"<!--" + b" " * 20_000_000 + b"-->"
    liar = rewritten(source, tmp_path / "liar.docx", {"word/document.xml": lambda data: data.replace(b"?>", b"?>" + padding, 1)})
    data = bytearray(liar.read_bytes())
    name = b"word/document.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):  # local, central headers
        at = 0
        while (at := data.find(signature, at)) >= 0:
            length = struct.unpack_from("<H", data, at + name_at - 4 if signature == b"PK\x03\x04" else at + 28)[0]
            if data[at + name_at:at + name_at + length] == name:
                struct.pack_into("<I", data, at + size_at, 1000)  # declares 1,000 bytes
            at += 4
    liar.write_bytes(bytes(data))
    stderr = import_problems(liar, tmp_path)
    assert "(import-unreadable)" in stderr and "word/document.xml" in stderr


def test_media_parts_are_not_unpacked_at_all(tmp_path, original):
    source = wordfiles.write(tmp_path / "good.docx", original.table, original.memo, "seed")
    from ita_report.wordfile import bounded_copy

    with_media = rewritten(source, tmp_path / "media.docx", {"word/media/huge.png": b"\0" * 40_000_000})
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(bounded_copy(with_media, "import"))) as copy:
        assert copy.getinfo("word/media/huge.png").file_size == 0
        assert copy.read("word/document.xml") == zipfile.ZipFile(source).read("word/document.xml")
    assert run("import", with_media, "-o", tmp_path / "r").returncode == 0


def test_an_import_of_more_rows_than_the_bound_is_refused_at_the_row(tmp_path, original, monkeypatch):
    """100,000 rows took 24 minutes and 8 GB: the rows of an import are bounded (small here)."""
    from ita_report.problems import UserError

    monkeypatch.setattr(importer, "MAX_IMPORT_ROWS", 3)
    source = wordfiles.write(tmp_path / "rows.docx", original.table, original.memo, "seed")  # header + 4 rows
    with pytest.raises(UserError) as err:
        importer.read_docx(source)
    (problem,) = [p for p in err.value.problems if p.severity == "error"]
    assert problem.code == "import-too-many-rows" and problem.field == "ตาราง 1 แถว 4" and "3" in problem.en


def test_an_imported_cell_of_more_lines_than_the_bound_is_refused_at_its_row(tmp_path, original, monkeypatch):
    from ita_report.problems import UserError

    monkeypatch.setattr(importer, "MAX_CELL_LINES", 3)
    source = wordfiles.write(tmp_path / "long.docx", original.table, original.memo, "seed")
    with pytest.raises(UserError) as err:
        importer.read_docx(source)
    (problem,) = [p for p in err.value.problems if p.severity == "error"]
    assert problem.code == "import-cell-too-long" and problem.field == "ตาราง 1 แถว 2" and "steps" in problem.en


def test_thousands_of_continued_lines_join_into_their_step_and_result():
    """Continued lines are joined once at the end (their time: benchmarks/, "import")."""
    lines = [Line("๑. เริ่ม")] + [Line(f"ต่อ {i}") for i in range(5000)]
    (step,) = importer.steps_of(lines)
    assert step.startswith("เริ่ม ต่อ 0 ต่อ 1") and step.endswith("ต่อ 4999")
    (result,) = importer.results_of([Line("- ผล")] + [Line(f"ต่อ {i}") for i in range(5000)])
    assert result.endswith("ต่อ 4999")


@pytest.mark.skipif(__import__("os").name == "nt", reason="SIGKILL")
def test_the_scratch_folder_of_an_import_killed_half_way_is_removed_by_the_next(tmp_path, original):
    """An import killed half-way left its scratch copy of the folder behind (787 MB for 100,000 rows)."""
    import os
    import subprocess
    import sys

    source = wordfiles.write(tmp_path / "seed.docx", original.table, original.memo, "seed")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "LANG": "en_US.UTF-8"}
    killed = ("import os, signal\nimport ita_report.scaffold as s\n"
              "s.load_folder = lambda folder: os.kill(os.getpid(), signal.SIGKILL)  # killed reading the copy back\n"
              "from ita_report.cli import main\nmain()\n")
    subprocess.run([sys.executable, "-c", killed, "import", str(source), "-o", str(tmp_path / "r1")], env=env)
    left = [p.name for p in scratch.iterdir()]
    assert len(left) == 1 and left[0].startswith(f"ita-report-") and any((scratch / left[0]).rglob("*.yaml"))
    (scratch / "ita-report-pdf-x").mkdir()  # not a scratch folder of this kind: kept
    result = subprocess.run([sys.executable, "-m", "ita_report", "import", str(source), "-o", str(tmp_path / "r2")],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in scratch.iterdir()] == ["ita-report-pdf-x"]

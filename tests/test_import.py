"""Import: Word reports in the layouts agencies have, read into YAML, built again to the same text."""
from __future__ import annotations

import pytest

import wordfiles
from conftest import EXAMPLE, paragraphs, run
from ita_report import importer, thai
from ita_report.importer.cells import CellParagraph as Line
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

    monkeypatch.setattr(importer.table, "MAX_IMPORT_ROWS", 3)
    source = wordfiles.write(tmp_path / "rows.docx", original.table, original.memo, "seed")  # header + 4 rows
    with pytest.raises(UserError) as err:
        importer.read_docx(source)
    (problem,) = [p for p in err.value.problems if p.severity == "error"]
    assert problem.code == "import-too-many-rows" and problem.field == "ตาราง 1 แถว 4" and "3" in problem.en


def test_an_imported_cell_of_more_lines_than_the_bound_is_refused_at_its_row(tmp_path, original, monkeypatch):
    from ita_report.problems import UserError

    monkeypatch.setattr(importer.table, "MAX_CELL_LINES", 3)
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


# ---------------------------------------------------------------- steps at every depth (issue 13, point 7)

@pytest.mark.parametrize("text", ["๒.๒.๑ ป้าย", "2.2.1 ป้าย", "2.2.1) ป้าย", "๒.๒.๑) ป้าย", "2.2.1. ป้าย", "๒.๒.๑ป้าย",
                                  "2.2.1ป้าย", "2.2.1)ป้าย", "๒. ๒. ๑ ป้าย", " ๒ .๒ .๑. ป้าย", "๒.๒.๑\tป้าย"])
def test_a_number_of_three_levels_is_read_however_it_is_typed(text):
    parts, start = importer.typed_number(text)
    assert parts == (2, 2, 1) and text[start:] == "ป้าย"


@pytest.mark.parametrize("text", ["๒๕๖๕ จัดทำแผน", "12บาท", "๑๕.๐๓.๒๕๖๕ ประชุม", "(๑) ป้าย", "๑๐๐๐ คน", "ป้าย ๒.๑", "๒.๑"])
def test_a_line_that_only_looks_numbered_is_text(text):
    assert importer.typed_number(text) is None


THREE_LEVELS = ["๑. จัดหา", "๒. เผยแพร่", "๒.๑ บอร์ด", "๒.๒ สื่อออนไลน์", "๒.๒.๑ facebook", "ต่อบรรทัด", "๒.๒.๒ line",
                "๒.๓ ศาลา", "๓. รายงาน"]
THREE_LEVELS_STEPS = ["จัดหา", {"text": "เผยแพร่", "steps": [
    "บอร์ด", {"text": "สื่อออนไลน์", "steps": ["facebook ต่อบรรทัด", "line"]}, "ศาลา"]}, "รายงาน"]


@pytest.mark.parametrize("form", ["thai", "arabic", "closing parenthesis", "no space", "word list"])
def test_three_levels_of_steps_keep_their_depth(form):
    def line(text):
        found = importer.typed_number(text)
        if found is None:
            return Line(text)
        parts, start = found
        number = ".".join(map(str, parts))
        rest = text[start:]
        return {"thai": Line(text), "arabic": Line(thai.to_arabic_digits(text)),
                "closing parenthesis": Line(f"{number}) {rest}"), "no space": Line(f"{number}.{rest}"),
                "word list": Line(rest, len(parts) - 1, "number")}[form]
    slips = []
    assert importer.steps_of([line(t) for t in THREE_LEVELS], slips) == THREE_LEVELS_STEPS
    assert slips == []


def test_a_bullet_under_a_third_level_step_goes_below_it():
    lines = [Line("๑. ก"), Line("๑.๑ ข"), Line("๑.๑.๑ ค"), Line("- ง"), Line("- จ"), Line("๒. ฉ")]
    assert importer.steps_of(lines) == [{"text": "ก", "steps": [{"text": "ข", "steps": [
        {"text": "ค", "steps": ["ง", "จ"]}]}]}, "ฉ"]


def test_a_number_that_skips_a_level_or_goes_backwards_keeps_its_text_and_is_said():
    lines = [Line("๑. ก"), Line("๑.๑.๑ ข"), Line("๒. ค"), Line("๒.๑ ง"), Line("๑. จ"), Line("๕. ฉ"), Line("๕.๓ ช")]
    slips = []
    steps = importer.steps_of(lines, slips)
    assert steps == [{"text": "ก", "steps": ["ข"]}, {"text": "ค", "steps": ["ง"]}, "จ", {"text": "ฉ", "steps": ["ช"]}]
    assert [(s.typed, s.given, s.text, s.kind) for s in slips] == [
        ("1.1.1", "1.1", "ข", "skip-level"), ("1", "3", "จ", "backwards"), ("5", "4", "ฉ", "gap"),
        ("5.3", "4.1", "ช", "gap")]
    word = importer.steps_of([Line("ก", 0, "number"), Line("ข", 2, "number")], slips := [])  # Word's list levels 1, 3
    assert word == [{"text": "ก", "steps": ["ข"]}] and [(s.typed, s.depth, s.kind) for s in slips] == [(None, 3, "skip-level")]


def test_a_number_deeper_than_words_lists_stops_at_their_depth():
    deep = ".".join(["1"] * 40)
    slips = []
    steps = importer.steps_of([Line(f"{'.'.join(['1'] * n)} ข้อ {n}") for n in range(1, 12)] + [Line(f"{deep} ลึก")], slips)
    depth, node = 0, {"steps": steps}
    while isinstance(node, dict):
        node, depth = node["steps"][0], depth + 1
    assert depth == importer.MAX_STEP_DEPTH
    text = str(steps)
    assert all(f"ข้อ {n}" in text for n in range(1, 12)) and "ลึก" in text  # nothing lost
    assert {s.kind for s in slips} == {"too-deep"}


def deep_example(folder):
    """The example with a third and a fourth level of steps, and the Garuda on its memo."""
    from conftest import png

    path = folder / "measures" / "1-service-process.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - สื่อออนไลน์ เช่น facebook\n"
    assert old in text
    path.write_text(text.replace(old, "      - text: สื่อออนไลน์ ได้แก่\n        steps:\n          - facebook\n"
                                      "          - text: line\n            steps: [กลุ่มหมู่บ้าน, กลุ่มผู้นำ]\n"),
                    encoding="utf-8")
    png(folder / "garuda.png", 24, 30)
    report = folder / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  # emblem: garuda.png", "  emblem: garuda.png"),
                      encoding="utf-8")
    assert "emblem: garuda.png" in report.read_text(encoding="utf-8")
    return folder


def steps_tree(folder) -> list:
    from ita_report.scaffold import _step

    return [[_step(s) for s in m.measure.steps] for m in validate(load_folder(folder)).measures]


def media(docx) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(docx) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}


@pytest.mark.parametrize("layout", ["seed", "word-lists", "arabic"])
def test_a_word_file_with_three_levels_and_the_garuda_imports_checks_and_builds(tmp_path, example, layout):
    import docx

    from conftest import squeeze

    folder = deep_example(example)
    derived = prepare(folder, 1).derived
    assert any(line.level == 2 for row in derived.table.rows for line in row.cells["steps"])
    source = wordfiles.write(tmp_path / "deep.docx", derived.table, derived.memo, layout)
    document = docx.Document(str(source))  # the Garuda in the memo's title line, as agencies place it
    title = next(p for p in document.paragraphs if squeeze(p.text).startswith("บันทึกข้อความ"))
    title.runs[0]._r.addprevious(title.add_run()._r)
    title.runs[0].add_picture(str(folder / "garuda.png"))
    document.save(str(source))

    result = run("import", source, "-o", tmp_path / "r")
    assert result.returncode == 0, result.stderr
    assert "(import-emblem)" in result.stderr and "(import-step-number)" not in result.stderr
    imported = tmp_path / "r"
    assert (imported / "emblem.png").read_bytes() == (folder / "garuda.png").read_bytes()
    measure = yaml_of(imported / "measures" / "measure-01.yaml")
    assert same_digits(measure["steps"][2]) == same_digits({"text": "นำไปเผยแพร่บนสื่อประชาสัมพันธ์ของหน่วยงาน ได้แก่", "steps": [
        "บอร์ดประชาสัมพันธ์หน้าหน่วยงาน",
        {"text": "สื่อออนไลน์ ได้แก่", "steps": ["facebook", {"text": "line", "steps": ["กลุ่มหมู่บ้าน", "กลุ่มผู้นำ"]}]},
        "นำผังการปฏิบัติงานไปติดตั้งไว้ที่ศาลาประชาคมหมู่บ้าน ทั้ง ๑๔ หมู่บ้าน"]})
    assert same_digits(steps_tree(imported)) == same_digits(steps_tree(folder))  # every measure, every depth
    assert yaml_of(imported / "report.yaml")["memo"]["emblem"] == "emblem.png"

    checked = run("check", imported)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    written, _ = build(imported, 1, tmp_path / "out")
    memo = next(p for p in written if p.name.endswith("-memo.docx"))
    assert list(media(memo).values()) == [(folder / "garuda.png").read_bytes()]
    assert same_digits(rows_text(prepare(imported, 1).derived)) == same_digits(rows_text(derived))


def yaml_of(path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def same_digits(value) -> str:
    """A value compared whatever digits it is written in (the Arabic layout's import keeps Arabic)."""
    return thai.to_arabic_digits(repr(value))


def test_the_built_example_with_deep_steps_and_the_garuda_imports_back_whole(tmp_path, example):
    """The round trip: build the example (steps four levels deep, the Garuda on the memo), import the
    built report, and every step at every depth, the memo's picture and the table come back."""
    folder = deep_example(example)
    written, _ = build(folder, 1, tmp_path / "first")
    whole = next(p for p in written if p.name.endswith("-report.docx"))
    result = run("import", whole, "-o", tmp_path / "again")
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again"
    assert steps_tree(again) == steps_tree(folder)
    assert (again / "emblem.png").read_bytes() == (folder / "garuda.png").read_bytes()
    rebuilt, _ = build(again, 1, tmp_path / "second")
    pairs = {p.name: p for p in rebuilt}
    for path in (p for p in written if "publication-form" not in p.name):
        assert paragraphs(pairs[path.name]) == paragraphs(path), path.name
        assert media(pairs[path.name]) == media(path), path.name


# ---------------------------------------------------------------- the memo's Garuda (issue 13, point 7)

def with_picture(tmp_path, original, where: str = "title", memo: bool = True, name: str = "garuda.docx"):
    """The seed layout with a picture in the memo's title line, the page's header or a table cell."""
    import docx

    from conftest import png, squeeze

    picture = png(tmp_path / "garuda.png", 24, 30)
    source = wordfiles.write(tmp_path / name, original.table, original.memo if memo else None, "seed")
    document = docx.Document(str(source))
    if where == "title":
        paragraph = next(p for p in document.paragraphs if squeeze(p.text).startswith("บันทึกข้อความ"))
    elif where == "header":
        paragraph = document.sections[0].header.paragraphs[0]
    else:
        paragraph = document.tables[0].rows[1].cells[4].paragraphs[0]
    paragraph.add_run().add_picture(str(picture))
    document.save(str(source))
    return source, picture.read_bytes()


def imported_memo(tmp_path, source, *args):
    result = run("import", source, "-o", tmp_path / "r", "--lang", "en", *args)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stderr, yaml_of(tmp_path / "r" / "report.yaml")["memo"].get("emblem")


@pytest.mark.parametrize("where", ["title", "header"])
def test_the_garuda_in_the_memo_or_its_header_is_written_into_the_folder(tmp_path, original, where):
    source, picture = with_picture(tmp_path, original, where)
    stderr, emblem = imported_memo(tmp_path, source)
    assert emblem == "emblem.png" and (tmp_path / "r" / "emblem.png").read_bytes() == picture
    assert "(import-emblem)" in stderr and "emblem.png" in stderr


def test_a_picture_in_the_measure_table_is_not_the_garuda(tmp_path, original):
    source, _ = with_picture(tmp_path, original, "table")
    stderr, emblem = imported_memo(tmp_path, source)
    assert emblem is None and not list((tmp_path / "r").glob("emblem*")) and "import-emblem" not in stderr
    table_only, _ = with_picture(tmp_path, original, "table", memo=False, name="table.docx")
    result = run("import", table_only, "-o", tmp_path / "t")
    assert "import-emblem" not in result.stderr and not list((tmp_path / "t").glob("emblem*"))


def test_a_file_without_a_picture_sets_no_emblem(tmp_path, original):
    source = wordfiles.write(tmp_path / "plain.docx", original.table, original.memo, "seed")
    stderr, emblem = imported_memo(tmp_path, source)
    assert emblem is None and not list((tmp_path / "r").glob("emblem*")) and "import-emblem" not in stderr
    assert "# emblem: garuda.png" in (tmp_path / "r" / "report.yaml").read_text(encoding="utf-8")


def test_a_file_of_the_users_is_never_overwritten_by_the_garuda(tmp_path, original):
    source, picture = with_picture(tmp_path, original)
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "emblem.png").write_bytes(b"the user's own file")
    stderr, emblem = imported_memo(tmp_path, source)
    assert emblem == "emblem-2.png" and (tmp_path / "r" / "emblem-2.png").read_bytes() == picture
    assert (tmp_path / "r" / "emblem.png").read_bytes() == b"the user's own file"
    _, again = imported_memo(tmp_path, source, "--force")  # imported again: the same picture keeps its name
    assert again == "emblem-2.png" and sorted(p.name for p in (tmp_path / "r").glob("emblem*")) == ["emblem-2.png",
                                                                                                   "emblem.png"]


def _media_name(source) -> str:
    import zipfile

    return next(n for n in zipfile.ZipFile(source).namelist() if n.startswith("word/media/"))


def test_a_picture_word_cannot_give_the_memo_is_saved_under_its_own_format(tmp_path, original):
    """An EMF Garuda (Word's own drawings): saved as emblem.emf to convert, memo.emblem left unset."""
    source, _ = with_picture(tmp_path, original)
    emf = b"\x01\x00\x00\x00" + b"\x6c\x00\x00\x00" + b"\x00" * 32 + b" EMF" + b"\x00" * 64
    changed = rewritten(source, tmp_path / "emf.docx", {_media_name(source): emf})
    stderr, emblem = imported_memo(tmp_path, changed)
    assert emblem is None and (tmp_path / "r" / "emblem.emf").read_bytes() == emf
    assert "(import-emblem-format)" in stderr and "EMF" in stderr and "memo.emblem" in stderr
    assert run("check", tmp_path / "r").returncode == 0


def test_a_huge_or_broken_garuda_is_left_behind_with_a_word(tmp_path, original):
    from ita_report.files import MAX_EMBLEM_BYTES

    source, picture = with_picture(tmp_path, original)
    huge = rewritten(source, tmp_path / "huge.docx", {_media_name(source): picture[:16] + b"\0" * (MAX_EMBLEM_BYTES + 1)})
    assert huge.stat().st_size < 100_000
    stderr, emblem = imported_memo(tmp_path, huge)
    assert emblem is None and not list((tmp_path / "r").glob("emblem*"))
    assert "(import-emblem-unusable)" in stderr and f"{MAX_EMBLEM_BYTES:,}" in stderr
    broken = rewritten(source, tmp_path / "broken.docx", {_media_name(source): picture[:40]})
    result = run("import", broken, "-o", tmp_path / "b", "--lang", "en")
    assert result.returncode == 0 and "(import-emblem-unusable)" in result.stderr and "cut short" in result.stderr
    assert not list((tmp_path / "b").glob("emblem*"))


def test_a_garuda_under_a_path_like_name_is_written_inside_the_folder_only(tmp_path, original):
    """The picture's part named to climb out (its relationship's target "../../…/evil.exe"): the file
    written is emblem.png in the new folder, named by its bytes; nothing appears anywhere else."""
    source, picture = with_picture(tmp_path, original)
    old = _media_name(source)
    rels = "word/_rels/document.xml.rels"
    climbing = rewritten(source, tmp_path / "climb.docx", {
        rels: lambda data: data.replace(old.removeprefix("word/").encode(), b"../../../../../../evil/evil.exe"),
        "[Content_Types].xml": lambda data: data.replace(b"<Default ", b'<Default Extension="exe" ContentType="image/png"/>'
                                                                    b"<Default ", 1),
        "evil/evil.exe": picture})
    before = sorted(p for p in tmp_path.rglob("*"))
    stderr, emblem = imported_memo(tmp_path, climbing)
    assert emblem == "emblem.png" and (tmp_path / "r" / "emblem.png").read_bytes() == picture
    new = [p for p in tmp_path.rglob("*") if p not in before and tmp_path / "r" not in p.parents and p != tmp_path / "r"]
    assert new == [] and not (tmp_path.parent / "evil").exists()


@pytest.mark.parametrize("kind", ["r:link", "external r:embed", "vml o:href"])
def test_a_linked_garuda_is_never_fetched(tmp_path, original, kind):
    """A picture linked to a file outside the .docx: nothing is fetched (a server listening at the
    link gets no connection, a file at a file:// link is not copied); the person is told what to do."""
    import socket

    source, picture = with_picture(tmp_path, original)
    local = tmp_path / "outside.png"
    local.write_bytes(picture)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    url = f"http://127.0.0.1:{server.getsockname()[1]}/garuda.png" if kind != "vml o:href" else local.as_uri()
    rels = "word/_rels/document.xml.rels"
    target = _media_name(source).removeprefix("word/")

    def relationships(data: bytes) -> bytes:
        text = data.decode("utf-8")
        if kind == "external r:embed":
            return text.replace(f'Target="{target}"', f'Target="{url}" TargetMode="External"').encode()
        return text.replace("</Relationships>", f'<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/'
                            f'officeDocument/2006/relationships/image" Target="{url}" TargetMode="External"/>'
                            "</Relationships>").encode()

    def document(data: bytes) -> bytes:
        import re

        text = data.decode("utf-8")
        if kind == "r:link":
            return re.sub(r'r:embed="[^"]+"', 'r:link="rIdLink"', text).encode()
        if kind == "vml o:href":
            return re.sub(r"<w:drawing>.*?</w:drawing>",
                          '<w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:20pt;height:20pt">'
                          f'<v:imagedata xmlns:o="urn:schemas-microsoft-com:office:office" o:href="{url}"/>'
                          "</v:shape></w:pict>", text, flags=re.S).encode()
        return data

    linked = rewritten(source, tmp_path / "linked.docx", {rels: relationships, "word/document.xml": document})
    stderr, emblem = imported_memo(tmp_path, linked)
    try:
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()
    assert emblem is None and not list((tmp_path / "r").glob("emblem*"))
    assert "(import-emblem-linked)" in stderr and "not fetched" in stderr
    assert run("check", tmp_path / "r").returncode == 0


@pytest.mark.parametrize("title, owners, suggestions", [
    ("มาตรการ", "สำนักปลัด", "ไม่มี"),  # a title that is a heading's word
    ("มาตรการวิธีการดำเนินการ", "มาตรการ", "ผลการดำเนินงาน"),  # cells that read like three headings
])
def test_a_measure_whose_words_look_like_headings_is_imported_as_a_measure(example, tmp_path, title, owners,
                                                                          suggestions):
    # found by the property tests: the row was taken for a repeated header row (and the measure lost)
    measure = example / "measures" / "2-publishing.yaml"
    measure.write_text(f'title: "{title}"\nowners: ["{owners}"]\nsuggestions: ["{suggestions}"]\n', encoding="utf-8")
    out = tmp_path / "out"
    build(example, 1, out)
    imported = importer.read_docx(out / "2565-round1-report.docx")
    (found,) = [m for m in imported.measures if m["title"] == title]
    assert len(imported.measures) == 4
    assert found["owners"] == [owners] and found["suggestions"] == [suggestions]


def test_an_option_that_differs_from_what_the_file_says_is_used_and_said(example, tmp_path):
    out = tmp_path / "out"
    build(example, 1, out)
    imported = importer.read_docx(out / "2565-round1-report.docx", fiscal_year=2570, round_number=2)
    assert imported.report["fiscal_year"] == 2570 and imported.report["round"] == 2
    said = [p for p in imported.problems if p.code == "import-option-differs"]
    assert len(said) == 2 and "๒๕๖๕" in said[0].th and "--fiscal-year 2570" in said[0].en and "--round 2" in said[1].en
    same = importer.read_docx(out / "2565-round1-report.docx", fiscal_year=2565)
    assert not [p for p in same.problems if p.code == "import-option-differs"]

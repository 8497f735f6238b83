from pathlib import Path

import pytest

from ita_report.load import Mark, load_folder, load_yaml
from ita_report.problems import UserError


def write(tmp_path: Path, data: bytes | str, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def only_problem(path: Path):
    with pytest.raises(UserError) as err:
        load_yaml(path)
    assert len(err.value.problems) == 1
    return err.value.problems[0]


def test_values_and_keys_carry_their_line_and_column(tmp_path):
    source = load_yaml(write(tmp_path, "title: ก\nsteps:\n  - a\n  - text: b\n    steps: [c]\n"))
    assert source.data == {"title": "ก", "steps": ["a", {"text": "b", "steps": ["c"]}]}
    assert source.marks[("steps", 1, "text")] == Mark(4, 11)
    assert source.key_marks[("steps", 1, "steps")] == Mark(5, 5)
    assert source.mark(("steps", 1, "nothing-here")) == Mark(4, 5)  # nearest parent


def test_dates_stay_text_for_the_model_to_read(tmp_path):
    assert load_yaml(write(tmp_path, "date: 2022-13-06\n")).data == {"date": "2022-13-06"}


def test_bom_and_crlf_are_accepted(tmp_path):
    source = load_yaml(write(tmp_path, b"\xef\xbb\xbftitle: \xe0\xb8\x81\r\nx: 1\r\n"))
    assert source.data == {"title": "ก", "x": 1}


def test_a_file_saved_as_tis620_says_so_with_its_place(tmp_path):
    problem = only_problem(write(tmp_path, "title: ok\nname: มาตรการ\n".encode("cp874")))
    assert (problem.code, problem.line, problem.column) == ("encoding", 2, 7)
    assert "UTF-8" in problem.th and "TIS-620" in problem.th


def test_control_characters_are_removed_with_a_located_warning(tmp_path):
    source = load_yaml(write(tmp_path, "title: ก\x0bข\nx: \x01y\n"))
    assert source.data == {"title": "กข", "x": "y"}
    assert [(w.line, w.column, w.severity) for w in source.warnings] == [(1, 9, "warning"), (2, 4, "warning")]
    assert "U+000B" in source.warnings[0].th


@pytest.mark.parametrize("text, code, line", [
    ("title: [unclosed\n", "yaml-syntax", 2),
    ("a: 1\n\tb: 2\n", "yaml-syntax", 2),
    ("", "empty-file", 1),
    ("# only a comment\n", "empty-file", 1),
    ("a: &x [1]\nb: *x\n", "yaml-alias", 2),
    ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3),
    ('a: 1\nb: "C:\\ITA"\n', "yaml-syntax", 2),  # a backslash that starts no escape
    ("a: 1\n---\nb: 2\n", "yaml-syntax", 2),  # a second document
    ("a: 1\n<<: {b: 2}\n", "yaml-alias", 2),  # a merge key (PyYAML has no constructor for it: it crashed)
    ("a: 1\n[b, c]: 2\n", "yaml-key", 2),  # at the key, not at the mapping's first line
])
def test_broken_files_give_one_located_problem(tmp_path, text, code, line):
    problem = only_problem(write(tmp_path, text))
    assert (problem.code, problem.line) == (code, line)
    assert problem.file.endswith("m.yaml")


@pytest.mark.parametrize("text, data", [
    ('order: !!int ""\n', {"order": ""}),  # PyYAML raised IndexError
    ('order: !!float "-"\n', {"order": "-"}),  # IndexError
    ('title: !!bool ""\n', {"title": ""}),  # KeyError
    ('title: !!timestamp ""\n', {"title": ""}),  # AttributeError
    ('title: !!binary "4LiB"\n', {"title": "ก".encode()}),  # bytes: validation reads them or names them
    ('title: !!timestamp 2022-04-20\n', {"title": "2022-04-20"}),  # a date: the text dates are read from
    ('title: !!python/object:os.system "ls"\n', {"title": "ls"}),  # never constructed
    ('!!int "": x\n', {"": "x"}),  # a key too
    ("yes: 1\n~: 2\n1: 3\n", {"yes": 1, "~": 2, "1": 3}),  # keys as typed, not True, None and 1
])
def test_a_literal_that_does_not_read_as_its_tag_says_is_kept_as_typed(tmp_path, text, data):
    assert load_yaml(write(tmp_path, text)).data == data


@pytest.mark.parametrize("text", ['title: "เอกสาร C:\\ITA"\n', 'title: "ดูที่ C:\\Users\\ita"\n', 'title: "รหัส \\x4"\n',
                                  'title: "a\\qb"\n'])
def test_a_backslash_in_double_quotes_is_said_at_the_backslash_with_the_ways_out(tmp_path, text):
    """A Windows path typed as it is, or an escape YAML does not know: at the backslash, not as a quote
    never closed."""
    problem = only_problem(write(tmp_path, text))
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 1, text.index("\\") + 1), text
    assert "\\\\" in problem.th and "single quotes" in problem.en and "never closed" not in problem.en


@pytest.mark.parametrize("text", ['title: "ก \\ud800"\n', 'title: "ก\\udcffข"\n'])
def test_an_escape_of_half_a_utf16_pair_is_said_as_no_character(tmp_path, text):
    try:
        source = load_yaml(write(tmp_path, text))
    except UserError as exc:
        (problem,) = exc.problems
    else:  # PyYAML without libyaml reads it; the loader then takes the character out, with a warning
        assert source.warnings and "\ud800" not in str(source.data) and "\udcff" not in str(source.data)
        return
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 1, text.index("\\") + 1), text
    assert "ไม่ใช่ตัวอักษร" in problem.th and "delete it" in problem.en and "never closed" not in problem.en


def test_tabs_get_a_hint_about_indenting_with_spaces(tmp_path):
    problem = only_problem(write(tmp_path, "a: 1\n\tb: 2\n"))
    assert "Tab" in problem.th and "เว้นวรรค" in problem.th and (problem.line, problem.column) == (2, 1)


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]" for i in range(1, 12)]
    assert only_problem(write(tmp_path, "\n".join(lines) + "\n")).code == "yaml-alias"


def test_oversized_file_is_refused_before_reading(tmp_path):
    assert only_problem(write(tmp_path, "a: " + "x" * (3 * 1024 * 1024))).code == "file-too-large"


def test_a_folder_reports_every_broken_file_at_once(example):
    (example / "measures" / "1-service-process.yaml").write_text("title: [\n", encoding="utf-8")
    (example / "measures" / "2-publishing.yaml").write_bytes("title: ผิด\n".encode("cp874"))
    inputs = load_folder(example)
    assert sorted(p.code for p in inputs.problems) == ["encoding", "yaml-syntax"]
    assert [s.path.name for s in inputs.measures] == ["3-answering-questions.yaml", "4-participation.yaml"]


@pytest.mark.parametrize("breakage, code", [
    (lambda d: (d / "report.yaml").unlink(), "no-report-yaml"),
    (lambda d: [p.unlink() for p in (d / "measures").iterdir()], "no-measures"),
])
def test_missing_pieces_of_a_folder(example, breakage, code):
    breakage(example)
    with pytest.raises(UserError) as err:
        load_folder(example)
    assert err.value.problems[0].code == code


def test_missing_folder(tmp_path):
    with pytest.raises(UserError) as err:
        load_folder(tmp_path / "nowhere")
    assert err.value.problems[0].code == "no-folder"


def test_measure_files_come_in_the_order_people_read_their_names(example):
    """init names files 1-….yaml, 2-….yaml …: the 10th and 11th follow the 9th, not the 1st."""
    measures = example / "measures"
    template = (measures / "4-participation.yaml").read_text(encoding="utf-8").replace("order: 4\n", "")
    for path in measures.iterdir():  # as init writes them: no order:, only the names
        path.write_text(path.read_text(encoding="utf-8").replace(f"order: {path.name[0]}\n", ""), encoding="utf-8")
    for number in range(5, 12):
        (measures / f"{number}-extra.yaml").write_text(template, encoding="utf-8")
    (measures / "๑๒-thai-digits.yaml").write_text(template, encoding="utf-8")
    names = [s.path.name for s in load_folder(example).measures]
    assert names[:4] == ["1-service-process.yaml", "2-publishing.yaml", "3-answering-questions.yaml",
                         "4-participation.yaml"]
    assert names[4:] == [f"{n}-extra.yaml" for n in range(5, 12)] + ["๑๒-thai-digits.yaml"]
    from ita_report.derive import derive
    from ita_report.validate import validate

    rows = derive(validate(load_folder(example)), 1).table.rows
    assert rows[9].cells["measure"][0].text.startswith("๑๐. ")
    assert [r.cells["measure"][0].text.split(".")[0] for r in rows] == [
        "๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙", "๑๐", "๑๑", "๑๒"]


@pytest.mark.parametrize("text, line", [
    ("title: x\nsuggestions: " + "[" * 600 + "]" * 600 + "\n", 2),  # flow style, past Python's recursion limit
    ("title: x\nsteps:\n" + "".join("  " * i + "- steps:\n" for i in range(80)), 34),  # block style
])
def test_yaml_nested_deeper_than_the_bound_is_a_located_error_not_a_crash(tmp_path, text, line):
    from ita_report.load import MAX_DEPTH

    problem = only_problem(write(tmp_path, text))
    assert problem.code == "yaml-too-deep" and problem.line == line and str(MAX_DEPTH) in problem.th
    assert problem.field.startswith(("suggestions[0]", "steps[0]"))


def test_a_file_of_more_values_than_the_bound_is_refused_at_the_value_that_passes_it(tmp_path, monkeypatch):
    from ita_report import load

    monkeypatch.setattr(load, "MAX_NODES", 100)
    problem = only_problem(write(tmp_path, "title: x\nsteps:\n" + "- ก\n" * 200))
    assert (problem.code, problem.line, problem.field) == ("yaml-too-many-values", 100, "steps[97]")


@pytest.mark.parametrize("text, typed", [('suggestions: !!python/object/apply:os.system ["echo x"]\n',
                                          "!!python/object/apply:os.system"),
                                         ("title: !foo มาตรการ\n", "!foo")])
def test_an_unknown_tag_runs_nothing_and_is_said(tmp_path, text, typed):
    source = load_yaml(write(tmp_path, text))
    (warning,) = source.warnings
    assert warning.code == "yaml-unknown-tag" and warning.severity == "warning" and typed in warning.en
    assert warning.line == 1 and warning.field in ("suggestions", "title")
    assert source.data in ({"suggestions": ["echo x"]}, {"title": "มาตรการ"})


def test_a_control_character_warning_names_the_field_it_was_taken_from(tmp_path):
    text = 'title: มาตรการ\x07\nowners: ["ก\\x01ข", กองคลัง]\nsteps:\n  - ขั้น\x0bที่หนึ่ง\n'
    source = load_yaml(write(tmp_path, text))
    found = {(w.line, w.field): w for w in source.warnings}
    assert set(found) == {(1, "title"), (2, "owners[0]"), (4, "steps[0]")}
    assert "written as a \\ escape" in found[(2, "owners[0]")].en and "Word or PDF" in found[(1, "title")].en
    assert source.data == {"title": "มาตรการ", "owners": ["กข", "กองคลัง"], "steps": ["ขั้นที่หนึ่ง"]}

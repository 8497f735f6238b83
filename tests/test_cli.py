"""The command as a user runs it: exit codes, messages with their place, nothing lost on failure."""
import os
import shutil
from pathlib import Path
import subprocess
import sys

import pytest

from conftest import EXAMPLE, run


def test_build_writes_the_memo_the_table_and_the_whole_report_and_says_so(example, tmp_path):
    result = run("build", example, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [  # (the example's report.yaml asks for the form)
        "2565-round1-memo.docx", "2565-round1-publication-form.docx", "2565-round1-report.docx",
        "2565-round1-table.docx"]
    assert "2565-round1-memo.docx" in result.stdout and "เขียน" in result.stdout
    assert "ตราครุฑ" in result.stderr  # the emblem warning


def test_default_output_folder_and_round_two(example):
    result = run("build", example, "--round", "2")
    assert result.returncode == 0, result.stderr
    assert (example / "out" / "2565-round2-table.docx").is_file()


MEASURE = "measures/2-publishing.yaml"


def break_file(folder, path, old, new):
    target = folder / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("path, old, new, expected", [
    (MEASURE, "\nowners:", "\nowner:", "2-publishing.yaml:10:1"),
    (MEASURE, "date: ๖ เมษายน ๒๕๖๕", "date: 2565-02-30", "2-publishing.yaml:16:13"),
    (MEASURE, "order: 2", "order: [2", "2-publishing.yaml:"),
    ("report.yaml", "fiscal_year: 2565", "fiscal_year: สองห้าหกห้า", "report.yaml:9:14"),
])
def test_bad_input_names_file_line_and_exits_1_without_traceback(example, tmp_path, path, old, new, expected):
    break_file(example, path, old, new)
    result = run("build", example, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists()


def test_cp874_empty_and_control_characters(example, tmp_path):
    (example / MEASURE).write_bytes((example / MEASURE).read_text(encoding="utf-8").encode("cp874"))
    (example / "measures" / "3-answering-questions.yaml").write_text("", encoding="utf-8")
    result = run("build", example, "-o", tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "UTF-8" in result.stderr and "ไฟล์ว่างเปล่า" in result.stderr


def test_a_pasted_control_character_is_removed_with_a_warning(example, tmp_path):
    break_file(example, MEASURE, "ตั้งป้ายประชาสัมพันธ์", "ตั้งป้าย\x0bประชาสัมพันธ์")
    result = run("build", example, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "U+000B" in result.stderr and "2-publishing.yaml:" in result.stderr


def test_a_failed_build_leaves_earlier_outputs_as_they_were(example, tmp_path):
    out = tmp_path / "out"
    assert run("build", example, "-o", out).returncode == 0
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    break_file(example, MEASURE, "\nowners:", "\nowner:")
    assert run("build", example, "-o", out).returncode == 1
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == before


def test_output_path_that_is_a_file(example, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = run("build", example, "-o", blocker)
    assert result.returncode == 1 and "ไม่ใช่โฟลเดอร์" in result.stderr and "Traceback" not in result.stderr


def test_missing_folder_and_wrong_round(tmp_path):
    missing = run("build", tmp_path / "nowhere")
    assert missing.returncode == 1 and "ไม่พบโฟลเดอร์" in missing.stderr
    assert run("build", EXAMPLE, "--round", "3").returncode == 2


def test_english_messages(example, tmp_path):
    break_file(example, MEASURE, "\nowners:", "\nowner:")
    result = run("build", example, "-o", tmp_path / "out", "--lang", "en")
    assert result.returncode == 1 and "did you mean 'owners'" in result.stderr


def test_check_reports_without_building(example):
    result = run("check", example)
    assert result.returncode == 0 and not (example / "out").exists()
    break_file(example, MEASURE, "\nowners:", "\nowner:")
    assert run("check", example).returncode == 1


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0 and "build" in result.stdout and "check" in result.stdout


def test_unreadable_and_invalid_files_are_reported_together(example, tmp_path):
    (example / "measures" / "8-tis.yaml").write_bytes("title: มาตรการ\n".encode("cp874"))
    (example / "measures" / "9-typo.yaml").write_text("title: x\nowner: [a]\n", encoding="utf-8")
    result = run("build", example, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "8-tis.yaml:1:8" in result.stderr and "9-typo.yaml:2:1" in result.stderr


def test_outputs_are_readable_by_others_like_any_new_file(example, tmp_path):
    assert run("build", example, "-o", tmp_path / "out").returncode == 0
    old = os.umask(0o022)
    os.umask(old)
    written = list((tmp_path / "out").iterdir())
    assert len(written) == 4  # memo, table, report, publication form
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o666 & ~old, path.name


BROKEN = sorted((Path(__file__).parent / "data" / "broken").glob("*.yaml"))


@pytest.mark.parametrize("case", BROKEN, ids=lambda p: p.stem)
def test_each_broken_measure_file_gives_its_code_and_place(example, tmp_path, case):
    """tests/data/broken/*.yaml: each file's first line says the problem code and line:column expected,
    then, after "|", words its message must hold (and, after "!", words no message may hold)."""
    head, *words = case.read_bytes().split(b"\n", 1)[0].decode("utf-8").removeprefix("# expect: ").split(" | ")
    expect = head.split()
    out = tmp_path / "out"
    assert run("build", example, "-o", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    shutil.copy(case, example / "measures" / case.name)
    result = run("build", example, "-o", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(l for l in result.stderr.splitlines() if f"({expect[0]})" in l)
    assert f"{case.name}:{expect[1]}:" in line
    for word in words:
        assert (word[1:] not in result.stderr) if word.startswith("!") else (word in line), (word, result.stderr)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_a_console_that_cannot_show_thai_gets_english_and_the_same_exit_codes(example, tmp_path, encoding):
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": encoding}
    good = subprocess.run([sys.executable, "-m", "ita_report", "build", str(example), "-o", str(tmp_path / "o")],
                          capture_output=True, env={**os.environ, **env}, timeout=120)
    assert good.returncode == 0 and b"wrote" in good.stdout
    break_file(example, MEASURE, "\nowners:", "\nowner:")
    bad = subprocess.run([sys.executable, "-m", "ita_report", "build", str(example), "-o", str(tmp_path / "o")],
                         capture_output=True, env={**os.environ, **env}, timeout=120)
    assert bad.returncode == 1 and b"Traceback" not in bad.stderr
    assert b"did you mean 'owners'" in bad.stderr


def test_the_installed_command_exits_0_1_and_2_in_its_own_process(example, tmp_path):
    """The console script pip installs, as a shell or a CI job sees it: 0 built, 1 refused input,
    2 a wrong command line; what it says on the way."""
    command = shutil.which("ita-report", path=str(Path(sys.executable).parent))
    assert command, "no ita-report beside this Python: install the project (pip install -e '.[test]')"
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "", "PYTHONIOENCODING": "utf-8"}

    def ita_report(*args):
        return subprocess.run([command, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                              env=env, timeout=120)

    built = ita_report("build", example, "-o", tmp_path / "out")
    assert built.returncode == 0 and "wrote " in built.stdout and (tmp_path / "out" / "2565-round1-memo.docx").is_file()
    break_file(example, MEASURE, "\nowners:", "\nowner:")
    refused = ita_report("check", example)
    assert refused.returncode == 1 and "did you mean 'owners'" in refused.stderr and "Traceback" not in refused.stderr
    usage = ita_report("build", example, "--round", "3")
    assert usage.returncode == 2 and "round must be 1, 2 or auto" in usage.stderr
    assert ita_report("--version").stdout.startswith("ita-report ")

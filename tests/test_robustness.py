"""Whatever a person types, the only outcomes are a valid report or located problems: never a
traceback, never a corrupt document, never a half-written output."""
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ita_report.load import Mark, Source, load_yaml
from ita_report.model import Measure, Report
from ita_report.pipeline import build
from ita_report.problems import UserError
from ita_report.validate import _validate

FILE_LEVEL = {"empty-file", "file-too-large", "not-a-mapping"}

yaml_ish = st.lists(st.sampled_from(list("ab:- \n\t#&*[]{}\"'|>!%@`,.?\\") + ["กข", "๑", "\x0b", "\x00",
                                                                         "title", "steps", "date", "order",
                                                                         # literals: merge keys, tags, escapes,
                                                                         # a second document, odd scalars
                                                                         "<<", "!!int ", "!!binary ", "!!set ",
                                                                         "!!python/object ", "\\x4", "\\ud800",
                                                                         "---", "yes", "~", ".inf", "1e999"]),
                    max_size=60).map("".join)


def outcome(path: Path, model):
    try:
        source = load_yaml(path)
    except UserError as err:
        return err.problems
    problems = []
    result = _validate(model, source, problems)
    assert (result is None) == bool(problems)
    return problems


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=yaml_ish)
def test_any_text_gives_a_model_or_located_problems(tmp_path, text):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    for problem in outcome(path, Measure):
        assert problem.file and problem.th and problem.en and problem.code
        assert problem.line is not None or problem.code in FILE_LEVEL


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["title", "steps", "text", "date", "results", "round1", "owners", "order", "x"]),
        children, max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(st.sampled_from(["title", "steps", "owners", "period", "results", "suggestions",
                                             "order", "organisation", "memo", "fiscal_year"]), values, max_size=6))
def test_any_values_give_a_model_or_located_problems(data):
    for model in (Measure, Report):
        problems = []
        source = Source(Path("m.yaml"), "m.yaml", data, {(): Mark(1, 1)})
        result = _validate(model, source, problems)
        assert (result is None) == bool(problems)
        assert all(p.file == "m.yaml" and p.line is not None for p in problems)


def test_a_locked_output_says_close_it_in_word_and_keeps_the_others(example, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first, _ = build(example, 1, out)
    before = {p: p.read_bytes() for p in first}
    real_replace = os.replace

    def locked(src, dst):
        if str(dst).endswith("memo.docx"):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(UserError) as err:
        build(example, 1, out)
    assert err.value.problems[0].code == "output-locked" and "Word" in err.value.problems[0].th
    assert err.value.problems[0].file.endswith("2565-round1-memo.docx")
    assert sorted(p.name for p in err.value.written) == ["2565-round1-publication-form.docx", "2565-round1-report.docx",
                                                         "2565-round1-table.docx"]
    assert {p: p.read_bytes() for p in first} == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_temporary_files_of_a_killed_build_are_removed_at_the_next_run(example, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "out"
    out.mkdir()
    killed = ("import os, signal, sys\nfrom pathlib import Path\nfrom ita_report import write\n"
              "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)  # killed between writing and renaming\n"
              "write.write_files(Path(sys.argv[1]), {'2565-round1-memo.docx': b'x' * 1000, 'measures/m.yaml': b'y'})\n")
    assert subprocess.run([sys.executable, "-c", killed, str(out)]).returncode != 0
    left = sorted(p.name for p in out.rglob("*.tmp"))  # .2565-round1-memo.docx.ita-report-PID-….tmp, .m.yaml.…
    assert len(left) == 2 and all(".ita-report-" in name for name in left)
    mine = out / ".notes.txt.tmp"  # not the tool's: kept
    mine.write_text("x")
    build(example, 1, out)  # cleans the folder it writes into
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.tmp")) == [
        ".notes.txt.tmp", f"measures/{left[1]}"]
    assert (out / "2565-round1-memo.docx").stat().st_size > 1000
    from ita_report.write import write_files

    write_files(out, {"measures/n.yaml": b"z"})  # and each subfolder it writes into (import: measures/)
    assert [p.name for p in out.rglob("*.tmp")] == [mine.name]


def test_a_full_disk_is_named_and_leaves_the_earlier_outputs_and_no_temporary_file(example, tmp_path, monkeypatch):
    import errno

    out = tmp_path / "out"
    first, _ = build(example, 1, out)
    before = {p: p.read_bytes() for p in first}
    real_fsync, calls = os.fsync, []

    def full(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    (example / "report.yaml").write_text((example / "report.yaml").read_text(encoding="utf-8").replace(
        "นายสมทรง ช้างชนะ", "นายสมทรง ช้างชนะดี"), encoding="utf-8")
    with pytest.raises(UserError) as err:
        build(example, 1, out)
    (problem,) = err.value.problems
    assert problem.code == "output-disk-full" and "ดิสก์เต็ม" in problem.th and "earlier ones" in problem.en
    assert {p: p.read_bytes() for p in first} == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]

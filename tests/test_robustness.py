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

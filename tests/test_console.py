"""How every command ends: one wrapper (console.handled) for problems, bugs and command-line mistakes."""
import os

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE
from ita_report import batch, cli, importer, load, process, scaffold, schema

RUNNER = CliRunner()


def _boom(*args, **kwargs):
    raise RuntimeError("a bug planted by the test")


@pytest.mark.parametrize("module, name, args", [
    (batch, "output_folders", ["build", str(EXAMPLE)]),
    (load, "report_folders", ["check", str(EXAMPLE)]),
    (scaffold, "rolled_over", ["rollover", str(EXAMPLE), "--to", "{tmp}/next"]),
    (importer, "read_docx", ["import", "{tmp}/old.docx", "-o", "{tmp}/imported"]),
    (scaffold, "new_report", ["init", "{tmp}/new", "--org", "องค์การบริหารส่วนตำบลนาโสม", "--district", "บ้านหมี่",
                              "--province", "ลพบุรี", "--yes"]),
    (schema, "schema_texts", ["schema"]),
])
@pytest.mark.parametrize("lang, words", [("en", "Internal error (please report it with this text)"),
                                         ("th", "ข้อผิดพลาดภายในโปรแกรม")])
def test_a_bug_in_any_command_reads_as_an_internal_error_in_the_batch_words(monkeypatch, tmp_path, module, name, args,
                                                                            lang, words):
    monkeypatch.setattr(module, name, _boom)
    result = RUNNER.invoke(cli.app, [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--lang", lang])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # ended by the wrapper, not by the bug
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if words in line)
    assert "(internal-error)" in lines[-1] and "a bug planted by the test" in result.output
    # the traceback is the message's text, each of its lines marked as belonging to it
    assert all(line.startswith("  | ") for line in lines[start + 1:])
    assert not (tmp_path / "next").exists() and not (tmp_path / "imported").exists() and not (tmp_path / "new").exists()


def test_a_user_error_ends_with_what_was_not_done_in_the_commands_words(tmp_path):
    result = RUNNER.invoke(cli.app, ["rollover", str(tmp_path / "missing"), "--to", str(tmp_path / "next"), "--lang", "en"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 error(s): the new folder was not written."
    result = RUNNER.invoke(cli.app, ["check", str(tmp_path / "missing"), "--lang", "en"])
    assert result.exit_code == 1 and "(no-folder)" in result.output


def test_a_command_line_mistake_inside_a_command_stays_a_usage_error(tmp_path):
    result = RUNNER.invoke(cli.app, ["build", str(EXAMPLE), "--names", "x", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--names" in result.output
    assert "internal-error" not in result.output and not (tmp_path / "out").exists()


def test_the_file_mode_follows_the_umask_without_changing_it():
    before = os.umask(0o027)
    os.umask(before)
    assert process.UMASK == before == process._umask()  # read without being set on the way (Linux: /proc)
    assert process.file_mode() == 0o666 & ~before
    now = os.umask(0o022)
    os.umask(now)
    assert now == before

"""Every message in one language, in its place: a Thai session reads Thai from the first line to the
count at the end, help in Thai and English, no line that starts with ": ", quoted values cut between
whole letters, and the C locale in English (issue 13, point 15)."""
from __future__ import annotations

import builtins
import json
import os
import re
import subprocess
import sys
import unicodedata

import pytest
import typer
from hypothesis import given, strategies as st

from conftest import run
from ita_report import thai
from ita_report.cli import app
from ita_report.problems import Problem


def test_check_counts_in_thai_in_a_thai_session(example):
    result = run("check", example)
    assert result.returncode == 0, result.stderr
    assert "error(s)" not in result.stdout and "warning(s)" not in result.stdout
    assert "ใช้ได้ (ข้อผิดพลาด 0 รายการ คำเตือน 0 รายการ)" in result.stdout
    english = run("check", example, "--lang", "en")
    assert "OK (0 error(s), 0 warning(s))" in english.stdout


def test_schema_says_what_it_wrote_in_the_session_language(tmp_path):
    result = run("schema", "-o", tmp_path / "schemas")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("เขียน ") for line in lines), lines  # report, measure, ita-results
    assert run("schema", "-o", tmp_path / "again", "--lang", "en").stdout.startswith("wrote ")


def _help_texts():
    group = typer.main.get_command(app)
    context = typer.Context(group)
    yield "ita-report", "--help", group.get_help_option(context).help
    for name, command in group.commands.items():
        yield name, "(the command)", command.help
        for param in command.get_params(typer.Context(command, parent=context)):
            yield name, param.name, param.help


@pytest.mark.parametrize("command, param, text", list(_help_texts()), ids=lambda v: str(v)[:20])
def test_every_command_and_option_has_thai_and_english_help(command, param, text):
    assert text, f"{command} {param}: no help"
    assert any("\u0e01" <= c <= "\u0e4f" for c in text), f"{command} {param}: no Thai in {text!r}"
    assert " / " in text and re.search("[a-z]{3,} [a-z]{2,}", text.rsplit(" / ", 1)[1]), \
        f"{command} {param}: no English after ' / ' in {text!r}"


def test_help_shows_both_languages(tmp_path):
    result = run("build", "--help")
    assert result.returncode == 0
    assert "แสดงวิธีใช้นี้ / show this help" in result.stdout
    assert "Show this message and exit." not in result.stdout


def test_a_problem_without_a_file_starts_with_its_label():
    problem = Problem("soffice-not-found", "ไม่พบโปรแกรม soffice", "soffice not found", field="--soffice")
    assert problem.format("th") == "ผิดพลาด [--soffice]: ไม่พบโปรแกรม soffice (soffice-not-found)"
    assert problem.format("en") == "error [--soffice]: soffice not found (soffice-not-found)"
    assert Problem("x", "ก", "a", file="r.yaml", line=3).format("en") == "r.yaml:3: error: a (x)"


def test_missing_libreoffice_is_said_without_a_leading_colon(example, tmp_path):
    result = run("build", example, "-o", tmp_path / "out", "-f", "docx,pdf", "--soffice", tmp_path / "no-soffice")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any("soffice" in line for line in lines)
    assert not [line for line in lines if line.startswith(":")], result.stderr


# ---------------------------------------------------------------- values cut between whole letters

def _whole_letters(text: str, cut: str) -> bool:
    rest = text[len(cut):]
    mark = cut and rest[:1] and (unicodedata.category(rest[0]) in ("Mn", "Mc") or rest[0] == "\u0e33")
    return text.startswith(cut) and not mark and not cut.endswith(tuple("เแโใไ"))


def test_a_json_value_is_cut_between_whole_letters(example):
    """The Arabic-digits warning quotes the text it found (40 characters): cut in the middle of
    "ที่" it printed "ที" (another word) with a stray tone mark lost."""
    text = "ประชาสัมพันธ์ผ่านเว็บไซต์ที่ได้รับ 3 ช่องทาง และอื่นๆอีกมากมาย"
    assert len("ประชาสัมพันธ์ผ่านเว็บไซต์ที่") == 28 and text[:27].endswith("ที")
    (example / "measures" / "5-web.yaml").write_text(f"title: {'ก' * 13}{text}\n", encoding="utf-8")
    result = run("check", example, "--format", "json")
    found = [p for p in json.loads(result.stdout) if p["code"] == "arabic-digits"]
    assert found, result.stdout
    value = found[0]["value"]
    full = "ก" * 13 + text
    assert 0 < len(value) <= 40 and _whole_letters(full, value), value
    assert full[:40].endswith("ที") and value == full[:38]  # cut before "ที่", not inside it


@pytest.mark.parametrize("icu", [True, False])
def test_clip_cuts_only_between_whole_letters(monkeypatch, icu):
    if not icu:
        real = builtins.__import__
        monkeypatch.setattr(builtins, "__import__",
                            lambda name, *a, **k: (_ for _ in ()).throw(ImportError(name)) if name == "icu" else real(name, *a, **k))
    assert thai.clip("ที่นี่", 2) == "" and thai.clip("ที่นี่", 3) == "ที่" and thai.clip("ที่นี่", 5) == "ที่"
    assert thai.clip("น้ำใจ", 2) == "" and thai.clip("น้ำใจ", 4) == "น้ำ"  # sara am belongs to its letter
    assert thai.clip("ไปเที่ยว", 3) == "ไป"  # never ends on a leading vowel
    assert thai.clip("สั้น", 40) == "สั้น"


@given(st.text(alphabet=st.sampled_from("กขคงเแโใไัิีึืุู่้๊๋์ำะา abc1"), max_size=30), st.integers(0, 32))
def test_clip_is_a_prefix_of_whole_letters_within_the_limit(text, limit):
    cut = thai.clip(text, limit)
    assert len(cut) <= limit and (cut == text or _whole_letters(text, cut))


# ---------------------------------------------------------------- the console's language

def _bare_env(**values):
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "PYTHONIOENCODING", "PYTHONUTF8")}
    return {**env, **values}


def test_the_c_locale_gives_english(example, tmp_path):
    """LC_ALL=C declares a console of ASCII; Python then writes UTF-8 all the same (its UTF-8 mode),
    so the console's encoding alone said "Thai" and the messages came in Thai."""
    result = subprocess.run([sys.executable, "-m", "ita_report", "build", str(example), "-o", str(tmp_path / "o")],
                            capture_output=True, env=_bare_env(LC_ALL="C"), timeout=120)
    assert result.returncode == 0, result.stderr
    assert b"wrote " in result.stdout and "เขียน".encode() not in result.stdout
    assert b"note" in result.stderr and "หมายเหตุ".encode() not in result.stderr
    posix = subprocess.run([sys.executable, "-m", "ita_report", "check", str(example)], capture_output=True,
                           env=_bare_env(LANG="POSIX"), timeout=120)
    assert b"OK (0 error(s)" in posix.stdout


def test_a_utf8_locale_without_a_language_keeps_thai(example):
    result = subprocess.run([sys.executable, "-m", "ita_report", "check", str(example)], capture_output=True,
                            env=_bare_env(LC_ALL="C.UTF-8"), timeout=120)
    assert "ใช้ได้".encode() in result.stdout
    thai_locale = subprocess.run([sys.executable, "-m", "ita_report", "check", str(example)], capture_output=True,
                                 env=_bare_env(LANG="th_TH.UTF-8"), timeout=120)
    assert "ใช้ได้".encode() in thai_locale.stdout


# ---------------------------------------------------------------- what the console shows

def test_a_batch_on_a_terminal_redraws_one_bar_in_place(monkeypatch):
    """On a terminal the progress is one bar redrawn with \\r; in a log (CI) a line per report."""
    import io
    from pathlib import Path
    from types import SimpleNamespace

    from ita_report import console

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    show = console.progress("en")
    for done, failed in ((1, False), (2, True), (3, False)):
        show(done, 3, SimpleNamespace(failed=failed, folder=Path(f"agency-{done}")))
    assert screen.getvalue() == ("\r[" + "#" * 10 + "." * 20 + "] 1/3" + "\r[" + "#" * 20 + "." * 10 + "] 2/3"
                                 + "\r[" + "#" * 30 + "] 3/3\n")


def test_a_thai_name_on_a_console_that_cannot_show_it_is_escaped_not_a_crash(monkeypatch):
    import io

    from ita_report import console

    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii", errors="strict"))
    console.echo("wrote out/บันทึกข้อความ.docx")
    sys.stdout.flush()
    assert raw.getvalue() == b"wrote out/\\u0e1a\\u0e31\\u0e19\\u0e17\\u0e36\\u0e01\\u0e02\\u0e49\\u0e2d\\u0e04\\u0e27\\u0e32\\u0e21.docx\n"


@pytest.mark.parametrize("system, expected", [("en_GB", "en"), ("th_TH", "th"), (None, "th")])
def test_without_locale_variables_the_system_locale_chooses_the_language(monkeypatch, system, expected):
    """Windows sets no LANG: the language comes from the system's locale (Thai unless it is English)."""
    import locale

    from ita_report import console

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *a: (system, "UTF-8"))
    assert console.language(None) == expected
    assert console.language("en") == "en" and console.language("th") == "th"

"""A report folder's own templates with a mistake in them, as a person editing a copy makes them: a
Jinja syntax error, a variable that does not exist, something the sandbox refuses. Whichever template,
the build stops with the template's file and line, exits 1 and writes nothing: the outputs of the
last good build stay as they were, byte for byte."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, run

SHIPPED = ROOT / "templates"

# Each wording template, with the document and the format that fill it (the example's report.yaml asks
# for the publication form, so the report's build fills the form's templates too).
TEMPLATES = {
    "memo.j2": ("report", "docx"),
    "table.j2": ("report", "docx"),
    "report.html.j2": ("report", "html"),
    "publication-form.j2": ("report", "docx"),
    "publication-form.html.j2": ("report", "html"),
    "announcement.j2": ("announcement", "docx"),
    "announcement.html.j2": ("announcement", "html"),
    "analysis.j2": ("analysis", "docx"),
    "analysis.html.j2": ("analysis", "html"),
}

MISTAKES = {  # the line put in, the problem's code, words its message must hold
    "syntax": ("{% if %}", "template-syntax", "Template syntax error"),
    "undefined": ("{{ organisation_name }}", "template-error", "'organisation_name' is undefined"),
    "sandbox": ("{{ cycler.__init__.__globals__ }}", "template-unsafe", "may not"),
}


def test_every_wording_template_is_tried():
    shipped = sorted(p.name for p in SHIPPED.glob("*.j2"))
    assert shipped == sorted(TEMPLATES), "a new template: add it to TEMPLATES with the document that fills it"


def with_mistake(folder: Path, name: str, line: str) -> int:
    """The folder given its own copy of the shipped template `name`, with `line` put in just after its
    opening comment; returns the line's number."""
    own = folder / "templates"
    own.mkdir(exist_ok=True)
    lines = (SHIPPED / name).read_text(encoding="utf-8").split("\n")
    after = next(i for i, text in enumerate(lines) if text.rstrip().endswith("#}"))
    lines.insert(after + 1, line)
    (own / name).write_text("\n".join(lines), encoding="utf-8")
    report = folder / "report.yaml"
    text = report.read_text(encoding="utf-8")
    if "templates: templates" not in text:
        report.write_text(text.replace("round: 1", "round: 1\nsettings:\n  templates: templates", 1), encoding="utf-8")
    return after + 2


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.md5(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> Path:
    """Every document of the example in both formats, as a good build left them."""
    out = tmp_path_factory.mktemp("earlier")
    result = run("build", EXAMPLE, "-o", out, "-d", "all", "-f", "docx,html")
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_a_mistake_in_an_own_template_is_named_at_its_line_and_nothing_is_written(example, tmp_path, earlier,
                                                                                  name, mistake):
    text, code, words = MISTAKES[mistake]
    line = with_mistake(example, name, text)
    document, format_ = TEMPLATES[name]
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    before = digests(out)
    result = run("build", example, "-o", out, "-d", document, "-f", format_, "--lang", "en")
    assert result.returncode == 1, result.stderr
    (error,) = [l for l in result.stderr.splitlines() if ": error" in l]
    assert f"templates/{name}:{line}: error" in error, error
    assert f"({code})" in error and words in error, error
    assert "1 error(s): nothing was built." in result.stderr and not result.stdout
    assert digests(out) == before  # nothing new, nothing replaced, no temporary file left


@pytest.mark.parametrize("name", sorted(n for n in TEMPLATES if ".html" not in n))
def test_check_names_a_mistake_in_an_own_word_template(example, name):
    """check fills the wording of the Word documents (the web pages are filled only by a build)."""
    text, code, words = MISTAKES["undefined"]
    line = with_mistake(example, name, text)
    result = run("check", example, "-d", TEMPLATES[name][0], "--lang", "en")
    assert result.returncode == 1 and f"templates/{name}:{line}: error" in result.stderr, result.stderr
    assert f"({code})" in result.stderr and words in result.stderr


def test_the_thai_message_names_the_variable_too(example, tmp_path):
    line = with_mistake(example, "memo.j2", "{{ organisation_name }}")
    result = run("build", example, "-o", tmp_path / "out")
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert f"templates/memo.j2:{line}: ผิดพลาด: แม่แบบใช้ตัวแปรที่ไม่มี: 'organisation_name' is undefined" in result.stderr
    assert "ยังไม่ได้สร้างเอกสาร" in result.stderr


def test_own_templates_build_while_a_debugger_traces_the_process(example, tmp_path):
    """The sandbox counts template lines with a trace function. Under another tracer (a debugger, a
    profiler, coverage) a template's frame that ran on after the count ended reached it, and the
    build failed with 'list index out of range' in table.j2."""
    import sys

    own = example / "templates"
    own.mkdir()
    for name in ("memo.j2", "table.j2", "report.html.j2"):
        shutil.copy(SHIPPED / name, own / name)
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("round: 1", "round: 1\nsettings:\n  templates: templates"),
                      encoding="utf-8")

    def debugger(frame, event, arg):
        return debugger

    previous = sys.gettrace()
    sys.settrace(debugger)
    try:
        result = run("build", example, "-o", tmp_path / "out", "-f", "docx,html")
    finally:
        sys.settrace(previous)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "2565-round1-table.docx").is_file()


@pytest.mark.parametrize("name", [n for n, (_, fmt) in TEMPLATES.items() if fmt == "html"])
def test_check_finds_a_syntax_error_in_an_own_web_page_template_that_only_a_build_would_fill(example, name):
    line = with_mistake(example, name, MISTAKES["syntax"][0])
    result = run("check", example, "--lang", "en")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"templates/{name}:{line}" in result.stderr and "(template-syntax)" in result.stderr

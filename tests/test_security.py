"""Report folders written by others, tried as an attacker would (issue 12): templates that run code or
read files, paths out of the folder, links planted for the outputs, image and zip bombs, documents
that make LibreOffice fetch, control and invisible characters, markup from data. Each test is named
for its attack; each fails on the tool before these defences."""
from __future__ import annotations

import os
import re
import shlex
import struct
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, paragraphs, png, run, run_process
from ita_report.pipeline import build, prepare
from ita_report.problems import UserError
from ita_report.watch import watch
from ita_report.write import write_files

ROOT = EXAMPLE.parent.parent
SHIPPED = ROOT / "templates"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links, FIFOs and /proc")


def set_in_report(folder: Path, old: str, new: str) -> None:
    report = folder / "report.yaml"
    text = report.read_text(encoding="utf-8")
    assert old in text
    report.write_text(text.replace(old, new, 1), encoding="utf-8")


def own_templates(folder: Path, **templates: str) -> Path:
    """The folder given its own templates folder holding these files (name with "_" for ".")."""
    own = folder / "templates"
    own.mkdir(exist_ok=True)
    for name, text in templates.items():
        (own / name.replace("_", ".", 1).replace("_", ".")).write_text(text, encoding="utf-8")
    if "templates:" not in (folder / "report.yaml").read_text(encoding="utf-8"):
        set_in_report(folder, "round: 1", "round: 1\nsettings:\n  templates: templates")
    return own


def line_of(folder: Path, needle: str) -> int:
    lines = (folder / "report.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def problems_of(folder: Path, **kw) -> list:
    with pytest.raises(UserError) as caught:
        prepare(folder, **kw)
    return caught.value.problems


def errors(problems) -> list:
    return [p for p in problems if p.severity == "error"]


def memo_wording(own_memo: str) -> str:
    """The shipped memo wording with a line of the attacker's added after the title."""
    shipped = (SHIPPED / "memo.j2").read_text(encoding="utf-8")
    return shipped.replace("title: บันทึกข้อความ\n", "title: บันทึกข้อความ\n" + own_memo + "\n", 1)


# ---------------------------------------------------------------- templates from a report folder

def test_an_own_memo_template_cannot_run_shell_commands(example, tmp_path):
    marker = tmp_path / "pwned"
    own_templates(example, memo_j2=memo_wording(
        f"plain: {{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"))
    for command in (("check",), ("build", "-o", tmp_path / "out")):
        result = run(*command, example, "--lang", "en")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "(template-unsafe)" in result.stderr and re.search(r"templates/memo\.j2:\d+", result.stderr)
    assert not marker.exists()


def test_an_own_template_cannot_reach_python_through_the_data(example):
    own_templates(example, memo_j2=memo_wording("plain: {{ memo.to.__class__.__mro__[1].__subclasses__() }}"))
    (problem,) = errors(problems_of(example))
    assert problem.code in ("template-unsafe", "template-error") and "subclasses" not in str(problem.value or "")


@posix_only
def test_an_include_of_a_link_out_of_the_templates_folder_is_refused(example, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET", encoding="utf-8")
    own = own_templates(example, memo_j2=memo_wording('plain: {% include "passwd.j2" %}'))
    (own / "passwd.j2").symlink_to(secret)
    result = run("build", example, "-o", tmp_path / "out", "--lang", "en")
    assert result.returncode == 1 and "(template-link-outside)" in result.stderr
    assert "SECRET" not in result.stderr and not (tmp_path / "out").exists()
    assert re.search(r"templates/memo\.j2:1[0-9]:", result.stderr)  # the include's line


@posix_only
def test_an_own_template_that_is_a_link_out_is_refused(example, tmp_path):
    secret = tmp_path / "secret.j2"
    secret.write_text("title: SECRET\n", encoding="utf-8")
    own = own_templates(example)
    (own / "memo.j2").symlink_to(secret)
    (problem,) = errors(problems_of(example))
    assert problem.code == "template-link-outside" and problem.file.endswith("memo.j2")


def test_an_include_that_climbs_out_of_the_templates_folder_is_refused(example):
    own_templates(example, memo_j2=memo_wording('plain: {% include "../report.yaml" %}'))
    (problem,) = errors(problems_of(example))
    assert problem.code == "template-not-found" and problem.line == 15


def test_no_own_templates_builds_with_the_shipped_templates_only(example, tmp_path):
    own_templates(example, memo_j2=memo_wording("plain: ข้อความจากแม่แบบของผู้อื่น"),
                  report_html_j2="<p>OWN PAGE {{ cycler.__init__.__globals__ }}</p>")
    result = run("check", example, "--no-own-templates", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "(own-templates-ignored)" in result.stderr and f"report.yaml:{line_of(example, 'templates:')}:" in result.stderr
    result = run("build", example, "--no-own-templates", "-f", "docx,html", "-o", tmp_path, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "ข้อความจากแม่แบบของผู้อื่น" not in "".join(paragraphs(tmp_path / "2565-round1-memo.docx"))
    assert "OWN PAGE" not in (tmp_path / "2565-round1-report.html").read_text(encoding="utf-8")
    # without the option, the own templates are used (and the unsafe page refused)
    assert run("build", example, "-f", "docx", "-o", tmp_path / "own").returncode == 0
    assert "ข้อความจากแม่แบบของผู้อื่น" in "".join(paragraphs(tmp_path / "own" / "2565-round1-memo.docx"))


def test_the_ci_recipe_builds_with_shipped_templates_and_never_pastes_inputs_into_the_shell():
    text = (EXAMPLE.parent / "ci" / "ita-reports.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    runs = [step["run"] for step in workflow["jobs"]["reports"]["steps"] if "run" in step]
    assert not [r for r in runs if "${{" in r]  # expressions in a run line are pasted in before the shell runs
    commands = [shlex.split(" ".join(r.split())) for r in runs if r.lstrip().startswith("ita-report")]
    assert len(commands) == 2 and all("--no-own-templates" in c for c in commands)
    assert workflow["permissions"] == {"contents": "read"}


def test_watch_sees_an_edit_of_the_folders_own_memo_template(example, tmp_path):
    own = own_templates(example, memo_j2=memo_wording("plain: ก่อนแก้ไข"))
    out = tmp_path / "out"
    seen = []

    def rebuild() -> bool:
        build(example, None, out)
        seen.append("".join(paragraphs(out / "2565-round1-memo.docx")))
        if len(seen) == 1:  # the person edits their memo.j2 while the documents are open
            (own / "memo.j2").write_text(memo_wording("plain: หลังแก้ไขแล้ว"), encoding="utf-8")
        return True

    watch(example, rebuild, lambda text: None, interval=0.05, rounds=6)
    assert len(seen) == 2
    assert "ก่อนแก้ไข" in seen[0] and "หลังแก้ไขแล้ว" in seen[1] and "ก่อนแก้ไข" not in seen[1]


@pytest.mark.parametrize("loop", [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{{ 'x' * 100000 * 100000 }}",
    "{{ ('x' * 900000) ~ ('x' * 900000) }}",
    "{{ 'x'|center(10000000000) }}",
    "{{ 7 ** 100000000000 }}",
    "{{ '%0999999999d' % 1 }}",
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "{{ lipsum(100000000) }}",
])
def test_an_own_template_that_loops_for_ever_stops_at_its_line(example, loop):
    own_templates(example, memo_j2=memo_wording("plain: " + loop))
    started = time.monotonic()
    (problem,) = errors(problems_of(example))
    assert time.monotonic() - started < 60
    assert problem.code == "template-too-much-work", problem
    assert problem.file.endswith("memo.j2") and problem.line == 15


def test_an_own_table_macro_that_loops_for_ever_stops(example):
    table = (SHIPPED / "table.j2").read_text(encoding="utf-8").replace(
        "{%- macro result_date(date) %}เมื่อวันที่ {{ date }}",
        "{%- macro result_date(date) %}{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
        "{% endfor %}เมื่อวันที่ {{ date }}")
    own_templates(example, table_j2=table)
    (problem,) = errors(problems_of(example))
    assert problem.code == "template-too-much-work" and problem.file.endswith("table.j2") and problem.line == 5


def test_the_own_templates_of_a_folder_still_fill_the_documents(example, tmp_path):
    """The sandbox leaves a user's ordinary template alone: the shipped wording, copied, builds the same."""
    own_templates(example, memo_j2=(SHIPPED / "memo.j2").read_text(encoding="utf-8"),
                  table_j2=(SHIPPED / "table.j2").read_text(encoding="utf-8"),
                  report_html_j2=(SHIPPED / "report.html.j2").read_text(encoding="utf-8"))
    build(example, None, tmp_path / "own", ("docx", "html"))
    build(example, None, tmp_path / "shipped", ("docx", "html"), own_templates=False)
    for name in ("2565-round1-memo.docx", "2565-round1-table.docx", "2565-round1-report.html"):
        assert (tmp_path / "own" / name).read_bytes() == (tmp_path / "shipped" / name).read_bytes(), name


# ---------------------------------------------------------------- paths from the YAML

def attack_paths(tmp_path: Path, example: Path) -> dict[str, str]:
    outside = png(tmp_path / "outside.png")
    (example / "garuda-link.png").symlink_to(outside)
    os.mkfifo(example / "fifo.png")
    return {"/proc/self/environ": "path-absolute", str(outside): "path-absolute", "../outside.png": "path-outside",
            "garuda-link.png": "path-link-outside", "fifo.png": "not-a-file", "/dev/zero": "path-absolute",
            "C:\\Windows\\win.ini": "path-absolute"}


@posix_only
def test_an_emblem_out_of_the_folder_is_named_at_its_yaml_line_in_check_and_build(example, tmp_path):
    for name, code in attack_paths(tmp_path, example).items():
        set_in_report(example, "  code: สป", f"  emblem: '{name}'\n  code: สป")
        line = line_of(example, "emblem:")
        for command in ("check", "build"):
            result = run(command, example, "--lang", "en")
            assert result.returncode == 1, (name, result.stderr)
            assert f"report.yaml:{line}:11: error [memo.emblem]" in result.stderr and f"({code})" in result.stderr, \
                (name, result.stderr)
        set_in_report(example, f"  emblem: '{name}'\n", "")
    assert not (example / "out").exists()


@posix_only
@pytest.mark.parametrize("templates", ["..", "/etc", "../../..", "link-out", "missing"])
def test_own_templates_out_of_the_folder_are_named_at_their_yaml_line(example, tmp_path, templates):
    (example / "link-out").symlink_to(tmp_path)
    set_in_report(example, "round: 1", f"round: 1\nsettings:\n  templates: '{templates}'")
    (problem,) = errors(problems_of(example))
    assert (problem.line, problem.column, problem.field) == (line_of(example, "templates:"), 14, "settings.templates")


@posix_only
def test_rollover_with_templates_dotdot_never_rewrites_the_parent_folder(example, tmp_path):
    """`templates: ".."` once made rollover copy the parent folder's every file onto itself."""
    parent = example.parent
    victim = parent / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    victim.chmod(0o600)
    set_in_report(example, "round: 1", "round: 1\nsettings:\n  templates: '..'")
    before = {p: (p.stat().st_mode, p.read_bytes()) for p in parent.rglob("*") if p.is_file()}
    result = run("rollover", example, "--to", tmp_path / "next", "--lang", "en")
    assert result.returncode == 1 and f"report.yaml:{line_of(example, 'templates:')}:14" in result.stderr and "(path-outside)" in result.stderr
    after = {p: (p.stat().st_mode, p.read_bytes()) for p in parent.rglob("*") if p.is_file()}
    assert after == before and not (tmp_path / "next").exists()


def test_files_are_only_ever_written_under_their_folder(tmp_path):
    for name in ("../escaped.txt", "/tmp/escaped.txt", "a/../../escaped.txt", "C:\\escaped.txt"):
        with pytest.raises(UserError) as caught:
            write_files(tmp_path / "target", {"report.yaml": b"x", name: b"x"})
        assert caught.value.problems[0].code == "output-outside"
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "target" / "report.yaml").exists()


@posix_only
def test_a_planted_out_link_sends_no_document_elsewhere(example, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (example / "out").symlink_to(elsewhere)
    result = run("build", example, "--lang", "en")
    assert result.returncode == 1 and "(output-link)" in result.stderr
    assert list(elsewhere.iterdir()) == []


@posix_only
def test_a_planted_link_in_a_subfolder_of_a_written_folder_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "measures").symlink_to(elsewhere)
    with pytest.raises(UserError) as caught:
        write_files(tmp_path / "new", {"report.yaml": b"x", "measures/1.yaml": b"x"})
    assert caught.value.problems[0].code == "output-link" and list(elsewhere.iterdir()) == []


@posix_only
def test_a_planted_output_file_link_is_replaced_not_written_through(example, tmp_path):
    victim = tmp_path / "victim.docx"
    victim.write_bytes(b"victim")
    (example / "out").mkdir()
    (example / "out" / "2565-round1-memo.docx").symlink_to(victim)
    build(example, None, None)
    assert victim.read_bytes() == b"victim" and not (example / "out" / "2565-round1-memo.docx").is_symlink()


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "dangling", "upper-case", "link-out"])
def test_a_measure_file_is_never_silently_left_out_of_the_table(example, tmp_path, kind):
    measures = example / "measures"
    if kind == "fifo":
        os.mkfifo(measures / "5-fifo.yaml")
    elif kind == "dangling":
        (measures / "5-dangling.yaml").symlink_to(measures / "no-such.yaml")
    elif kind == "link-out":
        (tmp_path / "other.yaml").write_text((measures / "2-publishing.yaml").read_text(encoding="utf-8"),
                                             encoding="utf-8")
        (measures / "5-link.yaml").symlink_to(tmp_path / "other.yaml")
    else:
        text = (measures / "2-publishing.yaml").read_text(encoding="utf-8")
        (measures / "5-EXTRA.YAML").write_text(re.sub(r"^order: .*$", "", text, flags=re.M), encoding="utf-8")
    result = run_process("check", example, "--lang", "en", timeout=30)  # a FIFO must not block: a process can be timed out
    if kind == "upper-case":  # included: a fifth row
        assert result.returncode == 0, result.stderr
        assert len(prepare(example).folder.measures) == 5
    else:
        assert result.returncode == 1 and "measures/5-" in result.stderr, result.stderr
        assert re.search(r"\((not-a-file|path-link-outside)\)", result.stderr)


# ---------------------------------------------------------------- the emblem

def with_emblem(example: Path, data: bytes, name: str = "garuda.png") -> int:
    (example / name).write_bytes(data)
    set_in_report(example, "  code: สป", f"  emblem: {name}\n  code: สป")
    return line_of(example, "emblem:")


def png_bytes(width: int, height: int, raw: bytes | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = raw if raw is not None else b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def test_a_truncated_png_emblem_fails_check_not_build(example, tmp_path):
    line = with_emblem(example, png_bytes(40, 40)[:-20])
    result = run("check", example, "--lang", "en")
    assert result.returncode == 1 and f"report.yaml:{line}:11" in result.stderr and "(emblem-broken)" in result.stderr
    result = run("build", example, "-o", tmp_path, "--lang", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("attack", ["bomb", "lying-size", "not-an-image", "gif"])
def test_an_emblem_that_is_no_real_image_or_a_pixel_bomb_is_refused(example, attack):
    data = {
        "bomb": png_bytes(100_000, 100_000, raw=b"\x00" * 16),  # 4 KB claiming 10 billion pixels
        "lying-size": png_bytes(40, 40, raw=b"\x00" * 10),
        "not-an-image": b"MY SECRET TOKEN=abc\n" * 10,
        "gif": b"GIF89a" + b"\x00" * 100,
    }[attack]
    line = with_emblem(example, data)
    (problem,) = errors(problems_of(example))
    assert problem.code in ("emblem-broken", "emblem-not-image") and problem.line == line


@posix_only
def test_a_sparse_emblem_of_gigabytes_takes_no_memory(example):
    path = example / "garuda.png"
    with open(path, "wb") as handle:
        handle.write(png_bytes(4, 4))
        handle.truncate(8 * 1024 ** 3)  # 8 GB on paper, nothing on disk
    set_in_report(example, "  code: สป", "  emblem: garuda.png\n  code: สป")
    started = time.monotonic()
    (problem,) = errors(problems_of(example))
    assert problem.code == "file-too-large" and time.monotonic() - started < 10


def test_a_real_jpeg_emblem_is_accepted_and_its_type_told_by_its_bytes(example, tmp_path):
    from ita_report import files

    jpeg = (b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 30, 20, 1) + b"\x01\x11\x00"
            + b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00" + b"\x12\x34" + b"\xff\xd9")
    assert files.check_image(jpeg, "x") == "image/jpeg"
    assert files.check_image(png_bytes(3, 2), "x") == "image/png"
    with pytest.raises(files.Refused):
        files.check_image(jpeg[:-2], "x")


# ---------------------------------------------------------------- own Word templates

def rewritten_docx(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        parts = {info.filename: src.read(info) for info in src.infolist()}
        for name, data in change(parts).items():
            dst.writestr(name, data)
    return target


def add_relationship(parts: dict, rel: str, **extra_parts) -> dict:
    name = "word/_rels/document.xml.rels"
    parts[name] = parts[name].replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    return {**parts, **extra_parts}


@pytest.mark.parametrize("attack", ["external-image", "attached-template", "ole-object", "alt-chunk",
                                    "includepicture-field"])
def test_an_own_word_template_that_could_make_libreoffice_fetch_is_refused(example, tmp_path, attack):
    own = own_templates(example)
    rels = {
        "external-image": '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                          'relationships/image" Target="http://attacker.example/x.png" TargetMode="External"/>',
        "attached-template": '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
                             '2006/relationships/attachedTemplate" Target="file:///etc/x.dotx" TargetMode="External"/>',
        "ole-object": '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      'relationships/oleObject" Target="embeddings/oleObject1.bin"/>',
        "alt-chunk": '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/aFChunk" Target="afchunk.html"/>',
    }

    def change(parts: dict) -> dict:
        if attack == "includepicture-field":
            parts["word/document.xml"] = parts["word/document.xml"].replace(
                b"</w:body>", b'<w:p><w:r><w:instrText> INCLUDEPICTURE "http://attacker.example/x.png" </w:instrText>'
                              b'</w:r></w:p></w:body>')
            return parts
        return add_relationship(parts, rels[attack], **{"word/embeddings/oleObject1.bin": b"x",
                                                       "word/afchunk.html": b"<img src=http://attacker.example/>"})
    rewritten_docx(SHIPPED / "memo.docx", own / "memo.docx", change)
    result = run("check", example, "--lang", "en")
    assert result.returncode == 1 and "templates/memo.docx" in result.stderr and "(template-package)" in result.stderr
    assert run("build", example, "-o", tmp_path / "out").returncode == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("attack", ["declared", "lying-header"])
def test_an_own_word_template_with_a_gigabyte_part_is_refused_before_it_is_read(example, attack):
    own = own_templates(example)
    target = own / "table.docx"
    rewritten_docx(SHIPPED / "table.docx", target,
                   lambda parts: {**parts, "word/media/bomb.bin": b"\x00" * (30 * 1024 * 1024)})
    if attack == "lying-header":  # both zip headers say 100 bytes; the data inflates to 30 MB
        data = bytearray(target.read_bytes())
        local = data.find(b"word/media/bomb.bin") - 30
        central = data.find(b"word/media/bomb.bin", local + 31) - 46
        assert data[local:local + 4] == b"PK\x03\x04" and data[central:central + 4] == b"PK\x01\x02"
        data[local + 22:local + 26] = data[central + 24:central + 28] = struct.pack("<I", 100)
        target.write_bytes(bytes(data))
    (problem,) = errors(problems_of(example))
    assert problem.code == "template-package" and problem.file.endswith("table.docx")


def test_an_unchanged_copy_of_the_shipped_word_templates_is_accepted(example, tmp_path):
    own = own_templates(example)
    for name in ("memo.docx", "table.docx"):
        (own / name).write_bytes((SHIPPED / name).read_bytes())
    assert run("build", example, "-o", tmp_path).returncode == 0


# ---------------------------------------------------------------- text and markup from the data

def test_a_control_character_written_as_a_yaml_escape_is_removed_like_a_raw_one(example, tmp_path):
    set_in_report(example, "  name: องค์การบริหารส่วนตำบลนาโสม", '  name: "องค์การ\\x01บริหารส่วนตำบลนาโสม"')
    result = run("check", example, "--lang", "en")
    assert result.returncode == 0 and "report.yaml:4:9: warning" in result.stderr and "U+0001" in result.stderr
    result = run("build", example, "-f", "docx,html", "-o", tmp_path, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "องค์การบริหารส่วนตำบลนาโสม" in "".join(paragraphs(tmp_path / "2565-round1-memo.docx"))


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff"])
def test_bidi_overrides_and_zero_width_characters_in_names_are_warned_at_their_line(example, char):
    set_in_report(example, "      name: นายสมทรง ช้างชนะ", f"      name: นายสมทรง{char} ช้างชนะ")
    warnings = [p for p in prepare(example).warnings if p.code == "hidden-character"]
    assert [(w.line, w.field) for w in warnings] == [(line_of(example, "นายสมทรง"), "memo.reviewers[2].name")]
    assert f"U+{ord(char):04X}" in warnings[0].en


def test_a_hidden_character_in_a_measure_title_is_warned(example):
    measure = example / "measures" / "2-publishing.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(re.sub(r"^title: ", "title: \u202e", text, count=1, flags=re.M), encoding="utf-8")
    (warning,) = [p for p in prepare(example).warnings if p.code == "hidden-character"]
    assert warning.file.endswith("2-publishing.yaml") and warning.field == "title"


def test_a_newline_in_the_font_cannot_inject_css_into_the_web_page(example, tmp_path):
    set_in_report(example, "round: 1", 'round: 1\nsettings:\n  font: "X\\"; } body { display: none } x { a: \\""')
    (problem,) = errors(problems_of(example))
    assert (problem.code, problem.field, problem.line) == ("font-name", "settings.font", line_of(example, "font:"))
    from ita_report.render.html import css_string
    assert css_string('A"; }\n</style>') == "A\\22 \\3b  \\7d \\a \\3c \\2f style\\3e "


def test_a_bar_in_the_memo_code_adds_no_fake_bold_label(example, tmp_path):
    set_in_report(example, "  code: สป", "  code: สป | ลงชื่อ | ปลอม")
    build(example, None, tmp_path)
    from docx import Document

    memo = Document(str(tmp_path / "2565-round1-memo.docx"))
    reference = next(p for p in memo.paragraphs if p.text.startswith("ที่"))
    bold_labels = [r.text.strip() for r in reference.runs if r.style is not None and r.style.style_id == "ITALabel"]
    assert bold_labels == ["ที่", "วันที่"]
    assert "สป | ลงชื่อ | ปลอม" in reference.text


def test_a_newline_in_a_folder_name_injects_no_workflow_command(tmp_path):
    import shutil

    reports = tmp_path / "reports"
    shutil.copytree(EXAMPLE, reports / "evil\n::error file=x::injected", ignore=shutil.ignore_patterns("out"))
    shutil.copytree(EXAMPLE, reports / "good", ignore=shutil.ignore_patterns("out"))
    for args in (("check", "reports", "--format", "github"), ("check", "reports"),
                 ("build", "reports", "-o", "docs", "--jobs", "1")):
        result = run(*args, "--lang", "en", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        commands = [line for line in (result.stdout + result.stderr).splitlines() if line.lstrip().startswith("::")]
        assert all(re.match(r"::(warning|notice|error) file=reports/(good|evil%0A%3A%3Aerror file=x%3A%3Ainjected)/",
                            line) for line in commands), commands
        assert not [line for line in commands if "injected::" in line or line.startswith("::error file=x")]


# ---------------------------------------------------------------- what the tool says it trusts

def test_security_md_says_what_is_trusted_and_how_a_ci_runs_the_tool():
    from ita_report import files, sandbox
    from ita_report.pipeline import Options

    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    for needed in ("--no-own-templates", "sandbox", "report folder", "LibreOffice", "examples/ci/ita-reports.yml"):
        assert needed in text, needed
    for bound in (sandbox.MAX_STEPS, files.MAX_EMBLEM_BYTES):
        assert f"{bound:,}" in text
    assert Options().own_templates is True

from __future__ import annotations

import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import Phase, settings
from lxml import etree

from ita_report.render import pdf as pdf_render

# `pytest --hypothesis-profile=no-shrink`: report the first failing example as found, without the
# minutes a large example (a whole report folder) can take to shrink.
settings.register_profile("no-shrink", phases=[Phase.explicit, Phase.reuse, Phase.generate])

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nasom-2565"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

SOFFICE = pdf_render.find_soffice()
# CI sets this: there, a machine without LibreOffice is a failure, not a reason to skip.
REQUIRED = os.environ.get("ITA_REPORT_REQUIRE_PDF") == "1"
needs_soffice = pytest.mark.skipif(SOFFICE is None and not REQUIRED, reason="LibreOffice (soffice) is not installed")


def by_kind(paths) -> dict[str, Path]:
    return {p.name.split("-", 2)[-1]: p for p in paths}


def q(tag: str) -> str:
    prefix, _, name = tag.partition(":")
    return f"{{{W}}}{name}" if prefix == "w" else tag


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the example report folder, free to break."""
    target = tmp_path / "nasom-2565"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("out"))
    return target


@dataclass
class Ran:
    """What a command left: its exit status and what it printed, as a user sees them."""

    returncode: int
    stdout: str
    stderr: str


THAI_SESSION = {"LANG": "th_TH.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}


def run(*args, env=None, cwd=None, input=None) -> Ran:
    """The command as a user runs it, in a Thai UTF-8 locale unless env says otherwise, inside this
    process (typer's CliRunner): the same exit status and output without a new Python's start-up.
    The tool reports a bug of its own as an internal error, exit 1, like a refusal: here that fails
    the test, whatever it expects. What only a process shows (the console's encoding, signals, the
    installed command) goes through run_process."""
    from typer.testing import CliRunner

    from ita_report.cli import app

    here = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], input=input, env={**THAI_SESSION, **(env or {})},
                                    catch_exceptions=False)
    finally:
        os.chdir(here)
    assert "internal-error" not in result.stdout + result.stderr, result.stderr or result.stdout
    return Ran(result.exit_code, result.stdout, result.stderr)


def run_process(*args, env=None, cwd=None, timeout=120) -> subprocess.CompletedProcess:
    """The command in a process of its own (python -m ita_report), in a Thai UTF-8 locale unless env
    says otherwise."""
    full_env = {**os.environ, "LANG": "th_TH.UTF-8", "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "ita_report", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=full_env, cwd=cwd, timeout=timeout)


def xml_part(docx: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(part))


def paragraphs(docx: Path) -> list[str]:
    """Every paragraph's text in document order (table cells row by row)."""
    root = xml_part(docx)
    out = []
    for p in root.iter(q("w:p")):
        out.append("".join(
            "\t" if el.tag == q("w:tab") else (el.text or "")
            for el in p.iter(q("w:t"), q("w:tab")) if el.getparent().tag == q("w:r")))
    return out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def png(path: Path, width: int = 4, height: int = 4) -> Path:
    """A small valid black PNG, made without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    path.write_bytes(data)
    return path


def yaml_of(path: Path) -> dict:
    loader = type("L", (yaml.SafeLoader,), {})  # dates stay text, as the tool reads them
    loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def set_publication(folder: Path, text: str) -> Path:
    """report.yaml with its publication: section replaced by `text` (none when empty)."""
    report = folder / "report.yaml"
    body = report.read_text(encoding="utf-8")
    body = body[:body.index("\npublication:")] if "\npublication:" in body else body
    report.write_text(body.rstrip("\n") + "\n" + (f"\npublication:\n{text}" if text else ""), encoding="utf-8")
    return folder


def fake_soffice(folder: Path, script: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program

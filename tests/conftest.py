from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import Phase, settings
from lxml import etree

# `pytest --hypothesis-profile=no-shrink`: report the first failing example as found, without the
# minutes a large example (a whole report folder) can take to shrink.
settings.register_profile("no-shrink", phases=[Phase.explicit, Phase.reuse, Phase.generate])

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nasom-2565"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    prefix, _, name = tag.partition(":")
    return f"{{{W}}}{name}" if prefix == "w" else tag


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the example report folder, free to break."""
    target = tmp_path / "nasom-2565"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("out"))
    return target


def run(*args, env=None, cwd=None, timeout=120):
    """The command as a user runs it, in a Thai UTF-8 locale unless env says otherwise."""
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

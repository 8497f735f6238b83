"""The example reproduces the real report (tests/data/seed-nasom-2565.txt, text extracted from the
agency's PDF): every phrase of its table and its memo is in the built documents."""
import re
from pathlib import Path

import pytest

from conftest import paragraphs, run, squeeze
from ita_report.pipeline import build
from seed import seed_phrases


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    written, _ = build(Path(__file__).parent.parent / "examples" / "nasom-2565", 1, out)
    return {p.name.rsplit("-", 1)[-1].removesuffix(".docx"): p for p in written}


def test_every_phrase_of_the_seed_is_in_the_built_documents(built):
    # dotted lines are room to write by hand (ที่ สป ........../๒๕๖๕), read without them as the seed is
    text = squeeze(re.sub(r"\.{2,}", "", "".join(paragraphs(built["table"]) + paragraphs(built["memo"]))))
    missing = [p for p in seed_phrases() if p not in text]
    assert not missing, missing[:10]


def test_the_example_builds_without_a_warning(tmp_path):
    """The Quick start's first build: the documents and not one warning (notes may say what was chosen)."""
    result = run("build", Path(__file__).parent.parent / "examples" / "nasom-2565", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "คำเตือน" not in result.stderr and "ผิดพลาด" not in result.stderr, result.stderr
    check = run("check", Path(__file__).parent.parent / "examples" / "nasom-2565", "--strict", "--lang", "en")
    assert check.returncode == 0 and "0 warning" in check.stdout, check.stdout + check.stderr


def test_the_table_and_the_memo_each_hold_their_own_part(built):
    table = squeeze("".join(paragraphs(built["table"])))
    memo = squeeze("".join(paragraphs(built["memo"])))
    assert "ข้อเสนอแนะ" in table and "ส่วนราชการ" not in table
    assert "ส่วนราชการ" in memo and "ข้อเสนอแนะ" not in memo

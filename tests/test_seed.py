"""The example reproduces the real report (tests/data/seed-nasom-2565.txt, text extracted from the
agency's PDF): every phrase of its table and its memo is in the built documents."""
import re
from pathlib import Path

import pytest

from conftest import paragraphs, squeeze
from ita_report.pipeline import build

SEED = Path(__file__).parent / "data" / "seed-nasom-2565.txt"

# Obvious typos of the PDF's text, fixed in the example (each is a mistake, not a wording choice).
FIXES = {
    "เหลืจาย": "เหลือจ่าย",
    "แผนพบ": "แผ่นพับ",
    "ไว้นิล": "ไวนิล",
    "กำหนดผู้ใหญ่บ้าน": "กำนันผู้ใหญ่บ้าน",
    "เรียน นายองค์การ": "เรียน นายกองค์การ",
    "(นางสาวศพร เดชรักษา)": "(นางสาวทศพร เดชรักษา)",
    # the memo reports work of April and says it was sent "เมื่อวันที่ ๒๐ เมษายน ๒๕๖๕": a January date is a slip
    "วันที่ ๑๑ มกราคม ๒๕๖๕": "วันที่ ๒๐ เมษายน ๒๕๖๕",
    # the seed numbers its last step "๔." twice; the tool numbers steps from their place
    "<p>๔. จัดทำรายงานสรุปผลปีละ ๒ ครั้ง ครั้งที่ ๑ เดือนเมษายน": "<p>๕. จัดทำรายงานสรุปผลปีละ ๒ ครั้ง ครั้งที่ ๑ เดือนเมษายน",
}
# The paper copy's page-turn cue ("/first words of the next page...") depends on where Word breaks
# the page; the built memo keeps each reviewer's block on one page instead.
PAPER_ONLY = ("/ความเห็นปลัดองค์การบริหารส่วนตำบล",)


def seed_phrases() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    for wrong, right in FIXES.items():
        assert wrong in text, wrong
        text = text.replace(wrong, right)
    text = re.sub(r"<[^>]+>", "\n", text).replace("**", "").replace("##", "")
    phrases = []
    for piece in re.split(r"[\n\t]", text):
        piece = squeeze(re.sub(r"\.{2,}", "", piece))
        if piece and not any(squeeze(p) in piece for p in PAPER_ONLY):
            phrases.append(piece)
    return phrases


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    written, _ = build(Path(__file__).parent.parent / "examples" / "nasom-2565", 1, out)
    return {p.name.rsplit("-", 1)[-1].removesuffix(".docx"): p for p in written}


def test_the_seed_has_many_phrases():
    assert len(seed_phrases()) > 80


def test_every_phrase_of_the_seed_is_in_the_built_documents(built):
    # dotted lines are room to write by hand (ที่ สป ........../๒๕๖๕), read without them as the seed is
    text = squeeze(re.sub(r"\.{2,}", "", "".join(paragraphs(built["table"]) + paragraphs(built["memo"]))))
    missing = [p for p in seed_phrases() if p not in text]
    assert not missing, missing[:10]


def test_the_example_builds_without_a_warning(tmp_path):
    """The Quick start's first build: the documents and not one warning (notes may say what was chosen)."""
    from conftest import run

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

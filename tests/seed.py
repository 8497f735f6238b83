"""The real report the example reproduces (tests/data/seed-nasom-2565.txt, text extracted from the
agency's PDF), as phrases to find in what the tool builds."""
import re
from pathlib import Path

from conftest import squeeze

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
    assert len(phrases) > 80, "the seed's text is missing: every test of its phrases would pass on none"
    return phrases

"""The published PDF as Word prints the .docx: TH Sarabun's size when the font is not installed, Thai
page numbers, Thai justification, lines that break between words, PDF/A with tags and bookmarks.
Read as a reader's viewer reads it (PyMuPDF's text layer and sizes, poppler, qpdf), on the example and
on a second report folder (tests/data/second-report: a เทศบาลตำบล, fiscal year 2569, 12-month round)."""
from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import zipfile
from pathlib import Path

import pymupdf
import pytest

from conftest import EXAMPLE, SOFFICE, by_kind, fake_soffice, needs_soffice
from ita_report import thai
from ita_report.pipeline import build
from ita_report.render import fonts, pdfcopy

SECOND = Path(__file__).parent / "data" / "second-report"
FOLDERS = {"example": (EXAMPLE, 1), "second": (SECOND, 2)}
THAI_LETTER = re.compile(r"[\u0e01-\u0e4f]")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@pytest.fixture(scope="module", params=sorted(FOLDERS))
def printed(request, tmp_path_factory) -> dict[str, Path]:
    assert SOFFICE is not None, "LibreOffice is required here (ITA_REPORT_REQUIRE_PDF=1)"
    folder, round_ = FOLDERS[request.param]
    written, problems = build(folder, round_, tmp_path_factory.mktemp(request.param), ("docx", "pdf"))
    out = by_kind(written)
    out["problems"] = problems
    return out


def memo_pages(pdf: Path) -> int:
    return sum(1 for page in pymupdf.open(pdf) if page.rect.height > page.rect.width)


def body_lines(page) -> list[tuple[tuple[float, float, float, float], str, float]]:
    out = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            text = "".join(span["text"] for span in line["spans"]).strip()
            size = max((span["size"] for span in line["spans"]), default=0)
            if text:
                out.append((tuple(line["bbox"]), text, size))
    return out


# ---------------------------------------------------------------- size

def laksaman_advances() -> tuple[dict, object, int]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(fonts.laksaman_files()["Regular"]))
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


@needs_soffice
@pytest.mark.skipif(fonts.installed("TH SarabunIT๙") is not False or not fonts.laksaman_files(),
                    reason="needs Laksaman and no TH SarabunIT๙ (the case the stand-in is for)")
def test_thai_is_drawn_at_th_sarabun_size_without_the_font(printed):
    cmap, hmtx, upem = laksaman_advances()
    ratios = []
    for page in pymupdf.open(printed["report.pdf"]):
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                spans = line["spans"]
                text = spans[0]["text"].strip() if len(spans) == 1 else ""
                if 15.5 <= spans[0]["size"] <= 16.5 and len(text) >= 20 and "...." not in text:
                    advance = sum(hmtx[cmap[ord(c)]][0] for c in text if ord(c) in cmap) * spans[0]["size"] / upem
                    ratios.append((line["bbox"][2] - line["bbox"][0]) / advance)
    assert len(ratios) >= 10
    assert 0.62 <= statistics.median(ratios) <= 0.70  # Laksaman at full size would be about 1.00
    names = subprocess.run(["pdffonts", str(printed["report.pdf"])], capture_output=True, text=True).stdout
    assert "Laksaman-SarabunSize" in names  # a reader of pdffonts sees what stands in
    assert any(p.code == "pdf-font" and "Laksaman" in p.en for p in printed["problems"])  # and so does the user


@needs_soffice
def test_the_memo_fits_the_pages_word_gives_it(printed):
    # Word prints the example's memo on 2 pages and the whole report on 7 at the most
    pages = pymupdf.open(printed["report.pdf"]).page_count
    assert memo_pages(printed["report.pdf"]) <= 2 and pages <= 7


# ---------------------------------------------------------------- page numbers

@needs_soffice
def test_every_page_number_is_in_thai_digits(printed):
    numbers = []
    for page in pymupdf.open(printed["report.pdf"]):
        for _, text, _ in body_lines(page):
            found = re.fullmatch(r"-\s*([0-9๐-๙]+)\s*-", text)
            if found:
                numbers.append(found.group(1))
    assert numbers, "no page number found"
    assert all(re.fullmatch(r"[๐-๙]+", n) for n in numbers), numbers
    assert "๒" in numbers


# ---------------------------------------------------------------- justification

def justified_share(pdf: Path) -> tuple[int, int]:
    """Of the memo's body lines that a paragraph continues after, how many end at the right margin
    (2 cm) within 2 pt."""
    ok = total = 0
    for page in list(pymupdf.open(pdf))[:memo_pages(pdf)]:
        lines = sorted(((box, text) for box, text, size in body_lines(page) if 14 <= size <= 18 and "...." not in text),
                       key=lambda item: (round(item[0][1]), item[0][0]))
        if not lines:
            continue
        left = min(box[0] for box, _ in lines)
        right = page.rect.width - 2 * 72 / 2.54
        for (a, _), (b, _) in zip(lines, lines[1:]):
            height = a[3] - a[1]
            if abs(b[0] - left) < 2 and 0.5 * height < b[1] - a[1] < 2.2 * height and a[2] - a[0] > 0.6 * (right - left):
                total += 1
                ok += right - a[2] <= 2
    return ok, total


@needs_soffice
def test_the_memo_body_is_justified_to_the_right_margin(printed):
    ok, total = justified_share(printed["report.pdf"])
    assert total >= 8 and ok / total >= 0.9, (ok, total)


@needs_soffice
def test_the_docx_for_word_keeps_thai_distributed_justification(printed):
    with zipfile.ZipFile(printed["report.docx"]) as z:
        assert b"thaiDistribute" in z.read("word/styles.xml")


# ---------------------------------------------------------------- line breaks

def thai_word_boundaries(text: str) -> set[int]:
    import icu

    iterator = icu.BreakIterator.createWordInstance(icu.Locale("th"))
    iterator.setText(text)
    return set(iterator)


def docx_text(docx: Path) -> str:
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    with zipfile.ZipFile(docx) as z:
        root = parse_xml(z.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in root.iter(qn("w:p")))


def mid_word_breaks(pdf: Path, docx: Path) -> list[str]:
    """Joins of two lines of one paragraph or cell, between two Thai letters, that ICU does not call a
    word boundary (unless the line holds no boundary at all: a word longer than its column)."""
    source = docx_text(docx)
    bad = []
    for page in pymupdf.open(pdf):
        lines = sorted(body_lines(page), key=lambda item: (item[0][0] // 40, item[0][1]))
        for (a, ta, _), (b, tb, _) in zip(lines, lines[1:]):
            height = a[3] - a[1]
            if not (0.5 * height < b[1] - a[1] < 1.8 * height and abs(a[0] - b[0]) < 40):
                continue
            if not (THAI_LETTER.match(ta[-1]) and THAI_LETTER.match(tb[0])):
                continue
            if f"{ta[-5:]} {tb[:5]}" in source or f"{ta[-5:]}\u00a0{tb[:5]}" in source:
                continue  # the text had a space there
            joined = ta + tb
            if len(ta) in thai_word_boundaries(joined):
                continue
            if not any(0 < i < len(ta) for i in thai_word_boundaries(ta)):
                continue  # one word longer than its column
            bad.append(f"{ta[-10:]}|{tb[:10]}")
    return bad


@needs_soffice
def test_lines_break_between_thai_words(printed):
    assert mid_word_breaks(printed["report.pdf"], printed["report.docx"]) == []


@needs_soffice
def test_the_marks_that_place_line_breaks_do_not_reach_the_text_layer(printed):
    text = "".join(page.get_text() for page in pymupdf.open(printed["report.pdf"]))
    assert not any(c in text for c in INVISIBLE)
    # what a reader searches for is found as it was written
    source = docx_text(printed["report.docx"])
    for word in ("มาตรการ", "ประชาสัมพันธ์", "เว็บไซต์", "คุณธรรม"):
        if word in source:
            assert word in text


def test_word_marks_follow_icu_and_keep_letter_clusters_whole():
    marked = thai.word_breaks_marked("ประสิทธิภาพการสื่อสาร (ตัวชี้วัดที่ ๙)")
    assert marked is not None
    visible = marked.replace(thai.ZERO_WIDTH_SPACE, "|").replace(thai.WORD_JOINER, "")
    assert visible == "ประสิทธิภาพ|การ|สื่อสาร (ตัว|ชี้|วัด|ที่ ๙)"
    # never between a letter and the vowel or tone mark on it
    for mark in (thai.ZERO_WIDTH_SPACE, thai.WORD_JOINER):
        assert not re.search(f"{mark}[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", marked)
    assert marked.replace(thai.ZERO_WIDTH_SPACE, "").replace(thai.WORD_JOINER, "") == \
        "ประสิทธิภาพการสื่อสาร (ตัวชี้วัดที่ ๙)"
    assert thai.word_breaks_marked("ITA 2565 https://x.y") == "ITA 2565 https://x.y"


def test_the_pdf_copy_marks_words_outside_justified_paragraphs_only(printed_docx):
    copy, thai_numbers = pdfcopy.for_pdf(printed_docx.read_bytes())
    assert thai_numbers
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    with zipfile.ZipFile(__import__("io").BytesIO(copy)) as z:
        root = parse_xml(z.read("word/document.xml"))
        styles = z.read("word/styles.xml")
    assert b"thaiDistribute" not in styles and b'w:outlineLvl w:val="0"' in styles
    for paragraph in root.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = style.get(qn("w:val")) if style is not None else ""
        if name == "ITABody":
            assert thai.WORD_JOINER not in text and thai.ZERO_WIDTH_SPACE not in text
        elif name == "ITACell" and len(text) > 20:
            assert thai.WORD_JOINER in text


@pytest.fixture(scope="module")
def printed_docx(tmp_path_factory) -> Path:
    written, _ = build(EXAMPLE, 1, tmp_path_factory.mktemp("docx"), ("docx",))
    return by_kind(written)["report.docx"]


# ---------------------------------------------------------------- archival

@needs_soffice
def test_the_pdf_is_pdfa2_tagged_with_the_two_bookmarks(printed):
    doc = pymupdf.open(printed["report.pdf"])
    metadata = doc.get_xml_metadata()
    assert "<pdfaid:part>2</pdfaid:part>" in metadata
    assert doc.pdf_catalog() and "/MarkInfo" in doc.xref_object(doc.pdf_catalog())
    assert "/StructTreeRoot" in doc.xref_object(doc.pdf_catalog())
    titles = [title for _, title, _ in doc.get_toc()]
    assert titles[0] == "บันทึกข้อความ"
    assert len(titles) == 2 and titles[1].startswith("รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    assert "\u2060" not in titles[1] and "\u200b" not in titles[1]


@needs_soffice
@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_pdf_sound(printed):
    result = subprocess.run(["qpdf", "--check", str(printed["report.pdf"])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


@needs_soffice
def test_the_pdf_and_its_colour_profile_are_dated_by_the_memo(printed):
    import struct
    import zlib

    from ita_report.pipeline import prepare

    folder, round_ = FOLDERS["example" if printed["report.pdf"].name.startswith("2565") else "second"]
    day = prepare(folder, round_).derived.memo.date
    data = printed["report.pdf"].read_bytes()
    assert re.findall(rb"<xmp:CreateDate>([^<]+)<", data) == [day.strftime("%Y-%m-%dT00:00:00Z").encode()]
    assert re.findall(rb"/CreationDate\(D:(\d{14})", data) == [day.strftime("%Y%m%d000000").encode()]
    found = re.search(rb"<</N 3/Length (\d+) 0 R/Filter/FlateDecode>>\nstream\n", data)
    length = int(re.search(rb"\n%s 0 obj\n(\d+)\nendobj" % found.group(1), data).group(1))
    profile = zlib.decompress(data[found.end():found.end() + length])
    assert profile[36:40] == b"acsp" and struct.unpack(">6H", profile[24:36]) == (day.year, day.month, day.day, 0, 0, 0)


# ---------------------------------------------------------------- where LibreOffice cannot do it all

@pytest.mark.skipif(__import__("os").name != "posix", reason="a shell script stands in for soffice")
def test_without_python_in_libreoffice_a_failing_document_costs_only_its_own_pdf(printed_docx, tmp_path):
    from ita_report.render import pdf as pdf_render

    calls = tmp_path / "calls"
    # a LibreOffice without its Python script provider: the job script never runs; --convert-to
    # works, except for the second document, which it cannot read
    program = fake_soffice(tmp_path / "lo", f"""echo "$@" >> {calls}
case "$*" in *--convert-to*) ;; *) exit 0 ;; esac
out=""; next=0
for a in "$@"; do
  if [ $next = 1 ]; then out=$a; next=0; continue; fi
  [ "$a" = "--outdir" ] && next=1
  case "$a" in *.docx) n=$(basename "$a" .docx); [ "$n" = 00001 ] && continue
    printf '%%PDF-1.6\\n%%%%EOF\\n' > "$out/$n.pdf";; esac
done""")
    data = printed_docx.read_bytes()
    done = pdf_render.convert({"a.docx": data, "b.docx": data, "c.docx": data}, program, timeout=30)
    assert sorted(done.pdfs) == ["a.pdf", "c.pdf"] and list(done.failed) == ["b.docx"]
    assert {p.code for p in done.notes} >= {"pdf-font", "pdf-no-script"}
    runs = calls.read_text().splitlines()
    assert sum("--convert-to" in r for r in runs) == 2  # all three together, then the failed one alone
    assert "00001.docx" in runs[-1] and "00000.docx" not in runs[-1]


def test_a_pdf_cut_short_by_a_killed_run_is_not_taken(tmp_path):
    from ita_report.render.pdf import _pdf_ok

    whole, cut = tmp_path / "whole.pdf", tmp_path / "cut.pdf"
    whole.write_bytes(b"%PDF-1.6\n" + b"x" * 1000 + b"\n%%EOF\n")
    cut.write_bytes(b"%PDF-1.6\n" + b"x" * 1000)
    assert _pdf_ok({"pdf": str(whole)}) and not _pdf_ok({"pdf": str(cut)})


def test_libreoffice_runs_without_a_virtual_environments_python(tmp_path):
    from ita_report.render.pdf import soffice_environ

    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /elsewhere\n")
    environ = {"PATH": f"{venv / 'bin'}:/usr/bin", "VIRTUAL_ENV": str(venv), "PYTHONPATH": "/x", "HOME": "/h"}
    clean = soffice_environ(environ)
    assert clean == {"PATH": "/usr/bin", "HOME": "/h"}


# ---------------------------------------------------------------- the stand-in font

@pytest.mark.skipif(not fonts.laksaman_files(), reason="Laksaman (fonts-thai-tlwg) is not installed")
def test_the_stand_in_is_laksaman_at_sarabun_size_under_the_documents_name(tmp_path):
    from fontTools.ttLib import TTFont

    sources = fonts.laksaman_files()
    folder = fonts.standin_folder("TH SarabunIT๙", sources, root=tmp_path)
    regular = TTFont(str(folder / "Laksaman-SarabunSize.ttf"))
    original = TTFont(str(sources["Regular"]))
    assert abs(original["head"].unitsPerEm / regular["head"].unitsPerEm - fonts.SARABUN_SCALE) < 0.001
    ko_kai = regular.getBestCmap()[0x0E01]
    assert regular["hmtx"][ko_kai] == original["hmtx"][original.getBestCmap()[0x0E01]]  # same advances, larger em
    names = {r.nameID: r.toUnicode() for r in regular["name"].names}
    assert names[1] == "TH SarabunIT๙" and names[6] == "Laksaman-SarabunSize" and "Laksaman" in names[4]
    assert {p.name for p in folder.glob("*.ttf")} >= {"Laksaman-SarabunSize.ttf", "Laksaman-SarabunSize-Bold.ttf"}
    # made once: a second call finds the same folder and does not write again
    stamp = (folder / "Laksaman-SarabunSize.ttf").stat().st_mtime_ns
    assert fonts.standin_folder("TH SarabunIT๙", sources, root=tmp_path) == folder
    assert (folder / "Laksaman-SarabunSize.ttf").stat().st_mtime_ns == stamp
    assert not [p for p in (tmp_path / "fonts").iterdir() if p.name.startswith(".making-")]
    config = fonts.fontconfig_file(folder, tmp_path / "cache", environ={})
    assert f"<dir>{folder}</dir>" in config and "/etc/fonts/fonts.conf" in config


def test_an_installed_font_is_used_as_it_is(monkeypatch):
    monkeypatch.setattr(fonts, "installed", lambda family: True)
    plan = fonts.plan("TH SarabunIT๙")
    assert plan.standin is None and "installed" in plan.en


def test_a_font_that_is_not_sarabun_gets_no_stand_in(monkeypatch):
    monkeypatch.setattr(fonts, "installed", lambda family: False)
    plan = fonts.plan("TH Niramit AS")
    assert plan.standin is None and "not installed" in plan.en and "TH Niramit AS" in plan.th


# ---------------------------------------------------------------- a warm LibreOffice (--watch)

@needs_soffice
def test_a_warm_libreoffice_is_kept_between_conversions_and_gives_the_same_bytes(printed_docx):
    from ita_report.render import pdf as pdf_render

    data = printed_docx.read_bytes()
    cold = pdf_render.convert({"a.docx": data}, SOFFICE).pdfs["a.pdf"]
    with pdf_render.kept_warm():
        first = pdf_render.convert({"a.docx": data}, SOFFICE)
        (office,) = pdf_render._WARM.values()
        pid = office.process.pid
        second = pdf_render.convert({"b.docx": data}, SOFFICE)
        assert office.process is not None and office.process.pid == pid  # the same LibreOffice answered
    assert office.process is None and not office.folder.exists()  # closed with the watch
    assert first.pdfs["a.pdf"] == second.pdfs["b.pdf"] == cold


@pytest.mark.skipif(__import__("os").name != "posix", reason="a shell script stands in for soffice")
def test_a_libreoffice_that_cannot_stay_warm_converts_the_one_shot_way(printed_docx, tmp_path):
    from ita_report.render import pdf as pdf_render

    program = fake_soffice(tmp_path / "lo", """case "$*" in *--convert-to*) ;; *) exit 1 ;; esac
out=""; next=0
for a in "$@"; do
  if [ $next = 1 ]; then out=$a; next=0; continue; fi
  [ "$a" = "--outdir" ] && next=1
  case "$a" in *.docx) printf '%%PDF-1.6\\n%%%%EOF\\n' > "$out/$(basename "$a" .docx).pdf";; esac
done""")
    with pdf_render.kept_warm():
        done = pdf_render.convert({"a.docx": printed_docx.read_bytes()}, program, timeout=30)
        assert not any(office.usable for office in pdf_render._WARM.values())
    assert list(done.pdfs) == ["a.pdf"] and not done.failed


# ---------------------------------------------------------------- the web page's fallbacks

def test_the_web_pages_fallback_fonts_are_drawn_at_th_sarabun_size(tmp_path):
    written, _ = build(EXAMPLE, 1, tmp_path, ("html",))
    page = by_kind(written)["report.html"].read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*\{([^}]*)\}", page)
    adjusted = {re.search(r'font-family:\s*"([^"]+)"', face).group(1): re.search(r"size-adjust:\s*(\d+)%", face)
                for face in faces}
    assert adjusted and all(adjusted.values())  # every stand-in face is scaled
    assert all(55 <= int(m.group(1)) <= 70 for m in adjusted.values())
    assert any("local(\"Laksaman\")" in face for face in faces)
    stack = re.search(r"--thai:\s*([^;]+);", page).group(1)
    families = [f.strip().strip('"') for f in stack.split(",")]
    # the document's font and the Sarabun family first, at their own size; the scaled stand-ins after
    assert families[0] == "TH SarabunIT๙" and families.index("ITA Sarabun size") > families.index("TH SarabunPSK")
    assert not ({"Laksaman", "Tahoma", "Noto Sans Thai"} & set(families))  # never unscaled


@needs_soffice
def test_pdfminer_based_readers_read_the_memos_labels_whole(printed):
    import pdfplumber

    with pdfplumber.open(printed["report.pdf"]) as document:
        words = [w["text"] for w in document.pages[0].extract_words(use_text_flow=True)]
    assert "ส่วนราชการ" in words  # a word joiner in the line once split it as "ส่|วนราชการ"

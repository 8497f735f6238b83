"""Which documents a build makes (--document, the table in ita_report/documents.py), the
announcement and the publication form in every format and in batches, a folder without
`publication:` built exactly as before, and the announcement's and the form's PDF measured against
the official format as a reader sees it."""
from __future__ import annotations

import collections
import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

import reader
from conftest import EXAMPLE, ROOT, SOFFICE, needs_soffice, paragraphs, png, q, run, set_publication, squeeze, xml_part, yaml_of
from wordstyles import assert_thai_runs
from ita_report import documents
from ita_report.batch import build_many
from ita_report.pipeline import Options, build
from ita_report import thai

THAIDOCX = ROOT.parent / "shared" / "tools" / "thaidocx.py"
CM = reader.PT_PER_CM


def with_emblem(folder: Path) -> Path:
    png(folder / "garuda.png", 40, 44)
    report = folder / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  code: สป", "  emblem: garuda.png\n  code: สป"),
                      encoding="utf-8")
    return folder


def named(paths) -> dict[str, Path]:
    return {p.name: p for p in paths}


# ---------------------------------------------------------------- a folder without publication: as before

def content_digest(path: Path) -> str:
    """The file's content: a .docx's parts (names and bytes, in order), a web page's bytes. The zip's
    own bytes are left out so that another zlib's compression does not count as a change."""
    digest = hashlib.sha256()
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                digest.update(info.filename.encode() + b"\0" + z.read(info) + b"\0")
    else:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


# Made by the code before the publication: section existed (main at b9653e7) from the same folders, and made
# again after the typography of issue 13 (no-break spaces in dates) changed the report's text on purpose. A
# change of the report's own look or wording changes these on purpose: then make them again with
# `python tests/test_documents.py` on the commit before that change.
BEFORE = {
    ('nasom-2565', 1, 'ascii', False): {'2565-round1-table.docx': 'b7ef9e1f15bcdeea794fdc94ee549ddb', '2565-round1-memo.docx': '0bb3e5fd2c0336a5b9f46fd36cebf8d1', '2565-round1-report.docx': 'd60137e1ef07e0743a5578b46e0a30f5', '2565-round1-report.html': '8ac53683a61e174235b10a7bca3a90e8'},
    ('nasom-2565', 1, 'thai', True): {'ตารางรายงานผล ITA 2565 รอบ 6 เดือน.docx': 'b7ef9e1f15bcdeea794fdc94ee549ddb', 'บันทึกข้อความ ITA 2565 รอบ 6 เดือน.docx': '2b3ee70d25f22e35142f58685313aa2b', 'รายงาน ITA 2565 รอบ 6 เดือน.docx': '0457f530c9b3440add1351578f658325', 'รายงาน ITA 2565 รอบ 6 เดือน.html': '5c75f5ef51763549d16f95b093aa20df'},
    ('nasom-2565', 2, 'ascii', False): {'2565-round2-table.docx': 'b9eda12db45b75d68d5acab737d14c6f', '2565-round2-memo.docx': 'e7a319a695a5f291bf6fe09b7f90f095', '2565-round2-report.docx': '120c2daf2935c0c64a9c01b7425366f1', '2565-round2-report.html': 'fb066cfe0aab108885a05079033597c7'},
    ('second-report', 2, 'ascii', False): {'2569-round2-table.docx': '180c667a6b86a642c7b7edde4725e334', '2569-round2-memo.docx': 'a42c0e473959d02093ce64688fca562f', '2569-round2-report.docx': '8ffb46b877d4297b7b09cd7ac8af0092', '2569-round2-report.html': '9b093b1eaba17b5fcef445d514e4a0c8'},
}
SOURCES = {"nasom-2565": EXAMPLE, "second-report": ROOT / "tests" / "data" / "second-report"}


def without_publication(source: Path, target: Path, emblem: bool) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("out"))
    set_publication(target, "")
    if emblem:
        png(target / "garuda.png")
        report = target / "report.yaml"
        report.write_text(report.read_text(encoding="utf-8").replace("  code: ", "  emblem: garuda.png\n  code: ", 1),
                          encoding="utf-8")
    return target


def built_before(tmp: Path, case: tuple) -> dict[str, str]:
    name, round_, names, emblem = case
    folder = without_publication(SOURCES[name], tmp / "in", emblem)
    (outcome,) = build_many([folder], [tmp / "out"], Options(round_, ("docx", "html"), names=names), jobs=1)
    assert not outcome.failed, outcome.problems
    return {p.name: content_digest(p) for p in outcome.written}


@pytest.mark.parametrize("case", sorted(BEFORE), ids=lambda c: "-".join(map(str, c)))
def test_a_folder_without_publication_builds_exactly_as_before(tmp_path, case):
    assert built_before(tmp_path, case) == BEFORE[case]


def test_the_section_changes_nothing_in_the_report_files(example, tmp_path):
    """With the announcement's part only (no form), the default build is the report, byte for byte."""
    plain = build(set_publication(example, ""), 1, tmp_path / "a", ("docx", "html"))[0]
    with_section = build(set_publication(example, "  announcement:\n    date: ๒๐ ตุลาคม ๒๕๖๔\n"), 1, tmp_path / "b",
                         ("docx", "html"))[0]
    assert [p.name for p in plain] == [p.name for p in with_section]
    assert [p.read_bytes() for p in plain] == [p.read_bytes() for p in with_section]


# ---------------------------------------------------------------- choosing documents

def test_the_table_of_documents():
    assert documents.NAMES == ("report", "announcement", "analysis")
    assert [k.name for k in documents.chosen(None)] == ["report"]
    assert [k.name for k in documents.chosen(("analysis", "announcement", "report"))] == ["report", "announcement",
                                                                                         "analysis"]
    with pytest.raises(Exception) as err:
        documents.chosen(("analysys",))
    assert err.value.problems[0].code == "unknown-document"


def test_the_announcement_alone_with_its_form_in_every_format(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path, "--document", "announcement", "--format", "docx,html")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "2565-announcement-publication-form.docx", "2565-announcement-publication-form.html",
        "2565-announcement.docx", "2565-announcement.html"]
    assert "2565-announcement.docx" in result.stdout
    assert "no-progress" not in result.stderr and "round-chosen" not in result.stderr  # not the report's business
    form = " ".join(paragraphs(tmp_path / "2565-announcement-publication-form.docx"))
    assert "๑. ประกาศองค์การบริหารส่วนตำบลนาโสม เรื่อง มาตรการส่งเสริม" in form and "บันทึกข้อความ" not in form


def test_all_documents_with_thai_names(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path, "-d", "all", "--names", "thai", "-f", "docx")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        "ตารางรายงานผล ITA 2565 รอบ 6 เดือน.docx", "บันทึกข้อความ ITA 2565 รอบ 6 เดือน.docx",
        "รายงาน ITA 2565 รอบ 6 เดือน.docx", "ประกาศมาตรการ ITA 2565.docx",
        "วิเคราะห์ผลการประเมิน ITA 2564.docx", "แบบฟอร์มขอเผยแพร่ ITA 2565 รอบ 6 เดือน.docx"])


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_unknown_document_is_a_usage_error(command):
    result = run(command, EXAMPLE, "--document", "analysys")
    assert result.returncode == 2 and "report, announcement, analysis" in result.stderr and "Traceback" not in result.stderr


def test_check_takes_the_same_documents(tmp_path):
    result = run("check", EXAMPLE, "--document", "announcement")
    assert result.returncode == 0, result.stderr
    assert "no-progress" not in result.stderr and "(ข้อผิดพลาด 0 รายการ" in result.stdout


def test_a_batch_builds_the_new_documents_in_its_workers(tmp_path):
    folders = []
    for name in ("a", "b"):
        shutil.copytree(EXAMPLE, tmp_path / "in" / name, ignore=shutil.ignore_patterns("out"))
        folders.append(tmp_path / "in" / name)
    outs = [tmp_path / "out" / f.name for f in folders]
    outcomes = build_many(folders, outs, Options(1, ("docx", "html"), documents=("report", "announcement")), jobs=2)
    assert not any(o.failed for o in outcomes)
    for out in outs:
        assert {"2565-announcement.docx", "2565-announcement.html", "2565-round1-publication-form.docx",
                "2565-round1-report.docx"} <= {p.name for p in out.iterdir()}
    assert (outs[0] / "2565-announcement.docx").read_bytes() == (outs[1] / "2565-announcement.docx").read_bytes()


def test_the_same_input_gives_the_same_bytes(tmp_path):
    first = build(EXAMPLE, 1, tmp_path / "a", ("docx", "html"), documents=("report", "announcement"))[0]
    second = build(EXAMPLE, 1, tmp_path / "b", ("docx", "html"), documents=("report", "announcement"))[0]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


# ---------------------------------------------------------------- the Word files

@pytest.fixture(scope="module")
def word(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("in") / "nasom"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("out"))
    written, _ = build(with_emblem(folder), 1, tmp_path_factory.mktemp("out"), ("docx", "html"),
                       documents=("report", "announcement"))
    return named(written)


@pytest.mark.parametrize("name", ["2565-announcement.docx", "2565-round1-publication-form.docx"])
def test_every_thai_run_of_the_new_files_resolves_to_the_thai_font(word, name):
    assert_thai_runs(word[name], 20)
    with zipfile.ZipFile(word[name]) as z:
        assert 'w:val="15"' in z.read("word/settings.xml").decode()  # compatibility mode 15


@pytest.mark.skipif(not THAIDOCX.is_file(), reason="the shared Thai .docx checker is not beside this checkout")
def test_the_new_word_files_pass_the_thai_checker(word):
    files = [word["2565-announcement.docx"], word["2565-round1-publication-form.docx"],
             ROOT / "templates" / "announcement.docx", ROOT / "templates" / "publication-form.docx"]
    result = subprocess.run([sys.executable, str(THAIDOCX), *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip().endswith("0 findings"), result.stdout


def test_the_announcement_docx_is_the_announcement_then_its_table(word):
    body = xml_part(word["2565-announcement.docx"]).find(q("w:body"))
    styles = [p.find(f"{q('w:pPr')}/{q('w:pStyle')}").get(q("w:val")) for p in body.findall(q("w:p"))
              if p.find(f"{q('w:pPr')}/{q('w:pStyle')}") is not None]
    assert styles[:4] == ["ITAEmblem", "ITATitle", "ITATopic", "ITARule"]
    tables = body.findall(q("w:tbl"))
    assert len(tables) == 1
    header = [squeeze("".join(t.text for t in tc.iter(q("w:t")))) for tc in tables[0].find(q("w:tr")).iter(q("w:tc"))]
    assert header == ["มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"]
    assert len(tables[0].findall(q("w:tr"))) == 1 + len(list((EXAMPLE / "measures").glob("*.yaml")))
    section = body.find(q("w:sectPr"))
    assert section.find(q("w:pgSz")).get(q("w:w")) == "11906"  # A4 portrait
    anchor = body.find(f".//{{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}}anchor")
    assert anchor is not None  # the Garuda, placed in front of the text


def test_the_form_docx_has_the_details_and_three_signer_boxes(word):
    body = xml_part(word["2565-round1-publication-form.docx"]).find(q("w:body"))
    boxes = ["\n".join("".join(t.text for t in p.iter(q("w:t"))) for p in tc.findall(q("w:p")))
             for tbl in body.findall(q("w:tbl")) for tc in tbl.iter(q("w:tc"))]
    assert len(boxes) == 4
    assert boxes[0].startswith("ชื่อหน่วยงาน: องค์การบริหารส่วนตำบลนาโสม")
    assert [b.splitlines()[0] for b in boxes[1:]] == ["ผู้รับผิดชอบการให้ข้อมูล", "ผู้อนุมัติรับรอง",
                                                      "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่"]
    assert "{{" not in "".join(boxes)


def test_the_web_pages(word):
    page = lxml_html.fromstring(word["2565-announcement.html"].read_bytes())
    assert page.get("lang") == "th" and page.find(".//img").get("src").startswith("data:image/png;base64,")
    assert page.find(".//h1").text_content() == "ประกาศองค์การบริหารส่วนตำบลนาโสม"
    header = [squeeze(th.text_content()) for th in page.findall(".//table/thead/tr/th")]
    table = xml_part(word["2565-announcement.docx"]).find(f".//{q('w:tbl')}")
    assert header == [squeeze("".join(t.text for t in tc.iter(q("w:t")))) for tc in table.find(q("w:tr")).iter(q("w:tc"))]
    text = squeeze(page.text_content())
    assert all(squeeze(p) in text for p in paragraphs(word["2565-announcement.docx"]) if p.strip())
    assert not page.findall(".//script") and "http" not in (page.find(".//img").get("src") or "")[:10]
    form = lxml_html.fromstring(word["2565-round1-publication-form.html"].read_bytes())
    text = squeeze(form.text_content())
    assert all(squeeze(p.replace("\t", "")) in text for p in paragraphs(word["2565-round1-publication-form.docx"]))
    assert len(form.findall(".//div[@class='box']")) == 4


def test_markup_in_the_yaml_is_text_in_the_new_pages(example, tmp_path):
    set_publication(example, '  form:\n    remarks: "<script>alert(1)</script> & <b>x</b>"\n')
    written = named(build(example, 1, tmp_path, ("html",), documents=("announcement",))[0])
    raw = written["2565-announcement-publication-form.html"].read_text(encoding="utf-8")
    assert "<script" not in raw and "&lt;script&gt;" in raw


def test_an_own_form_template_naming_a_box_the_docx_lacks_is_named(example, tmp_path):
    (example / "templates").mkdir()
    wording = (ROOT / "templates" / "publication-form.j2").read_text(encoding="utf-8")
    (example / "templates" / "publication-form.j2").write_text(wording.replace("place: details", "place: elsewhere"),
                                                               encoding="utf-8")
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("round: 1", "round: 1\nsettings:\n  templates: templates"),
                      encoding="utf-8")
    result = run("build", example, "-o", tmp_path / "out")
    assert result.returncode == 1 and "(template-marker)" in result.stderr and "{{ elsewhere }}" in result.stderr
    assert "publication-form.docx" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_an_own_announcement_template_with_a_wrong_line_is_named_with_its_line(example, tmp_path):
    (example / "templates").mkdir()
    (example / "templates" / "announcement.j2").write_text("title: ประกาศ\nรายการที่ไม่มีชนิด\n", encoding="utf-8")
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("round: 1", "round: 1\nsettings:\n  templates: templates"),
                      encoding="utf-8")
    result = run("build", example, "-o", tmp_path / "out", "-d", "announcement")
    assert result.returncode == 1 and "announcement.j2:2" in result.stderr and "(template-line)" in result.stderr


# ---------------------------------------------------------------- the PDF, as a reader sees it

@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, Path]:
    assert SOFFICE is not None, "LibreOffice is required here (ITA_REPORT_REQUIRE_PDF=1)"
    folder = tmp_path_factory.mktemp("in") / "nasom"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("out"))
    written, _ = build(with_emblem(folder), 1, tmp_path_factory.mktemp("pdf"), ("pdf",),
                       documents=("report", "announcement"))
    return named(written)


def lines_of(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into lines by their top, top to bottom."""
    rows: dict[int, list[dict]] = collections.defaultdict(list)
    for c in chars:
        rows[round(c["top"] / 3)].append(c)
    return [sorted(rows[k], key=lambda c: c["x0"]) for k in sorted(rows)]


@needs_soffice
def test_the_pdfs_are_a4_portrait_in_the_thai_font(published):
    assert sorted(published) == ["2565-announcement.pdf", "2565-round1-publication-form.pdf", "2565-round1-report.pdf"]
    for name in ("2565-announcement.pdf", "2565-round1-publication-form.pdf"):
        text = reader.read(published[name])
        assert all((round(p.width), round(p.height)) == (595, 842) for p in text.pages)
        fonts = reader.fonts(published[name])
        assert fonts and all(f.lower().startswith(("laksaman", "thsarabun", "th sarabun")) for f in fonts), fonts
        assert any("bold" in f.lower() for f in fonts)
    assert len(reader.read(published["2565-round1-publication-form.pdf"]).pages) == 1


@needs_soffice
def test_the_announcement_measures_as_the_format_says(published):
    pdf = published["2565-announcement.pdf"]
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        (garuda,) = page.images
        rules = [line for line in page.lines if abs(line["top"] - line["bottom"]) < 1]
    mm, centre = reader.MM, (3 + 16 / 2) * CM  # the text column: 3 cm to 19 cm from the left edge
    # the Garuda: 3 cm high, its top 1.5 cm below the paper's top edge, centred on the text column
    assert abs((garuda["bottom"] - garuda["top"]) - 3 * CM) < mm / 2
    assert abs(garuda["top"] - 1.5 * CM) < mm / 2
    assert abs((garuda["x0"] + garuda["x1"]) / 2 - centre) < mm / 2
    chars = [c for c in reader.chars(pdf, 0) if c["text"].strip()]
    lines = lines_of(chars)
    title, topic = lines[0], lines[1]
    assert min(c["top"] for c in title) > garuda["bottom"]  # below the Garuda, never under it
    for line in (title, topic):
        assert all(abs(c["size"] - 16) < 0.5 and "bold" in c["fontname"].lower() for c in line)
        assert abs((line[0]["x0"] + line[-1]["x1"]) / 2 - centre) < mm  # centred
    # the short rule: centred under เรื่อง, 4 cm, before the body
    (rule,) = {(round(r["x0"]), round(r["x1"]), round(r["top"])): r for r in rules}.values()
    assert abs((rule["x1"] - rule["x0"]) - 4 * CM) < mm and abs((rule["x0"] + rule["x1"]) / 2 - centre) < mm
    assert max(c["bottom"] for c in topic) < rule["top"] < min(c["top"] for c in lines[2])
    sizes = collections.Counter(round(c["size"]) for c in chars)
    assert sizes.most_common(1)[0][0] == 16  # the body, 16 pt
    assert abs(min(c["x0"] for c in chars) - 3 * CM) < mm  # left margin 3 cm
    assert max(c["x1"] for c in chars) < reader.A4[0] - 2 * CM + mm  # right margin 2 cm
    words = reader.words(pdf)[0]
    first_body = next(w for w in words if w.text.startswith("ตามที่"))
    assert abs(first_body.x0 - 5.5 * CM) < mm  # 3 cm margin + 2.5 cm first-line indent
    comparable = reader.comparable(" ".join(w.text for page_words in reader.words(pdf) for w in page_words))
    for phrase in ("ประกาศ ณ วันที่ ๒๐ ตุลาคม พ.ศ. ๒๕๖๔", "(นายสมทรง ช้างชนะ)", "จึงประกาศให้ทราบโดยทั่วกัน"):
        assert reader.comparable(phrase) in comparable, phrase


@needs_soffice
def test_the_announcement_table_follows_on_its_own_pages_with_its_header_repeated(published):
    text = reader.read(published["2565-announcement.pdf"])
    assert not text.pages[0].table and all(p.table for p in text.pages[1:])
    assert len(text.pages) >= 2
    headers = [reader.comparable(h) for h in text.header]
    assert reader.comparable("มาตรการ/แนวทาง") in headers[0] and reader.comparable("ผู้รับผิดชอบ") in headers[2]
    assert headers.count(headers[0]) == len(text.pages) - 1  # on every page of the table
    measures = reader.comparable(" ".join(text.columns[0]))
    assert reader.comparable("การเพิ่มคุณภาพการดำเนินงานด้านการปฏิบัติงาน") in measures


@needs_soffice
def test_the_pdfs_bookmarks_are_their_titles(published):
    import pymupdf

    with pymupdf.open(published["2565-announcement.pdf"]) as doc:
        toc = [title for _, title, _ in doc.get_toc()]
    assert toc[0] == "ประกาศองค์การบริหารส่วนตำบลนาโสม" and toc[1].startswith("มาตรการส่งเสริมคุณธรรม")
    with pymupdf.open(published["2565-round1-publication-form.pdf"]) as doc:
        assert [title for _, title, _ in doc.get_toc()] == ["แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงาน"]


@needs_soffice
def test_the_form_measures_as_its_layout_says(published):
    pdf = published["2565-round1-publication-form.pdf"]
    import pdfplumber

    chars = [c for c in reader.chars(pdf, 0) if c["text"].strip()]
    title = lines_of(chars)[0]
    assert all(abs(c["size"] - 18) < 0.5 and "bold" in c["fontname"].lower() for c in title)
    assert abs(min(c["x0"] for c in chars) - 3 * CM) < 4 * reader.MM  # inside boxes from the 3 cm margin
    with pdfplumber.open(pdf) as doc:
        ruled = doc.pages[0].lines
    # the boxes from their ruling: full-width top and bottom edges, and the upright edges between them
    across = sorted(line["top"] for line in ruled if abs(line["top"] - line["bottom"]) < 1
                    and abs(line["x0"] - 3 * CM) < reader.MM and abs(line["x1"] - 19 * CM) < reader.MM)
    boxes = list(zip(across[0::2], across[1::2]))
    upright = [line for line in ruled if abs(line["x0"] - line["x1"]) < 1]
    columns = [sum(1 for line in upright if abs(line["top"] - top) < reader.MM) - 1 for top, _ in boxes]
    assert len(boxes) == 3 and columns == [1, 2, 1]
    assert all(after - before > 0.3 * CM for (_, before), (after, _) in zip(boxes, boxes[1:]))  # apart
    words = " ".join(w.text for w in reader.words(pdf)[0])
    day = thai.parse_date(yaml_of(EXAMPLE / "report.yaml")["publication"]["form"]["date"])
    for phrase in ("ชื่อหน่วยงาน: องค์การบริหารส่วนตำบลนาโสม", f"วัน/เดือน/ปี: {thai.thai_date(day)}",
                   "(นางสาวดารารพร โพนเงิน)", "ผู้อนุมัติรับรอง", "(นายสมทรง ช้างชนะ)",
                   f"วันที่ {thai.to_thai_digits(str(day.day))} เดือน {thai.MONTHS[day.month - 1]} พ.ศ. "
                   f"{thai.to_thai_digits(str(thai.be_year(day.year)))}"):
        assert reader.comparable(phrase) in reader.comparable(words), phrase


@needs_soffice
def test_the_same_input_gives_the_same_pdfs(published, tmp_path):
    folder = tmp_path / "nasom"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("out"))
    again = named(build(with_emblem(folder), 1, tmp_path / "out", ("pdf",), documents=("report", "announcement"))[0])
    for name in ("2565-announcement.pdf", "2565-round1-publication-form.pdf"):
        assert again[name].read_bytes() == published[name].read_bytes()


if __name__ == "__main__":  # the BEFORE table, made again by the code of this checkout
    import tempfile

    for case in sorted(BEFORE):
        with tempfile.TemporaryDirectory() as tmp:
            print(f"    {case}: {built_before(Path(tmp), case)},")

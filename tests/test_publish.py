"""What gets published: the whole report as one .docx, one web page and one PDF, checked as a reader
sees them (the PDF through LibreOffice and poppler, as the agency's website visitors get it)."""
from __future__ import annotations

import collections
import html
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

import reader
from conftest import EXAMPLE, SOFFICE, by_kind, fake_soffice, needs_soffice, paragraphs, png, q, run, squeeze, xml_part
from ita_report.pipeline import build
from ita_report.render import pdf as pdf_render
from seed import seed_phrases

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, Path]:
    written, _ = build(EXAMPLE, 1, tmp_path_factory.mktemp("out"), ("docx", "html"))
    return by_kind(written)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, Path]:
    assert SOFFICE is not None, "LibreOffice is required here (ITA_REPORT_REQUIRE_PDF=1)"
    written, _ = build(EXAMPLE, 1, tmp_path_factory.mktemp("pdf"), ("pdf",))
    return by_kind(written)


# ---------------------------------------------------------------- one .docx: memo, then table

def test_the_whole_report_is_the_memo_then_the_table(docs):
    assert paragraphs(docs["report.docx"]) == paragraphs(docs["memo.docx"]) + paragraphs(docs["table.docx"])


def test_the_whole_report_has_a_portrait_and_a_landscape_section(docs):
    body = xml_part(docs["report.docx"]).find(q("w:body"))
    sections = list(body.iter(q("w:sectPr")))
    assert len(sections) == 2
    memo, table = sections
    assert memo.getparent().tag == q("w:pPr")  # ends with the memo's last paragraph: no blank page
    size = lambda s: (int(s.find(q("w:pgSz")).get(q("w:w"))), int(s.find(q("w:pgSz")).get(q("w:h"))))
    assert size(memo) == (11906, 16838) and size(table) == (16838, 11906)
    assert table.find(q("w:pgSz")).get(q("w:orient")) == "landscape"
    assert int(memo.find(q("w:pgMar")).get(q("w:left"))) == 1701  # 3 cm
    assert table.find(q("w:pgNumType")).get(q("w:start")) == "1"  # the table's pages count from 1 again


def test_every_header_of_the_whole_report_resolves_to_its_own_part(docs):
    with zipfile.ZipFile(docs["report.docx"]) as z:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        names = set(z.namelist())
        types = z.read("[Content_Types].xml").decode()
    refs = [r.get(f"{{{R}}}id") for r in xml_part(docs["report.docx"]).iter(q("w:headerReference"))]
    assert len(refs) == 4 and len({targets[r] for r in refs}) == 4
    for ref in refs:
        assert f"word/{targets[ref]}" in names and f"/word/{targets[ref]}" in types


def test_the_whole_report_has_the_table_styles(docs):
    styles = {s.get(q("w:styleId")) for s in xml_part(docs["report.docx"], "word/styles.xml").iter(q("w:style"))}
    used = {s.get(q("w:val")) for s in xml_part(docs["report.docx"]).iter(q("w:pStyle"))}
    assert {"ITACell", "ITATableHeader", "ITATitle", "ITALabel"} <= styles and used <= styles


def test_an_emblem_travels_into_the_whole_report(example, tmp_path):
    png(example / "garuda.png")
    text = (example / "report.yaml").read_text(encoding="utf-8").replace("  code: สป", "  emblem: garuda.png\n  code: สป")
    (example / "report.yaml").write_text(text, encoding="utf-8")
    written = by_kind(build(example, 1, tmp_path, ("docx", "html"))[0])
    with zipfile.ZipFile(written["report.docx"]) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())
    page = written["report.html"].read_text(encoding="utf-8")
    assert '<img src="data:image/png;base64,' in page


# ---------------------------------------------------------------- the web page

def page_of(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def test_the_page_is_thai_with_a_real_table(docs):
    page = page_of(docs["report.html"])
    assert page.get("lang") == "th"
    assert page.find(".//meta[@charset]").get("charset") == "utf-8"
    heads = page.findall(".//table/thead/tr/th")
    assert [th.get("scope") for th in heads] == ["col"] * 6
    rows = page.findall(".//table/tbody/tr")
    assert len(rows) == len(list((EXAMPLE / "measures").glob("*.yaml")))
    assert all(row[0].tag == "th" and row[0].get("scope") == "row" for row in rows)


def test_the_page_has_the_headers_of_the_word_table(docs):
    table = xml_part(docs["table.docx"]).find(f".//{q('w:tbl')}")
    header = [squeeze("".join(t.text for t in tc.iter(q("w:t")))) for tc in table.find(q("w:tr")).iter(q("w:tc"))]
    page = [squeeze(th.text_content()) for th in page_of(docs["report.html"]).findall(".//table/thead/tr/th")]
    assert page == header


def test_the_page_says_what_the_word_files_say(docs):
    page = page_of(docs["report.html"])
    cells = [[[p.text_content() for p in cell.findall("p")] for cell in row] for row in page.findall(".//table/tbody/tr")]
    table = xml_part(docs["table.docx"]).find(f".//{q('w:tbl')}")
    word = [[["".join(t.text for t in p.iter(q("w:t"))) for p in tc.findall(q("w:p"))] for tc in tr.findall(q("w:tc"))]
            for tr in table.findall(q("w:tr"))[1:]]
    assert cells == [[[line for line in cell if line] for cell in row] for row in word]
    text = squeeze(page.find(".//section").text_content())
    assert all(squeeze(p.replace("\t", "")) in text for p in paragraphs(docs["memo.docx"]))


def test_the_page_needs_nothing_from_the_network(docs):
    text = docs["report.html"].read_text(encoding="utf-8")
    page = page_of(docs["report.html"])
    assert not page.findall(".//script") and not page.findall(".//link") and "@import" not in text
    assert all(not (el.get("src") or "").startswith(("http", "//")) for el in page.iter())
    assert "url(" not in text


def test_the_page_prints_on_a4_with_the_table_landscape(docs):
    style = page_of(docs["report.html"]).find(".//style").text
    assert "size: A4 portrait" in style and "size: A4 landscape" in style and "page: landscape" in style
    assert "@media (max-width" in style  # a phone gets the rows as cards


def test_markup_in_the_yaml_is_shown_as_text(example, tmp_path):
    measure = example / "measures" / "2-publishing.yaml"
    text = measure.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    measure.write_text(text.replace(title, 'title: "<script>alert(1)</script> & <b>ตัวหนา</b>"'), encoding="utf-8")
    written = by_kind(build(example, 1, tmp_path, ("html",))[0])
    raw = written["report.html"].read_text(encoding="utf-8")
    assert "<script" not in raw and "<b>ตัวหนา" not in raw
    # (the digit becomes a Thai digit, as every digit of the report's Thai text does)
    assert "&lt;script&gt;alert(๑)&lt;/script&gt; &amp; &lt;b&gt;" in raw
    page = page_of(written["report.html"])
    assert page.findall(".//tbody/tr")[1][0].text_content() == "๒. <script>alert(๑)</script> & <b>ตัวหนา</b>"
    assert html.unescape(raw).count("<script>alert(๑)</script>") == 1


# ---------------------------------------------------------------- the PDF as a reader sees it

@needs_soffice
def test_the_pdf_is_a4_memo_portrait_then_table_landscape(published):
    text = reader.read(published["report.pdf"])
    assert all(sorted((round(p.width), round(p.height))) == [595, 842] for p in text.pages)
    kinds = ["table" if p.table else "memo" for p in text.pages]
    memo_pages = kinds.index("table")
    assert memo_pages >= 2 and kinds == ["memo"] * memo_pages + ["table"] * (len(kinds) - memo_pages)
    assert all(p.landscape == p.table for p in text.pages)


@needs_soffice
def test_the_pdf_uses_only_the_thai_font(published):
    fonts = reader.fonts(published["report.pdf"])
    assert fonts and all(name.lower().startswith(("laksaman", "thsarabun", "th sarabun")) for name in fonts), fonts
    assert any("bold" in name.lower() for name in fonts)  # the labels and the title


@needs_soffice
def test_the_pdf_holds_every_phrase_of_the_seed(published):
    # the comparison drops marks that extraction moves, not letters, digits or their order
    assert reader.comparable("ช แ ี ้ จง") == reader.comparable("ชี้แจง")
    assert reader.comparable("ด\u0e4d\u0e32เนิน") == reader.comparable("ดำเนิน")
    assert reader.comparable("๑๔ หมู่บ้าน") != reader.comparable("๑๓ หมู่บ้าน")
    assert reader.comparable("แจงชี้") != reader.comparable("ชี้แจง")
    text = reader.read(published["report.pdf"])
    streams = [" ".join(text.outside), " ".join(text.header)] + [" ".join(cells) for cells in text.columns.values()]
    streams = [reader.comparable(s) for s in streams]
    missing = [p for p in seed_phrases() if not any(reader.comparable(p) in s for s in streams)]
    assert not missing, missing[:5]


@needs_soffice
def test_the_memo_measures_as_the_format_says(published):
    pdf = published["report.pdf"]
    chars = [c for c in reader.chars(pdf, 0) if c["text"].strip()]
    words = reader.words(pdf)[0]
    mm = reader.MM
    title = [c for c in chars if abs(c["top"] - chars[0]["top"]) < 1]  # the first line
    assert title and all(abs(c["size"] - 29) < 0.5 and "bold" in c["fontname"].lower() for c in title)
    label_line = [c for c in chars if abs(c["top"] - chars[len(title)]["top"]) < 1][:len("ส่วนราชการ")]
    assert all(abs(c["size"] - 20) < 0.5 and "bold" in c["fontname"].lower() for c in label_line)
    sizes = collections.Counter(round(c["size"]) for c in chars)
    assert sizes.most_common(1)[0][0] == 16
    assert abs(min(c["x0"] for c in chars) - 3 * reader.PT_PER_CM) < mm  # left margin 3 cm
    assert max(c["x1"] for c in chars) < reader.A4[0] - 2 * reader.PT_PER_CM + mm  # right margin 2 cm
    first_body = next(w for w in words if w.text.startswith("ตามรายงาน"))
    assert abs(first_body.x0 - 5.5 * reader.PT_PER_CM) < mm  # 3 cm margin + 2.5 cm first-line indent


@needs_soffice
def test_the_same_input_gives_the_same_pdf(published, tmp_path):
    again = by_kind(build(EXAMPLE, 1, tmp_path, ("pdf",))[0])
    assert again["report.pdf"].read_bytes() == published["report.pdf"].read_bytes()


# ---------------------------------------------------------------- without LibreOffice

def no_soffice_env(tmp_path: Path) -> dict:
    bare = tmp_path / "bin"
    bare.mkdir(exist_ok=True)
    return {"PATH": str(bare), "HOME": str(tmp_path), "ITA_REPORT_SOFFICE": "", "PROGRAMFILES": "",
            "PROGRAMW6432": "", "PROGRAMFILES(X86)": ""}


def test_without_libreoffice_nothing_is_written_and_the_message_says_how_to_install_and_build_without_pdf(
        example, tmp_path):
    out = tmp_path / "out"
    assert run("build", example, "-o", out, "--format", "docx,html").returncode == 0  # an earlier build
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (example / "measures" / "1-service-process.yaml").write_text(
        (example / "measures" / "1-service-process.yaml").read_text(encoding="utf-8").replace("การเพิ่มคุณภาพ", "การยกระดับคุณภาพ"),
        encoding="utf-8")
    result = run("build", example, "-o", out, "--format", "docx,html,pdf", env=no_soffice_env(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "apt-get install libreoffice-writer-nogui libreoffice-script-provider-python fonts-thai-tlwg" in result.stderr
    assert "(no-soffice)" in result.stderr and "(pdf-nothing-written)" in result.stderr
    assert "--format docx,html" in result.stderr and "ยังไม่ได้สร้างเอกสาร" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the earlier set, as it was
    # the command the message gives builds the other formats
    again = run("build", example, "-o", out, "--format", "docx,html", env=no_soffice_env(tmp_path))
    assert again.returncode == 0 and "การยกระดับคุณภาพ" in (out / "2565-round1-report.html").read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for soffice")
def test_a_libreoffice_that_hangs_is_stopped(example, tmp_path):
    program = fake_soffice(tmp_path / "lo", "sleep 60")
    result = run("build", example, "-o", tmp_path / "out", "-f", "pdf", "--soffice", program, "--pdf-timeout", "1")
    assert result.returncode == 1 and "(pdf-failed)" in result.stderr and "1 วินาที" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for soffice")
def test_a_libreoffice_that_makes_no_pdf_is_reported_and_no_new_docx_stands_beside_an_old_pdf(example, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "2565-round1-report.pdf").write_bytes(b"%PDF-1.7 an earlier PDF")
    program = fake_soffice(tmp_path / "lo", "echo 'Error: source file could not be loaded' >&2; exit 0")
    result = run("build", example, "-o", out, "-f", "docx,pdf", "--soffice", program, "--lang", "en")
    assert result.returncode == 1 and "source file could not be loaded" in result.stderr
    assert "(pdf-nothing-written)" in result.stderr and "nothing was built" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2565-round1-report.pdf"]  # only the earlier file, untouched


def test_a_soffice_path_that_does_not_exist_is_named(example, tmp_path):
    result = run("build", example, "-o", tmp_path / "out", "-f", "pdf", "--soffice", tmp_path / "nowhere" / "soffice")
    assert result.returncode == 1 and "(soffice-not-found)" in result.stderr and "nowhere" in result.stderr


def test_an_unknown_format_is_a_usage_error(example):
    result = run("build", example, "--format", "docx,odt")
    assert result.returncode == 2 and "docx, html, pdf" in result.stderr


# ---------------------------------------------------------------- where soffice is found

def test_soffice_is_found_where_the_windows_installer_puts_it(tmp_path):
    program = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    env = {"PATH": str(tmp_path / "empty"), "PROGRAMFILES": str(tmp_path / "Program Files")}
    assert pdf_render.find_soffice(environ=env) == program


def test_soffice_is_found_in_a_macos_application_folder(tmp_path):
    program = tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    assert pdf_render.find_soffice(environ={"PATH": str(tmp_path / "empty"), "HOME": str(tmp_path)}) == program
    # and given as the .app folder
    assert pdf_render.find_soffice(tmp_path / "Applications" / "LibreOffice.app", environ={}) == program


def test_the_environment_variable_comes_before_path(tmp_path):
    program = fake_soffice(tmp_path / "mine", "exit 0")
    other = fake_soffice(tmp_path / "onpath", "exit 0")
    env = {"PATH": str(other.parent), pdf_render.SOFFICE_ENV: str(program)}
    assert pdf_render.find_soffice(environ=env) == program
    assert pdf_render.find_soffice(environ={"PATH": str(other.parent)}) == other


def test_reproducible_pdf_keeps_offsets(tmp_path):
    data = (b"%PDF-1.4\n1 0 obj<</CreationDate(D:20261128051346Z')>>endobj\ntrailer\n<</ID [ <"
            + b"A" * 32 + b">\n<" + b"B" * 32 + b"> ]\n/DocChecksum /" + b"C" * 32 + b"\n>>\n")
    out = pdf_render.reproducible(data, None)
    assert len(out) == len(data) and b"D:20000101000000Z'" in out
    assert out == pdf_render.reproducible(data.replace(b"51346", b"59999"), None)
    assert out != pdf_render.reproducible(data.replace(b"%PDF-1.4", b"%PDF-1.5"), None)



@needs_soffice
def test_the_readme_pictures_are_made_from_the_real_output(tmp_path):
    """tools/make_pictures.py, run once (it runs LibreOffice): every page the READMEs show, each of the
    page's shape, the analysis with its chart's bars."""
    import subprocess
    import sys

    from PIL import Image

    from ita_report.render import chart as charts

    subprocess.run([sys.executable, str(EXAMPLE.parent.parent / "tools" / "make_pictures.py"), str(tmp_path)],
                   check=True, capture_output=True, timeout=300)
    readme = (EXAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    shapes = {}
    for name in ("memo-page-1.png", "table-page-1.png", "announcement-page-1.png", "publication-form-page-1.png",
                 "analysis-page-1.png"):
        assert f"examples/nasom-2565/preview/{name}" in readme, name
        with Image.open(tmp_path / name) as picture:
            assert picture.format == "PNG"
            width, height = picture.size
            shapes[name] = height / width
            if name == "analysis-page-1.png":
                colours = {colour for _, colour in picture.convert("RGB").getcolors(1 << 20)}
    a4 = 841.9 / 595.3
    assert abs(shapes.pop("table-page-1.png") - 1 / a4) < 0.01  # the table's page landscape
    assert all(abs(shape - a4) < 0.01 for shape in shapes.values()), shapes  # the others portrait
    bar = lambda hex_: tuple(int(hex_[i:i + 2], 16) for i in (0, 2, 4))  # noqa: E731
    assert bar(charts.PASSED) in colours and bar(charts.WEAK) in colours  # the chart's bars are on it


def test_a_broken_own_web_page_template_is_named_with_its_line(example, tmp_path):
    (example / "templates").mkdir()
    (example / "templates" / "report.html.j2").write_text("<html>\n{% for x in %}\n</html>\n", encoding="utf-8")
    text = (example / "report.yaml").read_text(encoding="utf-8").replace("round: 1", "round: 1\nsettings:\n  templates: templates")
    (example / "report.yaml").write_text(text, encoding="utf-8")
    result = run("build", example, "-o", tmp_path / "out", "-f", "html")
    assert result.returncode == 1 and "report.html.j2:2:" in result.stderr and "(template-syntax)" in result.stderr
    assert "Traceback" not in result.stderr

"""The publication: section of report.yaml and what is derived from it: the year's measures
announcement (ประกาศ) and the web publication request form, their text checked against the YAML, the
checks of the section, and init and rollover writing it."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import EXAMPLE, run, set_publication, yaml_of
from ita_report import thai
from ita_report.load import load_folder
from ita_report.pipeline import prepare
from ita_report.problems import UserError
from ita_report.validate import validate


def texts(document) -> list[str]:
    """Each paragraph's text, a no-break space (dates and พ.ศ. kept on one line) read as a space."""
    return [" ".join(p for p in b.parts if p).replace("\u00a0", " ") for b in document.blocks]


def place_texts(document, name: str) -> list[str]:
    return [" ".join(p for p in b.parts if p).replace("\u00a0", " ") for b in dict(document.places)[name]]


@pytest.fixture(scope="module")
def example_prepared():
    return prepare(EXAMPLE, 1, documents=("report", "announcement"))


# ---------------------------------------------------------------- the announcement, against the YAML

def test_the_announcement_says_what_the_yaml_says(example_prepared):
    data = yaml_of(EXAMPLE / "report.yaml")
    org, fy = data["organisation"], data["fiscal_year"]
    announcement = dict(example_prepared.documents)["announcement"]
    lines = texts(announcement)
    kinds = [b.kind for b in announcement.blocks]
    assert kinds[:4] == ["emblem", "title", "topic", "rule"]
    assert lines[1] == f"ประกาศ{org['name']}"
    assert lines[2] == f"เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {thai.to_thai_digits(str(fy))}"
    day = thai.parse_date(data["publication"]["announcement"]["date"])
    assert f"ประกาศ ณ วันที่ {thai.to_thai_digits(str(day.day))} {thai.MONTHS[day.month - 1]} พ.ศ. " \
           f"{thai.to_thai_digits(str(thai.be_year(day.year)))}" in lines
    executive = data["memo"]["reviewers"][-1]
    signature = [t for b, t in zip(announcement.blocks, lines) if b.kind == "sign"]
    assert signature == [f"({executive['name']})", executive["position"]]
    # why (last year's analysis), then each measure by its title, in the table's order
    body = " ".join(t for b, t in zip(announcement.blocks, lines) if b.kind == "body")
    assert f"ประจำปีงบประมาณ พ.ศ. {thai.to_thai_digits(str(fy - 1))}" in body
    titles = [yaml_of(p)["title"] for p in sorted((EXAMPLE / "measures").glob("*.yaml"))]
    items = [t for b, t in zip(announcement.blocks, lines) if b.kind == "item"]
    assert items == [f"{thai.to_thai_digits(str(i))}. {title}" for i, title in enumerate(titles, 1)]
    assert f"จำนวน {thai.to_thai_digits(str(len(titles)))} มาตรการ" in body
    assert announcement.date == day and announcement.title == lines[1]


def test_the_announcement_table_is_the_measures_planning_columns(example_prepared):
    announcement = dict(example_prepared.documents)["announcement"]
    files = sorted((EXAMPLE / "measures").glob("*.yaml"))
    assert len(announcement.rows) == len(files)
    for row, path in zip(announcement.rows, files):
        measure = yaml_of(path)
        assert row.cells["measure"][0].text.endswith(measure["title"])
        owners = measure["owners"] if isinstance(measure["owners"], list) else [measure["owners"]]
        assert [line.text for line in row.cells["owners"]] == owners
        assert row.cells["steps"][0].text.startswith("๑. ")
    # the same rows as the report's table: one derivation of the measures
    assert announcement.rows == example_prepared.derived.table.rows
    heading = next(t for b, t in zip(announcement.blocks, texts(announcement)) if b.kind == "heading")
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๕" in heading and "องค์การบริหารส่วนตำบลนาโสม" in heading


def test_without_a_date_or_signer_the_announcement_leaves_dots_to_write_by_hand(example):
    set_publication(example, "  announcement:\n")
    report = example / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text[:text.index("  reviewers:")] + text[text.index("\npublication:"):], encoding="utf-8")
    prepared = prepare(example, 1, documents=("announcement",))
    lines = texts(dict(prepared.documents)["announcement"])
    assert any(line.startswith("ประกาศ ณ วันที่ ....") and "เดือน ...." in line and "พ.ศ. ...." in line
               for line in lines)
    assert "(" + "." * 45 + ")" in lines
    warning = next(p for p in prepared.warnings if p.code == "announcement-no-signer")
    assert warning.file.endswith("report.yaml") and warning.line is not None


def test_a_signer_of_its_own_and_arabic_digits(example):
    set_publication(example, "  announcement:\n    date: 1/11/2564\n    signer:\n      name: นายรอง นายก\n"
                             "      position: ปลัดองค์การบริหารส่วนตำบลนาโสม\n      acting_for: นายกองค์การบริหารส่วนตำบลนาโสม\n")
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("round: 1", "round: 1\nsettings:\n  digits: arabic"),
                      encoding="utf-8")
    lines = texts(dict(prepare(example, 1, documents=("announcement",)).documents)["announcement"])
    assert "ประกาศ ณ วันที่ 1 พฤศจิกายน พ.ศ. 2564" in lines
    assert lines[-5:-2] == ["(นายรอง นายก)", "ปลัดองค์การบริหารส่วนตำบลนาโสม รักษาการแทน", "นายกองค์การบริหารส่วนตำบลนาโสม"]


# ---------------------------------------------------------------- the form, against the YAML

def test_the_form_names_the_documents_of_the_build_and_its_people(example_prepared):
    data = yaml_of(EXAMPLE / "report.yaml")
    form = example_prepared.form
    assert texts(form)[0] == "แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงาน"
    details = place_texts(form, "details")
    day = thai.thai_date(thai.parse_date(data["publication"]["form"]["date"]))
    assert f"ชื่อหน่วยงาน: {data['organisation']['name']}" in details
    assert f"วัน/เดือน/ปี: {day}" in details
    subject = next(t for t in details if t.startswith("หัวข้อ:"))
    assert "รายงานผลการดำเนินงานตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน รอบ ๖ เดือน" in subject
    items = [b.parts[0].replace("\u00a0", " ") for b in dict(form.places)["details"] if b.kind == "item"]
    assert items[0].startswith("๑. บันทึกข้อความ เรื่อง รายงานผลการดำเนินงาน")
    assert items[1].startswith("๒. รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของ")
    assert items[2] == ("๓. ประกาศองค์การบริหารส่วนตำบลนาโสม เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใส"
                        "ภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕")
    assert f"หมายเหตุ: {data['publication']['form']['remarks']}" in details
    assert "Link ภายนอก:" in details  # no link: its dotted line is left to fill by hand
    writer, executive = data["memo"]["writer"], data["memo"]["reviewers"][-1]
    form_day = thai.parse_date(data["publication"]["form"]["date"])
    date_line = (f"วันที่ {thai.to_thai_digits(str(form_day.day))} เดือน {thai.MONTHS[form_day.month - 1]} "
                 f"พ.ศ. {thai.to_thai_digits(str(thai.be_year(form_day.year)))}")
    assert place_texts(form, "provider") == ["ผู้รับผิดชอบการให้ข้อมูล", "", "", f"({writer['name']})",
                                             f"ตำแหน่ง {writer['position']}", date_line]
    assert place_texts(form, "approver")[3:] == [f"({executive['name']})", f"ตำแหน่ง {executive['position']}", date_line]
    assert place_texts(form, "publisher")[0] == "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่"
    assert place_texts(form, "publisher")[3:5] == ["(" + "." * 45 + ")", "ตำแหน่ง " + "." * 45]


def test_a_form_without_a_date_has_dotted_date_lines_and_names_only_the_announcement(example):
    set_publication(example, "  form:\n    subject: O1 มาตรการ\n    link: https://www.example.go.th/ita\n"
                             "    publisher:\n      name: นายสาม สี่\n      position: นักวิชาการคอมพิวเตอร์\n")
    form = prepare(example, 1, documents=("announcement",)).form
    details = place_texts(form, "details")
    assert "หัวข้อ: O1 มาตรการ" in details and "Link ภายนอก: https://www.example.go.th/ita" in details
    items = [b.parts[0].replace("\u00a0", " ") for b in dict(form.places)["details"] if b.kind == "item"]
    assert len(items) == 1 and items[0].startswith("๑. ประกาศองค์การบริหารส่วนตำบลนาโสม")
    for box in ("provider", "approver", "publisher"):
        assert place_texts(form, box)[-1] == f"วันที่ {'.' * 10} เดือน {'.' * 24} พ.ศ. {'.' * 12}"
    assert place_texts(form, "publisher")[3:5] == ["(นายสาม สี่)", "ตำแหน่ง นักวิชาการคอมพิวเตอร์"]


def test_no_form_without_its_section(example):
    set_publication(example, "  announcement:\n    date: ๑ ตุลาคม ๒๕๖๔\n")
    assert prepare(example, 1).form is None
    set_publication(example, "")
    assert prepare(example, 1).form is None and prepare(example, 1).documents[0][0] == "report"


def test_an_empty_form_key_asks_for_the_form_with_its_defaults(example):
    set_publication(example, "  form:\n")
    form = prepare(example, 1).form
    assert form is not None and place_texts(form, "provider")[3] == "(นางสาวดารารพร โพนเงิน)"


# ---------------------------------------------------------------- checks

@pytest.mark.parametrize("date, warned", [
    ("๑ ตุลาคม ๒๕๖๔", False), ("๓๑ มีนาคม ๒๕๖๕", False),  # the first half of FY 2565: 1 Oct 2564 – 31 Mar 2565
    ("๓๐ กันยายน ๒๕๖๔", True), ("๑ เมษายน ๒๕๖๕", True), ("๑ ตุลาคม ๒๕๖๕", True),
])
def test_the_announcement_date_is_in_the_first_half_of_the_fiscal_year(example, date, warned):
    set_publication(example, f"  announcement:\n    date: {date}\n")
    for documents in (None, ("announcement",)):  # check says so whatever the build makes
        found = [p for p in prepare(example, 1, documents=documents).warnings if p.code == "announcement-date"]
        assert bool(found) == warned
        if found:
            assert found[0].severity == "warning" and found[0].field == "publication.announcement.date"
            assert found[0].line is not None and "๑ ตุลาคม ๒๕๖๔" in found[0].th


def test_a_ce_year_in_the_announcement_date_is_pointed_out(example):
    set_publication(example, "  announcement:\n    date: 1 ตุลาคม 2021\n")  # read as CE: 1 Oct 2564, in time
    codes = {p.code for p in prepare(example, 1, documents=("announcement",)).warnings}
    assert "year-looks-ce" in codes and "announcement-date" not in codes


def test_a_form_dated_before_what_it_publishes_is_a_warning(example):
    set_publication(example, "  announcement:\n    date: ๒๐ ตุลาคม ๒๕๖๔\n  form:\n    date: ๑๐ มกราคม ๒๕๖๕\n")
    memo_day = thai.thai_date(thai.parse_date(yaml_of(example / "report.yaml")["memo"]["date"]))
    assert memo_day != "๑๐ มกราคม ๒๕๖๕"
    report_only = [p for p in prepare(example, 1).warnings if p.code == "form-before-document"]
    assert len(report_only) == 1 and memo_day in report_only[0].th  # the memo's date
    assert report_only[0].field == "publication.form.date"
    announcement_only = prepare(example, 1, documents=("announcement",)).warnings
    assert not [p for p in announcement_only if p.code == "form-before-document"]  # after 20 Oct 2564
    set_publication(example, "  announcement:\n    date: ๒๐ ตุลาคม ๒๕๖๔\n  form:\n    date: ๑ ตุลาคม ๒๕๖๔\n")
    found = [p for p in prepare(example, 1, documents=("announcement",)).warnings if p.code == "form-before-document"]
    assert len(found) == 1 and "๒๐ ตุลาคม ๒๕๖๔" in found[0].th


@pytest.mark.parametrize("section, code, field", [
    ("  form: ข้อความ", "model-type", "publication.form"),
    ("  from:\n    date: ๑ มกราคม ๒๕๖๕", "extra-forbidden", "publication.from"),
    ("  form:\n    date: 31/2/2565", "date", "publication.form.date"),
    ("  form:\n    publisher: นายสาม", "model-type", "publication.form.publisher"),
    ("  announcement:\n    signer:\n      name: นายสาม", "missing", "publication.announcement.signer"),
    ("  announcement:\n    date: [1]", "date-type", "publication.announcement.date"),
])
def test_a_wrong_publication_section_is_named_with_its_place(example, section, code, field):
    set_publication(example, section + "\n")
    with pytest.raises(UserError) as err:
        prepare(example, 1)
    problem = next(p for p in err.value.problems if p.severity == "error")
    assert (problem.code, problem.file.endswith("report.yaml")) == (code, True)
    assert problem.field.startswith(field) and problem.line is not None


def test_check_reports_the_section_and_exits_one_on_a_broken_one(example):
    set_publication(example, "  form:\n    date: ๓๒ มกราคม ๒๕๖๕\n")
    result = run("check", example, "--document", "announcement")
    assert result.returncode == 1 and "publication.form.date" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- init and rollover

def test_init_asks_for_the_publisher_and_writes_the_section(tmp_path):
    folder = tmp_path / "r"
    result = run("init", folder, "--org", "เทศบาลตำบลบ้านหมี่", "--district", "บ้านหมี่", "--province", "ลพบุรี",
                 "--fiscal-year", "2569", "--publisher", "นายสาม สี่", "--yes")
    assert result.returncode == 0, result.stderr
    report = validate(load_folder(folder)).report
    assert report.publication.form.publisher.name == "นายสาม สี่"
    assert report.publication.announcement.date is None and report.publication.form.link is None
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    assert "# ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใสประจำปี" in text
    # (all would include the analysis, refused until init's ita-results.yaml has its scores)
    built = run("build", folder, "--today", "2026-04-20", "--document", "report,announcement")
    assert built.returncode == 0, built.stderr
    assert {p.name for p in (folder / "out").iterdir()} == {
        "2569-round1-memo.docx", "2569-round1-table.docx", "2569-round1-report.docx", "2569-announcement.docx",
        "2569-round1-publication-form.docx"}


def test_init_without_a_publisher_writes_the_section_commented(tmp_path):
    assert run("init", tmp_path / "r", "--org", "เทศบาลตำบลบ้านหมี่", "--district", "บ้านหมี่", "--province",
               "ลพบุรี", "--yes").returncode == 0
    text = (tmp_path / "r" / "report.yaml").read_text(encoding="utf-8")
    assert "\n# publication:\n#   announcement:" in text and "\npublication:" not in text
    assert validate(load_folder(tmp_path / "r")).report.publication is None
    # taking the comment marks away gives a section that checks
    lines = text[text.index("# publication:"):].splitlines()
    uncommented = "\n".join(line[2:].split("  #")[0].rstrip() for line in lines)
    (tmp_path / "r" / "report.yaml").write_text(text[:text.index("# publication:")] + uncommented.replace(
        'name: ""', "name: นายสาม สี่").replace('position: ""', "position: นักวิชาการคอมพิวเตอร์") + "\n",
        encoding="utf-8")
    assert validate(load_folder(tmp_path / "r")).report.publication.form.publisher.name == "นายสาม สี่"


def test_rollover_keeps_the_section_a_year_on(example, tmp_path):
    set_publication(example, "  announcement:\n    date: ๒๐ ตุลาคม ๒๕๖๔\n    signer:\n      name: นายสมทรง ช้างชนะ\n"
                             "      position: นายกองค์การบริหารส่วนตำบลนาโสม\n  form:\n    date: ๑๑ มกราคม ๒๕๖๕\n"
                             "    subject: มาตรการ ประจำปี 2565\n    link: https://www.example.go.th/ita\n"
                             "    remarks: [รายการ O42 ปี 2565]\n    publisher:\n      name: นายสาม สี่\n"
                             "      position: นักวิชาการคอมพิวเตอร์\n")
    assert run("rollover", example, "--to", tmp_path / "next").returncode == 0
    old, new = validate(load_folder(example)).report.publication, validate(load_folder(tmp_path / "next")).report.publication
    assert new.announcement.date == dt.date(2022, 10, 20) and new.announcement.signer == old.announcement.signer
    assert new.form.date == dt.date(2023, 1, 11) and new.form.link == old.form.link
    assert new.form.subject == "มาตรการ ประจำปี 2566" and new.form.remarks == ["รายการ O42 ปี 2566"]
    assert new.form.publisher == old.form.publisher and new.form.provider is None

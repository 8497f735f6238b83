"""Starting a report folder (init) and the next year's folder (rollover)."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLE, paragraphs, run
from ita_report import cli, scaffold
from ita_report.load import load_folder
from ita_report.validate import validate

ORG = ["--org", "องค์การบริหารส่วนตำบลบ้านใหม่", "--district", "เมือง", "--province", "ลพบุรี"]


def test_init_then_check_then_build_without_editing(tmp_path):
    folder = tmp_path / "บ้านใหม่ 2569"  # a Thai name with a space
    result = run("init", folder, *ORG, "--fiscal-year", "2569", "--writer", "นางสาวสมใจ ใจดี", "--yes")
    assert result.returncode == 0, result.stderr
    checked = run("check", folder, "--strict", "--lang", "en")  # a fresh folder is clean: notes only
    assert checked.returncode == 0 and "(0 error(s), 0 warning(s))" in checked.stdout, checked.stdout + checked.stderr
    assert "No measure has any progress yet" in checked.stderr  # one note, not one warning a measure
    built = run("build", folder, "--today", "2026-04-20")
    assert built.returncode == 0, built.stderr
    memo = " ".join(paragraphs(folder / "out" / "2569-round1-memo.docx"))
    assert "องค์การบริหารส่วนตำบลบ้านใหม่" in memo and "(นางสาวสมใจ ใจดี)" in memo
    assert "นายกองค์การบริหารส่วนตำบลบ้านใหม่" in memo  # เรียน, from the organisation's kind
    table = " ".join(paragraphs(folder / "out" / "2569-round1-table.docx"))
    assert "๔. การปรับปรุงการทำงานด้านการเปิดโอกาส" in table


def test_every_key_written_by_init_is_commented_in_thai_and_files_start_with_their_schema(tmp_path):
    assert run("init", tmp_path / "r", *ORG, "--yes").returncode == 0
    for path in [tmp_path / "r" / "report.yaml", *sorted((tmp_path / "r" / "measures").glob("*.yaml"))]:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# yaml-language-server: $schema=")
        schema = (path.parent / lines[0].split("$schema=")[1]).resolve()
        assert schema.is_file()
        for i, line in enumerate(lines):
            key = line.split(":")[0]
            if ":" in line and not line.lstrip().startswith(("#", "-")) and len(key) - len(key.lstrip()) <= 2:
                assert lines[i - 1].lstrip().startswith("#") or key.strip() in ("round1", "round2"), (path.name, line)


def test_init_derives_the_posts_of_a_municipality():
    posts = scaffold.posts("เทศบาลตำบลบ้านหมี่")
    assert posts["executive_position"] == "นายกเทศมนตรีตำบลบ้านหมี่"
    assert posts["head_position"] == "ปลัดเทศบาลตำบลบ้านหมี่" and posts["head_role"] == "ปลัดเทศบาล"
    assert scaffold.posts("องค์การบริหารส่วนตำบลนาโสม")["executive_role"] == "นายกองค์การบริหารส่วนตำบล"


def test_init_needs_the_organisation_when_it_cannot_ask(tmp_path):
    result = run("init", tmp_path / "r", "--yes")
    assert result.returncode == 2 and "--organisation" in result.stderr and "--province" in result.stderr
    assert not (tmp_path / "r").exists()


def test_init_asks_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    answers = ["เทศบาลตำบลบ้านหมี่", "บ้านหมี่", "ลพบุรี", "2570"] + [""] * 3 + ["นายหนึ่ง สอง"] + [""] * 9
    result = CliRunner().invoke(cli.app, ["init", str(tmp_path / "r"), "--lang", "th"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    report = yaml.safe_load((tmp_path / "r" / "report.yaml").read_text(encoding="utf-8"))
    assert report["organisation"]["name"] == "เทศบาลตำบลบ้านหมี่" and report["fiscal_year"] == 2570
    assert report["memo"]["writer"]["name"] == "นายหนึ่ง สอง"
    assert report["memo"]["to"] == "นายกเทศมนตรีตำบลบ้านหมี่"


def test_init_does_not_overwrite_a_report(tmp_path):
    assert run("init", tmp_path / "r", *ORG, "--yes").returncode == 0
    report = tmp_path / "r" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "# ของฉัน\n", encoding="utf-8")
    again = run("init", tmp_path / "r", *ORG, "--yes")
    assert again.returncode == 1 and "(folder-exists)" in again.stderr
    assert report.read_text(encoding="utf-8").endswith("# ของฉัน\n")


# ---------------------------------------------------------------- rollover

def test_rollover_moves_the_year_on_and_empties_the_progress(tmp_path):
    result = run("rollover", EXAMPLE, "--to", tmp_path / "2566")
    assert result.returncode == 0, result.stderr
    old, new = validate(load_folder(EXAMPLE)), validate(load_folder(tmp_path / "2566"))
    assert new.report.fiscal_year == 2566 and new.report.round is None
    assert new.report.memo.date == dt.date(2023, 4, 20) and new.report.memo.number == ""
    assert new.report.memo.reviewers == old.report.memo.reviewers and new.report.memo.writer == old.report.memo.writer
    assert new.report.organisation == old.report.organisation
    for before, after in zip(old.measures, new.measures):
        assert after.source.path.name == before.source.path.name
        assert (after.measure.title, after.measure.steps, after.measure.owners, after.measure.order) == (
            before.measure.title, before.measure.steps, before.measure.owners, before.measure.order)
        assert not after.measure.results.round1 and not after.measure.results.round2
        assert not after.measure.suggestions
    assert new.measures[0].measure.period == ["ต.ค.๒๕๖๕ - ก.ย ๒๕๖๖"]  # was ต.ค.๒๕๖๔ - ก.ย ๒๕๖๕
    built = run("build", tmp_path / "2566", "--round", "1")
    assert built.returncode == 0, built.stderr


def test_rollover_carries_the_emblem_and_own_templates(example, tmp_path):
    from conftest import png

    png(example / "garuda.png")
    (example / "templates").mkdir()
    (example / "templates" / "memo.j2").write_text((EXAMPLE.parent.parent / "templates" / "memo.j2").read_text(
        encoding="utf-8"), encoding="utf-8")
    text = (example / "report.yaml").read_text(encoding="utf-8")
    text = text.replace("  code: สป", "  emblem: garuda.png\n  code: สป").replace(
        "round: 1", "round: 1\nsettings:\n  templates: templates\n  keep_arabic: [ISO 9001]")
    (example / "report.yaml").write_text(text, encoding="utf-8")
    assert run("rollover", example, "--to", tmp_path / "next").returncode == 0
    assert (tmp_path / "next" / "garuda.png").read_bytes() == (example / "garuda.png").read_bytes()
    assert (tmp_path / "next" / "templates" / "memo.j2").is_file()
    new = validate(load_folder(tmp_path / "next"))
    assert new.report.settings.templates == "templates" and new.report.settings.keep_arabic == ["ISO 9001"]
    assert new.report.memo.emblem == "garuda.png"


@pytest.mark.filterwarnings("error")  # a warning raises, and run() lets it through
def test_rollover_keeps_steps_at_every_depth_without_a_serializer_warning(example, tmp_path):
    """A step within a step within a step: pydantic's serializer misread it and printed a raw
    "PydanticSerializationUnexpectedValue" warning to the official."""
    measure = example / "measures" / "1-service-process.yaml"
    text = measure.read_text(encoding="utf-8")
    old = "      - บอร์ดประชาสัมพันธ์หน้าหน่วยงาน\n"
    assert old in text
    measure.write_text(text.replace(old, "      - text: บอร์ดประชาสัมพันธ์หน้าหน่วยงาน\n        steps:\n"
                                         "          - text: หน้าที่ทำการ\n            steps: [ป้ายหน้าอาคาร]\n"
                                         "          - ศาลาประชาคม\n"), encoding="utf-8")
    result = run("rollover", example, "--to", tmp_path / "next")
    assert result.returncode == 0, result.stderr
    before = validate(load_folder(example)).measures[0].measure.steps
    after = validate(load_folder(tmp_path / "next")).measures[0].measure.steps
    assert after == before and after[2].steps[0].steps[0].steps == ["ป้ายหน้าอาคาร"]


def test_a_refused_rollover_says_the_new_folder_was_not_written(example, tmp_path):
    (example / "measures" / "9-broken.yaml").write_text("title: [\n", encoding="utf-8")
    result = run("rollover", example, "--to", tmp_path / "next")
    assert result.returncode == 1 and not (tmp_path / "next").exists()
    assert "ยังไม่ได้เขียนโฟลเดอร์ใหม่" in result.stderr and "ยังไม่ได้สร้างเอกสาร" not in result.stderr
    english = run("rollover", example, "--to", tmp_path / "next", "--lang", "en")
    assert "the new folder was not written" in english.stderr and "nothing was built" not in english.stderr


@pytest.mark.parametrize("text, moved", [
    ("ต.ค. ๒๕๖๔ - ก.ย. ๒๕๖๕", "ต.ค. ๒๕๖๕ - ก.ย. ๒๕๖๖"),
    ("October 2564 - 2565", "October 2565 - 2566"),
    ("ภายใน ๓๐ วัน", "ภายใน ๓๐ วัน"),  # not a year
    ("ทุกเดือน (12345 บาท)", "ทุกเดือน (12345 บาท)"),
])
def test_years_in_a_period_move_on(text, moved):
    assert scaffold.next_year_text(text) == moved


def test_a_29_february_memo_date_moves_to_28_february():
    assert scaffold.shifted_date(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_yaml_values_that_look_like_other_types_stay_text(tmp_path):
    tricky = ["yes", "2565", "- ข้อ", "a: b", "# ไม่ใช่ความเห็น", "", "'quoted'", "๑. ข้อแรก"]
    text = scaffold.measure_text({"title": "x", "steps": tricky, "owners": ["no"]}, 2565, "s.json")
    data = yaml.safe_load(text)
    assert data["steps"] == tricky and data["owners"] == ["no"]


def test_init_takes_the_word_amphoe_and_changwat_off_and_says_so(tmp_path):
    folder = tmp_path / "r"
    result = run("init", folder, "--org", "เทศบาลตำบลบ้านหมี่", "--district", "อำเภอบ้านหมี่", "--province", "จ. ลพบุรี",
                 "--fiscal-year", "2569", "--yes")
    assert result.returncode == 0, result.stderr
    assert "“อำเภอ”" in result.stderr and "“จ.”" in result.stderr
    data = yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8"))
    assert (data["organisation"]["district"], data["organisation"]["province"]) == ("บ้านหมี่", "ลพบุรี")
    assert run("build", folder, "--today", "2026-04-20").returncode == 0
    memo = " ".join(paragraphs(folder / "out" / "2569-round1-memo.docx"))
    assert "อำเภอบ้านหมี่ จังหวัดลพบุรี" in memo.replace("\u00a0", " ") and "อำเภออำเภอ" not in memo


def test_init_prompts_say_to_leave_the_word_out(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    answers = "องค์การบริหารส่วนตำบลนาโสม\nอ.ชัยบาดาล\nลพบุรี\n" + "\n" * 13  # (no publisher: its position not asked)
    result = CliRunner().invoke(cli.app, ["init", str(tmp_path / "r"), "--lang", "th"], input=answers)
    assert result.exit_code == 0, result.output
    assert "ไม่ต้องพิมพ์คำว่า อำเภอ" in result.output and "ไม่ต้องพิมพ์คำว่า จังหวัด" in result.output
    data = yaml.safe_load((tmp_path / "r" / "report.yaml").read_text(encoding="utf-8"))
    assert data["organisation"]["district"] == "ชัยบาดาล"


def test_every_hint_quotes_a_path_that_needs_it_so_pasting_it_works(tmp_path):
    import shlex
    from pathlib import Path

    from ita_report.problems import shell_path

    folder = tmp_path / "รายงาน ITA 2569"
    result = run("init", folder, *ORG, "--fiscal-year", "2569", "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    hint = next(line for line in result.stderr.splitlines() if "ita-report build" in line)
    assert shlex.split(hint.split("ita-report build", 1)[1]) == ["รายงาน ITA 2569"]  # one folder, not three
    pasted = run(*shlex.split(hint.split("ita-report ", 1)[1]), "--today", "2026-04-20", cwd=tmp_path)
    assert pasted.returncode == 0, pasted.stderr
    assert shell_path(Path("a b/c")) == '"a b/c"' and shell_path(Path("นาโสม-2565")) == "นาโสม-2565"
    assert shell_path(Path("it's $HOME")) == "'it'\\''s $HOME'"


def test_rollover_with_the_report_folder_as_its_templates_still_moves_the_year_on(example, tmp_path):
    """settings.templates: . copied the old report.yaml over the new one (the year stayed) and the
    old outputs along."""
    (example / "memo.j2").write_text((EXAMPLE.parent.parent / "templates" / "memo.j2").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (example / "out").mkdir()
    (example / "out" / "old.docx").write_bytes(b"old")
    text = (example / "report.yaml").read_text(encoding="utf-8")
    assert "\nmemo:" in text
    (example / "report.yaml").write_text(text.replace("\nmemo:", "\nsettings:\n  templates: .\nmemo:", 1), encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["rollover", str(example), "--to", str(tmp_path / "next")])
    assert result.exit_code == 0, result.output
    new = validate(load_folder(tmp_path / "next"))
    assert new.report.fiscal_year == 2566 and new.report.settings.templates == "."
    assert (tmp_path / "next" / "memo.j2").is_file() and not (tmp_path / "next" / "out").exists()

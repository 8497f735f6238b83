"""The command line: the commands, each wiring the stages. What they print and how they end is
console.py's (exit 0 done, 1 problems in the input or environment, 2 wrong command-line use); the
options several commands share, and the readers of option text, are options.py's."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from . import console, process
from . import options as arg
from .console import FILES_NOT_WRITTEN, FOLDER_NOT_WRITTEN, NOTHING_CHECKED, handled
from .problems import UserError
from .options import DocumentOption, LangOption, NoOwnTemplatesOption, ReportTimeoutOption

HELP_HELP = "แสดงวิธีใช้นี้ / show this help and exit"


class _BilingualHelp:
    """--help says what it does in Thai and English, as every other option does."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_HELP
        return option


class _Command(_BilingualHelp, typer.core.TyperCommand):
    pass


class _Group(_BilingualHelp, typer.core.TyperGroup):
    pass


app = typer.Typer(
    cls=_Group, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    help="ita-report: รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA) และบันทึกข้อความนำส่ง "
         "จากไฟล์ YAML เป็นเอกสาร Word / Thai ITA measure reports and their cover memo, from YAML",
)

def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"ita-report {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="รุ่นของโปรแกรม / show the version and exit")) -> None:
    """ita-report: รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA) และบันทึกข้อความนำส่ง
    จากไฟล์ YAML เป็นเอกสาร Word / the Thai ITA measure report and its cover memo, from YAML."""


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command(cls=_Command)
@handled()
def build(
    report_dirs: list[Path] = typer.Argument(..., metavar="REPORT_DIR", help="โฟลเดอร์รายงาน (มี report.yaml และ measures/) หนึ่งหรือหลายโฟลเดอร์ "
                                                       "หรือโฟลเดอร์ที่รวมโฟลเดอร์รายงานไว้ / report folders (report.yaml and measures/), or a folder of them"),
    round_: Optional[str] = typer.Option(None, "--round", "-r", callback=arg.round_choice,
                                         help="รอบรายงาน: 1 = รอบ ๖ เดือน, 2 = รอบ ๑๒ เดือน, auto = ตามวันที่ "
                                              "(ค่าเริ่มต้น: ตาม report.yaml ถ้าไม่ระบุไว้ใช้ auto) / 1 = 6-month, 2 = 12-month, auto = by the "
                                              "date (default: report.yaml's round, else auto)"),
    today: Optional[str] = typer.Option(None, "--today", help="วันที่ที่ใช้เลือกรอบแบบ auto เช่น 2026-04-01 (สำหรับสคริปต์) / the day --round auto goes by"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น REPORT_DIR/out; "
                                                                 "หลายรายงาน: OUT/ชื่อโฟลเดอร์) / output folder (default REPORT_DIR/out; "
                                                                 "several reports: OUT/folder name)"),
    formats: str = typer.Option("docx", "--format", "-f", help="docx, html, pdf หรือ all คั่นด้วยจุลภาค เช่น docx,html,pdf / formats, separated by commas"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="จำนวนรายงานที่สร้างพร้อมกัน (ค่าเริ่มต้น: จำนวน CPU) / reports built at once (default: the CPUs)"),
    watch: bool = typer.Option(False, "--watch", "-w", help="สร้างใหม่ทุกครั้งที่ไฟล์ YAML หรือแม่แบบเปลี่ยน (กด Ctrl+C เพื่อหยุด) / rebuild on every change (Ctrl+C stops)"),
    soffice: Optional[str] = typer.Option(None, "--soffice", help="ที่อยู่ของโปรแกรม soffice (LibreOffice) สำหรับ PDF / the soffice program that makes the PDF"),
    pdf_timeout: float = typer.Option(180.0, "--pdf-timeout", min=1, help="เวลาสูงสุด (วินาที) ของ LibreOffice ต่อครั้ง / seconds LibreOffice may take a run"),
    report_timeout: float = ReportTimeoutOption,
    names: str = typer.Option("ascii", "--names", help="ชื่อไฟล์ผลลัพธ์: ascii (2565-round1-memo.docx) หรือ thai "
                                                        "(บันทึกข้อความ ITA 2565 รอบ 6 เดือน.docx) / output file names: ascii or thai"),
    no_own_templates: bool = NoOwnTemplatesOption,
    document: Optional[str] = DocumentOption,
    lang: Optional[str] = LangOption,
) -> None:
    """สร้างบันทึกข้อความและตารางรายงานผล หรือเอกสารวิเคราะห์ผลการประเมิน (.docx, .html, .pdf) / build the cover memo and the measure table, or the analysis."""
    from .batch import output_folders
    from .load import report_folders
    from .pipeline import Options
    language = console.language(lang)
    if names not in ("ascii", "thai"):
        raise typer.BadParameter("ใช้ ascii หรือ thai / use ascii or thai", param_hint="--names")
    options = Options(arg.round_of(round_), tuple(arg.formats(formats)), soffice,
                      pdf_timeout, arg.today(today), names, report_timeout=report_timeout,
                      own_templates=not no_own_templates, documents=arg.documents(document))
    folders = report_folders(report_dirs)
    outs = output_folders(folders, out)
    if watch:
        from .watch import watch as watch_folders

        if len(folders) != 1:
            raise typer.BadParameter("--watch ใช้กับรายงานเดียว / --watch takes one report folder")
        from .render.pdf import kept_warm

        with kept_warm():  # one LibreOffice stays running between rebuilds
            watch_folders(folders[0], lambda: _build_and_show(folders, outs, options, 1, language, raise_=False),
                          lambda text: console.echo(text, err=True), language)
        return
    _build_and_show(folders, outs, options, jobs, language)


def _build_and_show(folders, outs, options, jobs, language: str, raise_: bool = True) -> bool:
    from .batch import build_many

    single = len(folders) == 1
    outcomes = build_many(folders, outs, options, jobs, None if single else console.progress(language))
    if single:
        outcome = outcomes[0]
        if outcome.failed:
            console.wrote(outcome.written, language)
            if raise_:
                console.fail(UserError(outcome.problems, outcome.written), language)
            console.report(outcome.problems, language)
            return False
        console.report(outcome.problems, language)
        console.wrote(outcome.written, language)
        return True
    failed = [o for o in outcomes if o.failed]
    console.summary(outcomes, failed, language)
    if failed and raise_:
        raise typer.Exit(1)
    return not failed


@app.command(cls=_Command)
@handled(NOTHING_CHECKED)
def check(
    report_dirs: list[Path] = typer.Argument(..., metavar="REPORT_DIR", help="โฟลเดอร์รายงาน / report folders"),
    round_: Optional[str] = typer.Option(None, "--round", "-r", callback=arg.round_choice, help="รอบรายงาน 1, 2 หรือ auto / the round: 1, 2 or auto"),
    today: Optional[str] = typer.Option(None, "--today", help="วันที่ที่ใช้เลือกรอบแบบ auto เช่น 2026-04-01 / the day --round auto goes by"),
    strict: bool = typer.Option(False, "--strict", help="ถือว่าคำเตือนเป็นข้อผิดพลาด / warnings fail too"),
    format_: str = typer.Option("text", "--format", "-f", help="text, json หรือ github (คำอธิบายประกอบใน GitHub Actions) / text, json or github (annotations)"),
    no_own_templates: bool = NoOwnTemplatesOption,
    document: Optional[str] = DocumentOption,
    report_timeout: float = ReportTimeoutOption,
    lang: Optional[str] = LangOption,
) -> None:
    """ตรวจไฟล์ YAML โดยไม่สร้างเอกสาร / validate the report folders without building."""
    import json

    from .batch import check_one
    from .load import report_folders
    from .pipeline import Options
    from .problems import display_path, one_line

    if format_ not in ("text", "json", "github"):
        raise typer.BadParameter("ใช้ text, json หรือ github / use text, json or github", param_hint="--format")
    language = console.language(lang)
    options = Options(arg.round_of(round_), today=arg.today(today),
                      report_timeout=report_timeout, own_templates=not no_own_templates,
                      documents=arg.documents(document))
    found, failed = [], False
    for folder in report_folders(report_dirs):
        outcome = check_one(folder, options)
        problems = outcome.problems
        bad = outcome.failed or (strict and any(p.severity != "note" for p in problems))
        failed |= bad
        found += problems
        if format_ == "text":
            console.report(problems, language)
            errors = sum(p.severity == "error" for p in problems)
            warnings = sum(p.severity == "warning" for p in problems)
            if language == "en":
                console.echo(f"{one_line(display_path(folder))}: {'FAILED' if bad else 'OK'} ({errors} error(s), {warnings} warning(s))")
            else:
                console.echo(f"{one_line(display_path(folder))}: {'มีข้อผิดพลาด' if bad else 'ใช้ได้'} "
                      f"(ข้อผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ)")
    if format_ == "json":
        console.echo(json.dumps([p.as_dict(language) for p in found], ensure_ascii=False, indent=1))
    elif format_ == "github":
        for problem in found:
            console.echo(problem.github(language), command=True)
    if failed:
        raise typer.Exit(1)


@app.command(cls=_Command)
@handled(FOLDER_NOT_WRITTEN)
def init(
    report_dir: Path = typer.Argument(..., metavar="REPORT_DIR", help="โฟลเดอร์รายงานใหม่ / the new report folder"),
    organisation: Optional[str] = typer.Option(None, "--organisation", "--org", help="ชื่อเต็มของหน่วยงาน ไม่ใช้ชื่อย่อ / the organisation's full name, not abbreviated"),
    short_name: Optional[str] = typer.Option(None, "--short-name", help="ชื่อย่อ เช่น อบต.นาโสม / the short name"),
    district: Optional[str] = typer.Option(None, "--district", help="ชื่ออำเภอ ไม่ต้องพิมพ์คำว่า อำเภอ เช่น บ้านหมี่ / the district, without the word อำเภอ"),
    province: Optional[str] = typer.Option(None, "--province", help="ชื่อจังหวัด ไม่ต้องพิมพ์คำว่า จังหวัด เช่น ลพบุรี / the province, without the word จังหวัด"),
    fiscal_year: Optional[int] = typer.Option(None, "--fiscal-year", help="ปีงบประมาณ พ.ศ. (ค่าเริ่มต้น: ปีปัจจุบัน) / fiscal year, BE (default: the current one)"),
    department: Optional[str] = typer.Option(None, "--department", help="ส่วนราชการที่ออกบันทึก / the memo's department"),
    code: Optional[str] = typer.Option(None, "--code", help="รหัสหนังสือ เช่น สป / the memo's letter code"),
    to: Optional[str] = typer.Option(None, "--to", help="เรียน (ค่าเริ่มต้น: นายก...) / the memo's addressee (default: the executive)"),
    writer: Optional[str] = typer.Option(None, "--writer", help="ชื่อผู้จัดทำ / the writer's name"),
    writer_position: Optional[str] = typer.Option(None, "--writer-position", help="ตำแหน่งผู้จัดทำ / the writer's position"),
    head: Optional[str] = typer.Option(None, "--head", help="ชื่อปลัด / the chief administrator's name"),
    head_position: Optional[str] = typer.Option(None, "--head-position", help="ตำแหน่งปลัด / the chief administrator's position"),
    executive: Optional[str] = typer.Option(None, "--executive", help="ชื่อผู้บริหาร (นายก) / the executive's name"),
    executive_position: Optional[str] = typer.Option(None, "--executive-position", help="ตำแหน่งผู้บริหาร / the executive's position"),
    publisher: Optional[str] = typer.Option(None, "--publisher", help="ชื่อผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่ทางเว็บไซต์ "
                                                                    "(ให้ไว้: report.yaml มี publication: แบบฟอร์มขอเผยแพร่) / "
                                                                    "who puts the documents on the website (adds publication:)"),
    publisher_position: Optional[str] = typer.Option(None, "--publisher-position",
                                                     help="ตำแหน่งผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่ / the publisher's position"),
    yes: bool = typer.Option(False, "--yes", "-y", help="ไม่ถาม ใช้ค่าเริ่มต้นกับสิ่งที่ไม่ได้ระบุ / ask nothing: defaults for what is not given"),
    force: bool = typer.Option(False, "--force", help="เขียนทับ report.yaml ที่มีอยู่ / overwrite an existing report.yaml"),
    lang: Optional[str] = LangOption,
) -> None:
    """เริ่มโฟลเดอร์รายงานใหม่ พร้อมมาตรการตั้งต้น / start a new report folder with the default measures."""
    import datetime as dt

    from . import thai
    from .problems import display_path, shell_path
    from .scaffold import PLACE_QUESTIONS, folder_files, init_questions, new_report, write_folder

    language = console.language(lang)
    ask = _interactive() and not yes
    place = {"organisation": organisation, "district": district, "province": province}
    for key, question in PLACE_QUESTIONS:
        if not place[key] and ask:
            place[key] = typer.prompt(question).strip()
    missing = [f"--{k}" for k, v in place.items() if not v]
    if missing:
        raise typer.BadParameter(f"ต้องระบุ {', '.join(missing)} / give {', '.join(missing)}")
    answers = {key: value for key, value in place.items() if value}  # all three, after the check
    for key, words in (("district", thai.DISTRICT_WORDS), ("province", thai.PROVINCE_WORDS)):
        name, word = thai.without_place_word(answers[key], words)
        if word:
            console.echo(f"ตัดคำว่า “{word}” ออก เหลือ “{name}” (เอกสารพิมพ์คำนี้ให้เอง)" if language == "th" else
                  f"Took '{word}' off: '{name}' (the documents print the word themselves).", err=True)
            answers[key] = name
    given: dict[str, str | int | None] = {
        "fiscal_year": fiscal_year, "department": department, "code": code, "to": to, "writer": writer,
        "writer_position": writer_position, "head": head, "head_position": head_position,
        "executive": executive, "executive_position": executive_position, "publisher": publisher,
        "publisher_position": publisher_position}
    for key, question, default in init_questions(answers["organisation"], dt.date.today()):
        value = given.get(key)
        if key == "publisher_position" and not answers.get("publisher"):
            value = value or default  # no publisher, no form: nothing to ask
        if value is None and ask:
            value = typer.prompt(question, default=default)
        answers[key] = default if value is None else str(value)
    if short_name:
        answers["short_name"] = short_name
    written, _ = write_folder(report_dir, folder_files(*new_report(answers)), force)
    console.wrote(written, language)
    blank = "." * 10
    if any(blank in str(v) for v in answers.values()):
        console.echo("ชื่อผู้ลงนามที่ไม่ได้ระบุเว้นเป็นจุดไว้เขียนด้วยมือ แก้ได้ใน report.yaml" if language == "th" else
              "Signers' names not given are left as dotted blanks to write by hand; edit report.yaml.", err=True)
    console.echo((f"ต่อไป: แก้ไขไฟล์ใน {display_path(report_dir)} แล้วสั่ง ita-report build {shell_path(report_dir)}")
          if language == "th" else f"Next: edit the files in {display_path(report_dir)}, then run "
          f"ita-report build {shell_path(report_dir)}", err=True)


@app.command(cls=_Command)
@handled(FOLDER_NOT_WRITTEN)
def rollover(
    report_dir: Path = typer.Argument(..., metavar="REPORT_DIR", help="โฟลเดอร์รายงานของปีนี้ / this year's report folder"),
    to: Path = typer.Option(..., "--to", help="โฟลเดอร์ของปีงบประมาณถัดไป / the next fiscal year's folder"),
    force: bool = typer.Option(False, "--force", help="เขียนทับ report.yaml ที่มีอยู่ / overwrite an existing report.yaml"),
    lang: Optional[str] = LangOption,
) -> None:
    """ตั้งโฟลเดอร์ปีงบประมาณถัดไปจากปีนี้: มาตรการและผู้ลงนามเดิม ล้างผลการดำเนินงาน / next year's folder."""
    from .load import load_folder
    from .scaffold import folder_files, rolled_over, write_folder
    from .validate import validate

    language = console.language(lang)
    data, measures, extra = rolled_over(validate(load_folder(report_dir)))
    files = {**extra, **folder_files(data, measures)}  # a copied file never replaces a new one
    written, _ = write_folder(to, files, force)
    console.wrote(written, language)


@app.command("import", cls=_Command)
@handled(FOLDER_NOT_WRITTEN)
def import_(
    word_file: Path = typer.Argument(..., metavar="WORD_FILE", help="ไฟล์รายงานเดิม (.docx) / the existing report (.docx)"),
    out: Path = typer.Option(..., "--out", "-o", help="โฟลเดอร์รายงานที่จะสร้าง / the report folder to write"),
    fiscal_year: Optional[int] = typer.Option(None, "--fiscal-year", help="ปีงบประมาณ พ.ศ. (ใช้เมื่อในไฟล์ไม่มี ถ้ามีแต่ไม่ตรง ใช้ค่าที่สั่งและแจ้งเตือน) / fiscal year, BE (when the file does not say; over what it says, with a warning)"),
    round_: Optional[int] = typer.Option(None, "--round", "-r", min=1, max=2, help="รอบของรายงานเดิม (ใช้เมื่อในไฟล์ไม่บอก ถ้าบอกแต่ไม่ตรง ใช้ค่าที่สั่งและแจ้งเตือน) / the report's round (when the file does not say; over what it says, with a warning)"),
    force: bool = typer.Option(False, "--force", help="เขียนทับ report.yaml ที่มีอยู่ / overwrite an existing report.yaml"),
    lang: Optional[str] = LangOption,
) -> None:
    """นำเข้ารายงานเดิมจากไฟล์ Word เป็นไฟล์ YAML / import an existing Word report into a report folder."""
    from .importer import read_docx
    from .problems import shell_path
    from .scaffold import folder_files, write_folder

    language = console.language(lang)
    imported = read_docx(word_file, fiscal_year, round_, out)
    files = {**imported.files, **folder_files(imported.report, imported.measures)}  # the Garuda's picture too
    written, problems = write_folder(out, files, force, require_valid=False)
    console.report(imported.problems + problems, language)
    console.wrote(written, language)
    if any(p.severity == "error" for p in problems):
        console.echo(f"นำเข้าแล้ว แต่ต้องกรอกสิ่งที่แจ้งข้างบนก่อน แล้วสั่ง ita-report check {shell_path(out)}" if language == "th"
              else f"Imported, but fill in what is listed above, then run ita-report check {shell_path(out)}",
              err=True)
        raise typer.Exit(1)


@app.command(cls=_Command)
@handled(FILES_NOT_WRITTEN)
def schema(
    which: Optional[str] = typer.Argument(None, metavar="WHICH", help="report, measure หรือ ita-results (ไม่ระบุ = ทั้งหมด) / report, measure or ita-results (none: all)"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="เขียนไฟล์ *.schema.json ลงโฟลเดอร์นี้ / write the *.schema.json files into this folder"),
    lang: Optional[str] = LangOption,
) -> None:
    """JSON Schema สำหรับโปรแกรมแก้ไขข้อความ (VS Code) / JSON Schemas for editors."""
    from .schema import schema_texts
    from .write import write_files

    texts = schema_texts()
    if which is not None:
        name = f"{which}.schema.json"
        if name not in texts:
            raise typer.BadParameter("ใช้ report, measure หรือ ita-results / use report, measure or ita-results")
        texts = {name: texts[name]}
    if out is None:
        for text in texts.values():
            console.echo(text.rstrip("\n"))
        return
    written = write_files(out, {name: text.encode("utf-8") for name, text in texts.items()})
    console.wrote(written, console.language(lang))


def main() -> None:
    # pydantic looks for plugins among every installed package's entry points at its first model
    # (about 17 ms); this command uses none
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    process.quiet_collector()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app(prog_name="ita-report")


if __name__ == "__main__":
    main()

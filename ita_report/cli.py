"""The command line: wires the stages and is the one place that prints problems and sets exit codes
(0 done, 1 problems in the input or environment, 2 wrong command-line use)."""
from __future__ import annotations

import locale
import os
import sys
from pathlib import Path
from typing import Optional

import typer

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


LangOption = typer.Option(None, "--lang", help="ภาษาของข้อความแจ้ง: th หรือ en (ค่าเริ่มต้นตาม locale) / language of the messages: th or en (default: the locale)")
NoOwnTemplatesOption = typer.Option(
    False, "--no-own-templates", help="ใช้เฉพาะแม่แบบที่มากับโปรแกรม ไม่ใช้แม่แบบในโฟลเดอร์รายงาน (settings.templates) "
                                      "สำหรับ CI ที่สร้างรายงานจากโฟลเดอร์ของผู้อื่น / build with the shipped templates only")
ReportTimeoutOption = typer.Option(300.0, "--report-timeout", min=1,
                                   help="เวลาสูงสุด (วินาที) ของรายงานหนึ่งรายงาน ไม่รวม PDF: เกินแล้วหยุดรายงานนั้น "
                                        "รายงานอื่นทำต่อ / seconds one report may take, short of its PDF")


def _can_show_thai() -> bool:
    try:
        "ก".encode(sys.stderr.encoding or "ascii")
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def _language(asked: str | None) -> str:
    """--lang, else English where the console cannot show Thai or the locale is English, else Thai.
    The C (POSIX) locale declares a console of ASCII: English, although Python then writes UTF-8
    (its UTF-8 mode, PEP 540, turns on by itself in that locale); C.UTF-8 declares no language."""
    if asked in ("th", "en"):
        return asked
    if not _can_show_thai():
        return "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            language, _, codeset = value.lower().partition(".")
            plain_c = language in ("c", "posix") and codeset.split("@")[0].replace("-", "") != "utf8"
            return "en" if language.startswith("en") or plain_c else "th"
    current = (locale.getlocale()[0] or "").lower()
    return "en" if current.startswith("en") else "th"


def _echo(text: str, err: bool = False, command: bool = False) -> None:
    """Prints a line. Only `command` lines (GitHub annotations) may start with "::": any other line
    that would (text from a report folder) is shown after "| ", so a CI never reads it as a command."""
    stream = sys.stderr if err else sys.stdout
    if not command:
        text = "\n".join(f"| {line}" if line.lstrip().startswith("::") else line for line in text.split("\n"))
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        stream.write(text.encode(stream.encoding or "ascii", "backslashreplace").decode(stream.encoding or "ascii") + "\n")
    stream.flush()


def _report(problems, lang: str) -> None:
    for problem in problems:
        _echo(problem.format(lang), err=True)


NOTHING_BUILT = ("ยังไม่ได้สร้างเอกสาร", "nothing was built")
FOLDER_NOT_WRITTEN = ("ยังไม่ได้เขียนโฟลเดอร์ใหม่", "the new folder was not written")
FILES_NOT_WRITTEN = ("ยังไม่ได้เขียนไฟล์", "no file was written")


def _fail(exc, lang: str, nothing: tuple[str, str] = NOTHING_BUILT) -> None:
    """Every problem, then one line of what it cost: `nothing` says what was not done (a document
    for build, the new folder for init, rollover and import)."""
    _report(exc.problems, lang)
    errors = sum(p.severity == "error" for p in exc.problems)
    if exc.written:
        _echo(f"พบข้อผิดพลาด {errors} รายการ สร้างได้เฉพาะไฟล์ที่แสดงข้างบน" if lang == "th" else
              f"{errors} error(s): only the files listed above were built.", err=True)
    else:
        _echo(f"พบข้อผิดพลาด {errors} รายการ {nothing[0]}" if lang == "th" else
              f"{errors} error(s): {nothing[1]}.", err=True)
    raise typer.Exit(1)


def _formats(value: str) -> list[str]:
    from .pipeline import FORMATS

    asked = [f.strip().lower() for f in value.split(",") if f.strip()]
    asked = list(FORMATS) if asked == ["all"] else asked
    unknown = [f for f in asked if f not in FORMATS]
    if unknown or not asked:
        raise typer.BadParameter(f"ใช้ {', '.join(FORMATS)} คั่นด้วยจุลภาค เช่น docx,pdf / "
                                 f"use {', '.join(FORMATS)} separated by commas, e.g. docx,pdf")
    return asked


def _documents(value: Optional[str]) -> Optional[tuple[str, ...]]:
    """--document: names from the table of documents (documents.DOCUMENTS), or all of them."""
    if value is None:
        return None
    from .documents import NAMES

    asked = [d.strip().lower() for d in value.split(",") if d.strip()]
    asked = list(NAMES) if asked == ["all"] else asked
    unknown = [d for d in asked if d not in NAMES]
    if unknown or not asked:
        raise typer.BadParameter(f"ใช้ {', '.join(NAMES)} หรือ all คั่นด้วยจุลภาค / use {', '.join(NAMES)} or all, "
                                 "separated by commas", param_hint="--document")
    return tuple(asked)


def _documents_help() -> str:
    from .documents import DOCUMENTS

    kinds = ", ".join(f"{kind.name} ({kind.th})" for kind in DOCUMENTS)
    default = ", ".join(kind.name for kind in DOCUMENTS if kind.default)
    return (f"เอกสารที่จะสร้าง: {kinds} หรือ all คั่นด้วยจุลภาค (ค่าเริ่มต้น: {default}) "
            "แบบฟอร์มขอเผยแพร่สร้างพร้อมกันเมื่อ report.yaml มี publication.form / the documents to build, "
            f"separated by commas, or all (default: {default}); the publication form comes with them when "
            "report.yaml has publication.form")


DocumentOption = typer.Option(None, "--document", "-d", help=_documents_help())


def _round_choice(value: Optional[str]) -> Optional[str]:
    if value is not None and value not in ("1", "2", "auto"):
        raise typer.BadParameter("รอบต้องเป็น 1 (รอบ ๖ เดือน), 2 (รอบ ๑๒ เดือน) หรือ auto / round must be 1, 2 or auto")
    return value


def _today(value: Optional[str]):
    if value is None:
        return None
    from .thai import DateFormatError, parse_date

    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise typer.BadParameter(f"{exc} / {exc.en}", param_hint="--today") from None


@app.command(cls=_Command)
def build(
    report_dirs: list[Path] = typer.Argument(..., help="โฟลเดอร์รายงาน (มี report.yaml และ measures/) หนึ่งหรือหลายโฟลเดอร์ "
                                                       "หรือโฟลเดอร์ที่รวมโฟลเดอร์รายงานไว้ / report folders (report.yaml and measures/), or a folder of them"),
    round_: Optional[str] = typer.Option(None, "--round", "-r", callback=_round_choice,
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
    from .problems import UserError

    language = _language(lang)
    if names not in ("ascii", "thai"):
        raise typer.BadParameter("ใช้ ascii หรือ thai / use ascii or thai", param_hint="--names")
    options = Options(int(round_) if round_ in ("1", "2") else round_, tuple(_formats(formats)), soffice,
                      pdf_timeout, _today(today), names, report_timeout=report_timeout,
                      own_templates=not no_own_templates, documents=_documents(document))
    folders = report_folders(report_dirs)
    try:
        outs = output_folders(folders, out)
    except UserError as exc:
        _fail(exc, language)
    if watch:
        from .watch import watch as watch_folders

        if len(folders) != 1:
            raise typer.BadParameter("--watch ใช้กับรายงานเดียว / --watch takes one report folder")
        from .render.pdf import kept_warm

        with kept_warm():  # one LibreOffice stays running between rebuilds
            watch_folders(folders[0], lambda: _build_and_show(folders, outs, options, 1, language, raise_=False),
                          lambda text: _echo(text, err=True), language)
        return
    _build_and_show(folders, outs, options, jobs, language)


def _build_and_show(folders, outs, options, jobs, language: str, raise_: bool = True) -> bool:
    from .batch import build_many

    single = len(folders) == 1
    outcomes = build_many(folders, outs, options, jobs, None if single else _progress(language))
    if single:
        outcome = outcomes[0]
        if outcome.failed:
            from .problems import UserError

            _wrote(outcome.written, language)
            if raise_:
                _fail(UserError(outcome.problems, outcome.written), language)
            _report(outcome.problems, language)
            return False
        _report(outcome.problems, language)
        _wrote(outcome.written, language)
        return True
    failed = [o for o in outcomes if o.failed]
    _summary(outcomes, failed, language)
    if failed and raise_:
        raise typer.Exit(1)
    return not failed


def _progress(language: str):
    """A bar redrawn in place on a terminal; one plain line per report in a log (CI)."""
    from .problems import display_path, one_line

    bar = sys.stderr.isatty()

    def show(done: int, total: int, outcome) -> None:
        status = (("ล้มเหลว", "FAILED") if outcome.failed else ("เสร็จ", "ok"))[language == "en"]
        if bar:
            filled = done * 30 // total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        else:
            _echo(f"[{done}/{total}] {status} {one_line(display_path(outcome.folder))}", err=True)
    return show


def _summary(outcomes, failed, language: str) -> None:
    from .problems import display_path, one_line

    warnings = sum(o.warnings for o in outcomes if not o.failed)
    for outcome in failed:
        _echo(f"{one_line(display_path(outcome.folder))}:", err=True)
        _report(outcome.errors or outcome.problems, language)
    built = len(outcomes) - len(failed)
    if language == "en":
        _echo(f"built {built} of {len(outcomes)} report(s); {len(failed)} failed; {warnings} warning(s) "
              "(ita-report check shows them)", err=True)
    else:
        _echo(f"สร้างสำเร็จ {built} จาก {len(outcomes)} รายงาน ล้มเหลว {len(failed)} รายงาน คำเตือน {warnings} รายการ "
              "(ดูได้ด้วย ita-report check)", err=True)
    if failed:
        _echo(("รายงานที่ล้มเหลว: " if language == "th" else "failed: ")
              + ", ".join(one_line(display_path(o.folder)) for o in failed), err=True)


def _wrote(paths, language: str) -> None:
    from .problems import display_path, one_line

    for path in paths:
        _echo(f"{'เขียน' if language == 'th' else 'wrote'} {one_line(display_path(path))}")


@app.command(cls=_Command)
def check(
    report_dirs: list[Path] = typer.Argument(..., help="โฟลเดอร์รายงาน / report folders"),
    round_: Optional[str] = typer.Option(None, "--round", "-r", callback=_round_choice, help="รอบรายงาน 1, 2 หรือ auto / the round: 1, 2 or auto"),
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
    language = _language(lang)
    options = Options(int(round_) if round_ in ("1", "2") else round_, today=_today(today),
                      report_timeout=report_timeout, own_templates=not no_own_templates,
                      documents=_documents(document))
    found, failed = [], False
    for folder in report_folders(report_dirs):
        outcome = check_one(folder, options)
        problems = outcome.problems
        bad = outcome.failed or (strict and any(p.severity != "note" for p in problems))
        failed |= bad
        found += problems
        if format_ == "text":
            _report(problems, language)
            errors = sum(p.severity == "error" for p in problems)
            warnings = sum(p.severity == "warning" for p in problems)
            if language == "en":
                _echo(f"{one_line(display_path(folder))}: {'FAILED' if bad else 'OK'} ({errors} error(s), {warnings} warning(s))")
            else:
                _echo(f"{one_line(display_path(folder))}: {'มีข้อผิดพลาด' if bad else 'ใช้ได้'} "
                      f"(ข้อผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ)")
    if format_ == "json":
        _echo(json.dumps([p.as_dict(language) for p in found], ensure_ascii=False, indent=1))
    elif format_ == "github":
        for problem in found:
            _echo(problem.github(language), command=True)
    if failed:
        raise typer.Exit(1)


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command(cls=_Command)
def init(
    report_dir: Path = typer.Argument(..., help="โฟลเดอร์รายงานใหม่ / the new report folder"),
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
    from .problems import UserError, display_path, shell_path
    from .scaffold import folder_files, init_questions, new_report, write_folder

    language = _language(lang)
    ask = _interactive() and not yes
    answers = {"organisation": organisation, "district": district, "province": province}
    for key, question in (("organisation", "ชื่อเต็มของหน่วยงาน (เช่น องค์การบริหารส่วนตำบลนาโสม ไม่ใช้ชื่อย่อ อบต.)"),
                          ("district", "ชื่ออำเภอ ไม่ต้องพิมพ์คำว่า อำเภอ (เช่น บ้านหมี่)"),
                          ("province", "ชื่อจังหวัด ไม่ต้องพิมพ์คำว่า จังหวัด (เช่น ลพบุรี)")):
        if not answers[key] and ask:
            answers[key] = typer.prompt(question).strip()
    missing = [f"--{k}" for k, v in answers.items() if not v]
    if missing:
        raise typer.BadParameter(f"ต้องระบุ {', '.join(missing)} / give {', '.join(missing)}")
    for key, words in (("district", thai.DISTRICT_WORDS), ("province", thai.PROVINCE_WORDS)):
        name, word = thai.without_place_word(answers[key], words)
        if word:
            _echo(f"ตัดคำว่า “{word}” ออก เหลือ “{name}” (เอกสารพิมพ์คำนี้ให้เอง)" if language == "th" else
                  f"Took '{word}' off: '{name}' (the documents print the word themselves).", err=True)
            answers[key] = name
    given = {"fiscal_year": fiscal_year, "department": department, "code": code, "to": to, "writer": writer,
             "writer_position": writer_position, "head": head, "head_position": head_position,
             "executive": executive, "executive_position": executive_position, "publisher": publisher,
             "publisher_position": publisher_position}
    for key, question, default in init_questions(answers["organisation"], dt.date.today()):
        value = given.get(key)
        if key == "publisher_position" and not answers.get("publisher"):
            value = value or default  # no publisher, no form: nothing to ask
        if value is None and ask:
            value = typer.prompt(question, default=default)
        answers[key] = default if value is None else value
    answers["short_name"] = short_name
    try:
        written, _ = write_folder(report_dir, folder_files(*new_report(answers)), force)
    except UserError as exc:
        _fail(exc, language, FOLDER_NOT_WRITTEN)
    _wrote(written, language)
    blank = "." * 10
    if any(blank in str(v) for v in answers.values()):
        _echo("ชื่อผู้ลงนามที่ไม่ได้ระบุเว้นเป็นจุดไว้เขียนด้วยมือ แก้ได้ใน report.yaml" if language == "th" else
              "Signers' names not given are left as dotted blanks to write by hand; edit report.yaml.", err=True)
    _echo((f"ต่อไป: แก้ไขไฟล์ใน {display_path(report_dir)} แล้วสั่ง ita-report build {shell_path(report_dir)}")
          if language == "th" else f"Next: edit the files in {display_path(report_dir)}, then run "
          f"ita-report build {shell_path(report_dir)}", err=True)


@app.command(cls=_Command)
def rollover(
    report_dir: Path = typer.Argument(..., help="โฟลเดอร์รายงานของปีนี้ / this year's report folder"),
    to: Path = typer.Option(..., "--to", help="โฟลเดอร์ของปีงบประมาณถัดไป / the next fiscal year's folder"),
    force: bool = typer.Option(False, "--force", help="เขียนทับ report.yaml ที่มีอยู่ / overwrite an existing report.yaml"),
    lang: Optional[str] = LangOption,
) -> None:
    """ตั้งโฟลเดอร์ปีงบประมาณถัดไปจากปีนี้: มาตรการและผู้ลงนามเดิม ล้างผลการดำเนินงาน / next year's folder."""
    from .load import load_folder
    from .problems import UserError
    from .scaffold import folder_files, rolled_over, write_folder
    from .validate import validate

    language = _language(lang)
    try:
        data, measures, extra = rolled_over(validate(load_folder(report_dir)))
        files = {**extra, **folder_files(data, measures)}  # a copied file never replaces a new one
        written, _ = write_folder(to, files, force)
    except UserError as exc:
        _fail(exc, language, FOLDER_NOT_WRITTEN)
    _wrote(written, language)


@app.command("import", cls=_Command)
def import_(
    word_file: Path = typer.Argument(..., help="ไฟล์รายงานเดิม (.docx) / the existing report (.docx)"),
    out: Path = typer.Option(..., "--out", "-o", help="โฟลเดอร์รายงานที่จะสร้าง / the report folder to write"),
    fiscal_year: Optional[int] = typer.Option(None, "--fiscal-year", help="ปีงบประมาณ พ.ศ. (ถ้าในไฟล์ไม่มี) / fiscal year, BE (if the file does not say)"),
    round_: Optional[int] = typer.Option(None, "--round", "-r", min=1, max=2, help="รอบของรายงานเดิม (ถ้าในไฟล์ไม่บอก) / the report's round (if the file does not say)"),
    force: bool = typer.Option(False, "--force", help="เขียนทับ report.yaml ที่มีอยู่ / overwrite an existing report.yaml"),
    lang: Optional[str] = LangOption,
) -> None:
    """นำเข้ารายงานเดิมจากไฟล์ Word เป็นไฟล์ YAML / import an existing Word report into a report folder."""
    from .importer import read_docx
    from .problems import UserError, shell_path
    from .scaffold import folder_files, write_folder

    language = _language(lang)
    try:
        imported = read_docx(word_file, fiscal_year, round_)
        written, problems = write_folder(out, folder_files(imported.report, imported.measures), force,
                                         require_valid=False)
    except UserError as exc:
        _fail(exc, language, FOLDER_NOT_WRITTEN)
    _report(imported.problems + problems, language)
    _wrote(written, language)
    if any(p.severity == "error" for p in problems):
        _echo(f"นำเข้าแล้ว แต่ต้องกรอกสิ่งที่แจ้งข้างบนก่อน แล้วสั่ง ita-report check {shell_path(out)}" if language == "th"
              else f"Imported, but fill in what is listed above, then run ita-report check {shell_path(out)}",
              err=True)
        raise typer.Exit(1)


@app.command(cls=_Command)
def schema(
    which: Optional[str] = typer.Argument(None, help="report, measure หรือ ita-results (ไม่ระบุ = ทั้งหมด) / report, measure or ita-results (none: all)"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="เขียนไฟล์ *.schema.json ลงโฟลเดอร์นี้ / write the *.schema.json files into this folder"),
    lang: Optional[str] = LangOption,
) -> None:
    """JSON Schema สำหรับโปรแกรมแก้ไขข้อความ (VS Code) / JSON Schemas for editors."""
    from .problems import UserError
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
            _echo(text.rstrip("\n"))
        return
    try:
        written = write_files(out, {name: text.encode("utf-8") for name, text in texts.items()})
    except UserError as exc:
        _fail(exc, _language(lang), FILES_NOT_WRITTEN)
    _wrote(written, _language(lang))


def main() -> None:
    import gc

    # pydantic looks for plugins among every installed package's entry points at its first model
    # (about 17 ms); this command uses none
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    # A command lives for seconds and makes few reference cycles: collecting them while a large
    # report's objects pile up costs more than it frees (--watch collects after each rebuild).
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app(prog_name="ita-report")


if __name__ == "__main__":
    main()

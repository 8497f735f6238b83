"""The command line: wires the stages and is the one place that prints problems and sets exit codes
(0 done, 1 problems in the input or environment, 2 wrong command-line use)."""
from __future__ import annotations

import locale
import os
import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    help="ita-report: รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA) และบันทึกข้อความนำส่ง "
         "จากไฟล์ YAML เป็นเอกสาร Word",
)

LangOption = typer.Option(None, "--lang", help="ภาษาของข้อความแจ้ง: th หรือ en (ค่าเริ่มต้นตาม locale)")


def _can_show_thai() -> bool:
    try:
        "ก".encode(sys.stderr.encoding or "ascii")
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def _language(asked: str | None) -> str:
    """--lang, else English where the console cannot show Thai or the locale is English, else Thai."""
    if asked in ("th", "en"):
        return asked
    if not _can_show_thai():
        return "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "th"
    current = (locale.getlocale()[0] or "").lower()
    return "en" if current.startswith("en") else "th"


def _echo(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        stream.write(text.encode(stream.encoding or "ascii", "backslashreplace").decode(stream.encoding or "ascii") + "\n")
    stream.flush()


def _report(problems, lang: str) -> None:
    for problem in problems:
        _echo(problem.format(lang), err=True)


def _fail(exc, lang: str) -> None:
    _report(exc.problems, lang)
    errors = sum(p.severity == "error" for p in exc.problems)
    if exc.written:
        _echo(f"พบข้อผิดพลาด {errors} รายการ สร้างได้เฉพาะไฟล์ที่แสดงข้างบน" if lang == "th" else
              f"{errors} error(s): only the files listed above were built.", err=True)
    else:
        _echo(f"พบข้อผิดพลาด {errors} รายการ ยังไม่ได้สร้างเอกสาร" if lang == "th" else
              f"{errors} error(s): nothing was built.", err=True)
    raise typer.Exit(1)


def _round_option(value: Optional[int]) -> Optional[int]:
    if value is not None and value not in (1, 2):
        raise typer.BadParameter("รอบต้องเป็น 1 (รอบ ๖ เดือน) หรือ 2 (รอบ ๑๒ เดือน) / round must be 1 or 2")
    return value


def _formats(value: str) -> list[str]:
    from .pipeline import FORMATS

    asked = [f.strip().lower() for f in value.split(",") if f.strip()]
    asked = list(FORMATS) if asked == ["all"] else asked
    unknown = [f for f in asked if f not in FORMATS]
    if unknown or not asked:
        raise typer.BadParameter(f"ใช้ {', '.join(FORMATS)} คั่นด้วยจุลภาค เช่น docx,pdf / "
                                 f"use {', '.join(FORMATS)} separated by commas, e.g. docx,pdf")
    return asked


@app.command()
def build(
    report_dir: Path = typer.Argument(..., help="โฟลเดอร์รายงานที่มี report.yaml และ measures/"),
    round_: Optional[int] = typer.Option(None, "--round", "-r", callback=_round_option,
                                         help="รอบรายงาน: 1 = รอบ ๖ เดือน, 2 = รอบ ๑๒ เดือน"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น REPORT_DIR/out)"),
    formats: str = typer.Option("docx", "--format", "-f", help="docx, html, pdf หรือ all คั่นด้วยจุลภาค เช่น docx,html,pdf"),
    soffice: Optional[str] = typer.Option(None, "--soffice", help="ที่อยู่ของโปรแกรม soffice (LibreOffice) สำหรับ PDF"),
    pdf_timeout: float = typer.Option(180.0, "--pdf-timeout", min=1, help="เวลาสูงสุด (วินาที) ของ LibreOffice"),
    lang: Optional[str] = LangOption,
) -> None:
    """สร้างบันทึกข้อความและตารางรายงานผล (.docx, .html, .pdf) / build the cover memo and the measure table."""
    from .pipeline import build as build_report
    from .problems import UserError

    language = _language(lang)
    wanted = _formats(formats)
    try:
        written, warnings = build_report(report_dir, round_, out, wanted, soffice, pdf_timeout)
    except UserError as exc:
        _wrote(exc.written, language)
        _fail(exc, language)
    _report(warnings, language)
    _wrote(written, language)


def _wrote(paths, language: str) -> None:
    from .problems import display_path

    for path in paths:
        _echo(f"{'เขียน' if language == 'th' else 'wrote'} {display_path(path)}")


@app.command()
def check(
    report_dirs: list[Path] = typer.Argument(..., help="โฟลเดอร์รายงาน"),
    round_: Optional[int] = typer.Option(None, "--round", "-r", callback=_round_option, help="รอบรายงาน 1 หรือ 2"),
    strict: bool = typer.Option(False, "--strict", help="ถือว่าคำเตือนเป็นข้อผิดพลาด / warnings fail too"),
    format_: str = typer.Option("text", "--format", "-f", help="text, json หรือ github (คำอธิบายประกอบใน GitHub Actions)"),
    lang: Optional[str] = LangOption,
) -> None:
    """ตรวจไฟล์ YAML โดยไม่สร้างเอกสาร / validate the report folders without building."""
    import json

    from .pipeline import prepare
    from .problems import UserError, display_path

    if format_ not in ("text", "json", "github"):
        raise typer.BadParameter("ใช้ text, json หรือ github / use text, json or github", param_hint="--format")
    language = _language(lang)
    found, failed = [], False
    for folder in report_dirs:
        try:
            problems = prepare(folder, round_).warnings
            bad = strict and bool(problems)
        except UserError as exc:
            problems, bad = exc.problems, True
        failed |= bad
        found += problems
        if format_ == "text":
            _report(problems, language)
            errors = sum(p.severity == "error" for p in problems)
            status = (("ใช้ได้", "OK") if not bad else ("มีข้อผิดพลาด", "FAILED"))[language == "en"]
            _echo(f"{display_path(folder)}: {status} ({errors} error(s), {len(problems) - errors} warning(s))")
    if format_ == "json":
        _echo(json.dumps([p.as_dict(language) for p in found], ensure_ascii=False, indent=1))
    elif format_ == "github":
        for problem in found:
            _echo(problem.github(language))
    if failed:
        raise typer.Exit(1)


@app.command()
def schema(
    which: Optional[str] = typer.Argument(None, help="report หรือ measure (ไม่ระบุ = ทั้งสอง)"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="เขียนไฟล์ *.schema.json ลงโฟลเดอร์นี้"),
) -> None:
    """JSON Schema สำหรับโปรแกรมแก้ไขข้อความ (VS Code) / JSON Schemas for editors."""
    from .problems import UserError, display_path
    from .schema import schema_texts
    from .write import write_files

    texts = schema_texts()
    if which is not None:
        name = f"{which}.schema.json"
        if name not in texts:
            raise typer.BadParameter("ใช้ report หรือ measure / use report or measure")
        texts = {name: texts[name]}
    if out is None:
        for text in texts.values():
            _echo(text.rstrip("\n"))
        return
    try:
        written = write_files(out, {name: text.encode("utf-8") for name, text in texts.items()})
    except UserError as exc:
        _fail(exc, _language(None))
    for path in written:
        _echo(f"wrote {display_path(path)}")


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    app(prog_name="ita-report")


if __name__ == "__main__":
    main()

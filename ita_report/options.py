"""The command-line options more than one command takes, and the readers that turn option text into
what the stages take (formats, documents, the round, a date). Each reader raises typer.BadParameter:
a command-line mistake, exit 2."""
from __future__ import annotations

import datetime as dt
from typing import Optional

import typer

LangOption = typer.Option(None, "--lang", help="ภาษาของข้อความแจ้ง: th หรือ en (ค่าเริ่มต้นตาม locale) / language of the messages: th or en (default: the locale)")
NoOwnTemplatesOption = typer.Option(
    False, "--no-own-templates", help="ใช้เฉพาะแม่แบบที่มากับโปรแกรม ไม่ใช้แม่แบบในโฟลเดอร์รายงาน (settings.templates) "
                                      "สำหรับ CI ที่สร้างรายงานจากโฟลเดอร์ของผู้อื่น / build with the shipped templates only")
ReportTimeoutOption = typer.Option(300.0, "--report-timeout", min=1,
                                   help="เวลาสูงสุด (วินาที) ของรายงานหนึ่งรายงาน ไม่รวม PDF: เกินแล้วหยุดรายงานนั้น "
                                        "รายงานอื่นทำต่อ / seconds one report may take, short of its PDF")


def formats(value: str) -> list[str]:
    from .pipeline import FORMATS

    asked = [f.strip().lower() for f in value.split(",") if f.strip()]
    asked = list(FORMATS) if asked == ["all"] else asked
    unknown = [f for f in asked if f not in FORMATS]
    if unknown or not asked:
        raise typer.BadParameter(f"ใช้ {', '.join(FORMATS)} คั่นด้วยจุลภาค เช่น docx,pdf / "
                                 f"use {', '.join(FORMATS)} separated by commas, e.g. docx,pdf")
    return asked


def documents(value: Optional[str]) -> Optional[tuple[str, ...]]:
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


def round_choice(value: Optional[str]) -> Optional[str]:
    """--round's callback: 1, 2 or auto."""
    if value is not None and value not in ("1", "2", "auto"):
        raise typer.BadParameter("รอบต้องเป็น 1 (รอบ ๖ เดือน), 2 (รอบ ๑๒ เดือน) หรือ auto / round must be 1, 2 or auto")
    return value


def round_of(value: Optional[str]) -> int | str | None:
    """What the stages take for --round: the number, "auto", or None (report.yaml's)."""
    return int(value) if value in ("1", "2") else value


def today(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    from .thai import DateFormatError, parse_date

    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise typer.BadParameter(f"{exc} / {exc.en}", param_hint="--today") from None

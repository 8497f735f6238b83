"""Where templates come from: the report folder's own templates folder first (settings.templates),
then the ones shipped with the tool. A user overrides one file by copying it next to their data."""
from __future__ import annotations

from pathlib import Path

from .problems import Problem, UserError, display_path

_PACKAGED = Path(__file__).parent / "templates"  # in an installed wheel
_REPO = Path(__file__).parent.parent / "templates"  # in a source checkout


def shipped_templates() -> Path:
    return _PACKAGED if _PACKAGED.is_dir() else _REPO


def template_path(name: str, own: Path | None) -> Path:
    for folder in ([own] if own else []) + [shipped_templates()]:
        if (folder / name).is_file():
            return folder / name
    raise UserError([Problem(
        "no-template", f"ไม่พบแม่แบบ {name} (ทั้งในโฟลเดอร์แม่แบบของรายงานและที่มากับโปรแกรม) ให้ติดตั้งโปรแกรมใหม่",
        f"Template {name} not found (neither in the report's templates folder nor shipped): reinstall the tool.",
        file=display_path(own) if own else None)])

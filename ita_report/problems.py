"""The one kind of user-facing failure: a Problem names the place (file, line, column, field), says
what is wrong and what to do, in Thai and in English. Every stage reports Problems; only the CLI prints."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "note"]

_UNSEEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Text from the data (a folder name, a key, a value) shown on one line: line breaks and control
    characters as visible escapes. A CI log reads a line starting with "::" as a command; no name a
    folder's author chose may start one."""
    return _UNSEEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Problem:
    code: str
    th: str
    en: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None  # dotted path in the file, e.g. "results.round1[2].date"
    severity: Severity = "error"
    value: str | None = None

    def message(self, lang: str = "th") -> str:
        return self.en if lang == "en" else self.th

    def place(self) -> str:
        parts = [self.file or ""]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self, lang: str = "th") -> str:
        """One line (a message of several lines, such as a traceback, continues on lines that start
        with "  | ")."""
        label = {"error": ("ผิดพลาด", "error"), "warning": ("คำเตือน", "warning"), "note": ("หมายเหตุ", "note")}[self.severity]
        place = one_line(self.place())  # a problem of no file (LibreOffice missing) starts with its label
        head = f"{place}: " * bool(place) + label[1 if lang == "en" else 0]
        where = f" [{one_line(self.field)}]" if self.field else ""
        message = "\n  | ".join(one_line(line) for line in self.message(lang).rstrip("\n").split("\n"))
        return f"{head}{where}: {message} ({self.code})"

    def as_dict(self, lang: str = "th") -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "field": self.field,
                "severity": self.severity, "code": self.code, "message": self.message(lang), "value": self.value}

    def github(self, lang: str = "th") -> str:
        """A GitHub Actions workflow annotation."""
        def esc(text: str, props: bool = False) -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return text.replace(":", "%3A").replace(",", "%2C") if props else text
        props = [f"file={esc(self.file, True)}"] if self.file else []
        props += [f"line={self.line}"] if self.line else []
        props += [f"col={self.column}"] if self.column else []
        props.append(f"title={esc(self.code, True)}")
        where = f"[{self.field}] " if self.field else ""
        level = "notice" if self.severity == "note" else self.severity
        return f"::{level} {','.join(props)}::{esc(where + self.message(lang))}"

    def sort_key(self) -> tuple:
        return (self.file or "", self.line or 0, self.column or 0, self.code)


@dataclass
class UserError(Exception):
    """Raised when input or environment makes the job impossible; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # what was built before the failure (e.g. no PDF)

    def __str__(self) -> str:
        return "\n".join(p.format("en") for p in self.problems)


def internal_error(place: Path | None = None) -> Problem:
    """A bug met while a command ran (in a batch: while working on `place`, the folder being handled):
    reported with the traceback to send to the developers, in the same words whichever command met it."""
    import traceback

    text = traceback.format_exc()
    return Problem("internal-error", "ข้อผิดพลาดภายในโปรแกรม (โปรดแจ้งผู้พัฒนา พร้อมข้อความนี้): " + text,
                   "Internal error (please report it with this text): " + text,
                   file=display_path(place) if place is not None else None)


def shell_path(path: Path) -> str:
    """A path as it must be typed in a command (sh, cmd or PowerShell): quoted when it holds a space
    or a character the shell would read, so a pasted hint names the one folder."""
    text = display_path(path)
    if re.fullmatch(r"[\w\u0e00-\u0e7f./:\\+=@%,-]+", text):
        return text
    return f'"{text}"' if not re.search(r'["$`!]', text) else "'" + text.replace("'", "'\\''") + "'"


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder where it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)

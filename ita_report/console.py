"""What the commands print, and how they end: the console's language, problems and their summary
lines, progress, and `handled`, the one wrapper every command runs in (exit 0 done, 1 problems in
the input or environment or a bug, 2 wrong command-line use)."""
from __future__ import annotations

import functools
import locale
import os
import sys
from typing import Callable, Iterable, Optional, TypeVar

import typer

from .problems import Problem, UserError, display_path, internal_error, one_line

NOTHING_BUILT = ("ยังไม่ได้สร้างเอกสาร", "nothing was built")
FOLDER_NOT_WRITTEN = ("ยังไม่ได้เขียนโฟลเดอร์ใหม่", "the new folder was not written")
FILES_NOT_WRITTEN = ("ยังไม่ได้เขียนไฟล์", "no file was written")
NOTHING_CHECKED = ("ยังไม่ได้ตรวจรายงาน", "nothing was checked")

Command = TypeVar("Command", bound=Callable[..., None])


def can_show_thai() -> bool:
    try:
        "ก".encode(sys.stderr.encoding or "ascii")
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def language(asked: Optional[str]) -> str:
    """--lang, else English where the console cannot show Thai or the locale is English, else Thai.
    The C (POSIX) locale declares a console of ASCII: English, although Python then writes UTF-8
    (its UTF-8 mode, PEP 540, turns on by itself in that locale); C.UTF-8 declares no language."""
    if asked in ("th", "en"):
        return asked
    if not can_show_thai():
        return "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            code, _, codeset = value.lower().partition(".")
            plain_c = code in ("c", "posix") and codeset.split("@")[0].replace("-", "") != "utf8"
            return "en" if code.startswith("en") or plain_c else "th"
    current = (locale.getlocale()[0] or "").lower()
    return "en" if current.startswith("en") else "th"


def echo(text: str, err: bool = False, command: bool = False) -> None:
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


def report(problems: Iterable[Problem], lang: str) -> None:
    for problem in problems:
        echo(problem.format(lang), err=True)


def fail(exc: UserError, lang: str, nothing: tuple[str, str] = NOTHING_BUILT) -> None:
    """Every problem, then one line of what it cost: `nothing` says what was not done (a document
    for build, the new folder for init, rollover and import)."""
    report(exc.problems, lang)
    errors = sum(p.severity == "error" for p in exc.problems)
    if exc.written:
        echo(f"พบข้อผิดพลาด {errors} รายการ สร้างได้เฉพาะไฟล์ที่แสดงข้างบน" if lang == "th" else
             f"{errors} error(s): only the files listed above were built.", err=True)
    else:
        echo(f"พบข้อผิดพลาด {errors} รายการ {nothing[0]}" if lang == "th" else
             f"{errors} error(s): {nothing[1]}.", err=True)
    raise typer.Exit(1)


def handled(nothing: tuple[str, str] = NOTHING_BUILT) -> Callable[[Command], Command]:
    """The one way a command ends on a failure. A UserError prints its problems and what was not done;
    any other exception is a bug, printed as an internal error with its traceback (the words a batch
    uses for a bug in one report), exit 1 — never a bare traceback. Command-line mistakes (click's
    own exceptions) and exits pass through. The command's `lang` argument chooses the language."""
    def wrap(command: Command) -> Command:
        @functools.wraps(command)
        def run(*args, **kwargs):
            try:
                return command(*args, **kwargs)
            except UserError as exc:
                fail(exc, language(kwargs.get("lang")), nothing)
            except Exception as exc:
                if _command_line(exc):
                    raise
                report([internal_error()], language(kwargs.get("lang")))  # a bug, said as one
                raise typer.Exit(1) from None
        return run  # type: ignore[return-value]  # functools.wraps keeps the signature typer reads
    return wrap


def _command_line(exc: Exception) -> bool:
    """An exit, or click's own exception (a command-line mistake, exit 2), which click prints itself.
    typer raises them from its own copy of click (0.29 on) or from click (before): known by the class."""
    return isinstance(exc, (typer.Exit, typer.Abort)) or any(c.__name__ == "ClickException" for c in type(exc).__mro__)


def progress(lang: str) -> Callable[[int, int, object], None]:
    """A bar redrawn in place on a terminal; one plain line per report in a log (CI)."""
    bar = sys.stderr.isatty()

    def show(done: int, total: int, outcome) -> None:
        status = (("ล้มเหลว", "FAILED") if outcome.failed else ("เสร็จ", "ok"))[lang == "en"]
        if bar:
            filled = done * 30 // total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        else:
            echo(f"[{done}/{total}] {status} {one_line(display_path(outcome.folder))}", err=True)
    return show


def summary(outcomes, failed, lang: str) -> None:
    warnings = sum(o.warnings for o in outcomes if not o.failed)
    for outcome in failed:
        echo(f"{one_line(display_path(outcome.folder))}:", err=True)
        report(outcome.errors or outcome.problems, lang)
    built = len(outcomes) - len(failed)
    if lang == "en":
        echo(f"built {built} of {len(outcomes)} report(s); {len(failed)} failed; {warnings} warning(s) "
             "(ita-report check shows them)", err=True)
    else:
        echo(f"สร้างสำเร็จ {built} จาก {len(outcomes)} รายงาน ล้มเหลว {len(failed)} รายงาน คำเตือน {warnings} รายการ "
             "(ดูได้ด้วย ita-report check)", err=True)
    if failed:
        echo(("รายงานที่ล้มเหลว: " if lang == "th" else "failed: ")
             + ", ".join(one_line(display_path(o.folder)) for o in failed), err=True)


def wrote(paths, lang: str) -> None:
    for path in paths:
        echo(f"{'เขียน' if lang == 'th' else 'wrote'} {one_line(display_path(path))}")

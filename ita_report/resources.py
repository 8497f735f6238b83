"""Where templates come from: the report folder's own templates folder first (settings.templates),
then the ones shipped with the tool. A user overrides one file by copying it next to their data.

The shipped templates are the tool's own code: one plain, cached Jinja environment each. A folder's
own templates are written by others: they are taken only from inside their folder, their .docx
files are checked as packages before Word's parser sees them (packages.py), and their Jinja runs in
the bounded sandbox (sandbox.py). `--no-own-templates` builds with the shipped ones only."""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import jinja2

from . import files, sandbox
from .problems import Problem, UserError, display_path

_PACKAGED = Path(__file__).parent / "templates"  # in an installed wheel
_REPO = Path(__file__).parent.parent / "templates"  # in a source checkout

# The templates a build uses; an own folder may hold any of them (and files they include).
NAMES = ("memo.j2", "table.j2", "report.html.j2", "memo.docx", "table.docx",
         "announcement.j2", "announcement.html.j2", "announcement.docx",
         "publication-form.j2", "publication-form.html.j2", "publication-form.docx", "analysis.j2", "analysis.html.j2", "analysis.docx")


def shipped_templates() -> Path:
    return _PACKAGED if _PACKAGED.is_dir() else _REPO


def _refused(refused: files.Refused, path: Path, line: int | None = None) -> UserError:
    return UserError([Problem(refused.code, refused.th, refused.en, file=display_path(path), line=line)])


def _own_file(own: Path, name: str) -> Path | None:
    """The own copy of a template, when there is one: a regular file inside the own folder."""
    path = own / name
    if not path.exists() and not path.is_symlink():
        return None
    if not files.within(own, path):
        raise _refused(files.Refused(
            "template-link-outside", f"แม่แบบ {name} เป็นลิงก์ที่ชี้ออกไปนอกโฟลเดอร์แม่แบบ ให้คัดลอกไฟล์จริงมาไว้แทน",
            f"The template {name} is a link leading out of the templates folder: copy the real file there instead."),
            path)
    try:
        files.regular_file(path, name)
    except files.Refused as refused:
        raise _refused(refused, path) from None
    return path


@dataclass(frozen=True)
class Templates:
    """The templates of one build: the report's own folder (None: the shipped ones only)."""

    own: Path | None = None

    def path(self, name: str) -> Path:
        found = _own_file(self.own, name) if self.own is not None else None
        if found is not None:
            return found
        if (shipped_templates() / name).is_file():
            return shipped_templates() / name
        raise UserError([Problem(
            "no-template", f"ไม่พบแม่แบบ {name} (ทั้งในโฟลเดอร์แม่แบบของรายงานและที่มากับโปรแกรม) ให้ติดตั้งโปรแกรมใหม่",
            f"Template {name} not found (neither in the report's templates folder nor shipped): reinstall the tool.",
            file=display_path(self.own) if self.own else None)])

    def check(self) -> None:
        """Every own template usable, or every problem with them at once (run by `check` too)."""
        from .packages import check_docx

        own = self.own
        if own is None:  # the shipped templates only
            return
        problems: list[Problem] = []
        for name in NAMES:
            try:
                path = self.path(name)
                if name.endswith(".docx") and path.parent == own:
                    check_docx(path)
                elif name.endswith(".html.j2") and path.parent == own:  # parsed as render/html.py reads it (the
                    self.jinja(name, autoescape=True, keep_trailing_newline=True)  # wording ones: by derive)
            except UserError as exc:
                problems += exc.problems
            except files.Refused as refused:
                problems += _refused(refused, own / name).problems
        if problems:
            raise UserError(problems)

    def jinja(self, name: str, *, autoescape: bool = False, finalize: Callable | None = None,
              keep_trailing_newline: bool = False) -> jinja2.Template:
        path = self.path(name)
        environment = _environment(path.parent, path.parent == self.own, autoescape, finalize, keep_trailing_newline)
        try:
            return environment.get_template(path.name)
        except (jinja2.TemplateError, UnicodeDecodeError) as exc:
            raise template_problem(exc, path) from None


@lru_cache(maxsize=32)
def _environment(folder: Path, own: bool, autoescape: bool, finalize: Callable | None,
                 keep_trailing_newline: bool) -> jinja2.Environment:
    options: dict[str, Any] = {"autoescape": autoescape, "undefined": jinja2.StrictUndefined,
                               "keep_trailing_newline": keep_trailing_newline}
    if finalize is not None:
        options["finalize"] = finalize
    if own:  # written by others: sandboxed, bounded, read again when edited (--watch)
        return sandbox.OwnEnvironment(folder, **options)
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False, **options)


def run(template: jinja2.Template, function: Callable, *args: Any) -> Any:
    """Runs template code (a render, a macro) as a problem-safe step: an own template within the
    sandbox's bounds, any failure of the template a located problem."""
    guard = sandbox.guarded() if isinstance(template.environment, sandbox.OwnEnvironment) else nullcontext()
    try:
        with guard:
            return function(*args)
    except (jinja2.TemplateError, RecursionError, MemoryError, ArithmeticError, LookupError, TypeError,
            ValueError, AttributeError) as exc:
        raise template_problem(exc, Path(template.filename) if template.filename else None) from None


def _place(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line where an error happened, from the traceback: the deepest frame of
    template code (Jinja's own, or the frames Jinja rewrites to the template's lines)."""
    file, line = None, None
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            file, line = template.filename, template.get_corresponding_lineno(tb.tb_lineno)
        elif "__jinja_exception__" in frame.f_globals:
            file, line = frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return file, line


def template_problem(exc: BaseException, path: Path | None) -> UserError:
    """A Jinja template that cannot be read or filled (a user's own copy, typically), as a located
    problem: a syntax error with its line, a missing variable with its name, work beyond the
    sandbox's bounds or a file it may not read where the template asked for it."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = display_path(Path(exc.filename)) if exc.filename else (display_path(path) if path else None)
        return UserError([Problem("template-syntax", f"แม่แบบเขียนไม่ถูกต้อง: {exc.message}",
                                  f"Template syntax error: {exc.message}", file=file, line=exc.lineno)])
    found, line = _place(exc)
    file = display_path(Path(found)) if found else (display_path(path) if path else None)
    if isinstance(exc, sandbox.Refused):
        code, th, en = exc.refused.code, exc.refused.th, exc.refused.en
    elif isinstance(exc, sandbox.TooMuchWork):
        code, th, en = "template-too-much-work", getattr(exc, "th", str(exc)), str(exc)
    elif isinstance(exc, RecursionError):
        code, th, en = ("template-too-much-work", "แม่แบบเรียกตัวเองซ้อนกันลึกเกินไป (macro เรียกตัวเองไม่รู้จบ)",
                        "The template calls itself too deeply (a macro calling itself without end).")
    elif isinstance(exc, MemoryError):
        code, th, en = "template-too-much-work", "แม่แบบใช้หน่วยความจำมากเกินไป", "The template uses too much memory."
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        code, th, en = ("template-unsafe", f"แม่แบบพยายามใช้สิ่งที่ไม่อนุญาตในแม่แบบของรายงาน: {exc}",
                        f"The template tries to use what a report's template may not: {exc}")
    elif isinstance(exc, jinja2.TemplateNotFound):
        code, th, en = ("template-not-found", f"ไม่พบแม่แบบ “{exc.name}” ที่แม่แบบนี้เรียกใช้ในโฟลเดอร์แม่แบบของรายงาน",
                        f"The template '{exc.name}' it includes is not in the report's templates folder.")
    elif isinstance(exc, UnicodeDecodeError):
        code, th, en = "template-encoding", "แม่แบบไม่ได้บันทึกเป็น UTF-8", "The template is not saved as UTF-8."
    elif isinstance(exc, jinja2.UndefinedError):
        code, th, en = "template-error", f"แม่แบบใช้ตัวแปรที่ไม่มี: {exc}", f"Template error: {exc}"
    else:
        code, th, en = "template-error", f"แม่แบบทำงานผิดพลาด: {exc}", f"Template error: {exc}"
    return UserError([Problem(code, th, en, file=file, line=line)])

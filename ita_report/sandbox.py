"""Templates from a report folder (memo.j2, table.j2, report.html.j2 and what they include) are code
written by others. They render in Jinja's immutable sandbox (no attribute of Python's insides, no
changing lists or dicts), read only regular files inside their own folder (no "..", no link out),
and stop with a located problem when they do more work than any wording needs: a bounded number of
template lines run, bounded numbers given to functions and filters, bounded text made by a
template. The tool's own templates are trusted and use a plain environment (resources.py)."""
from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2 import nodes
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import files

MAX_STEPS = 2_000_000  # template lines run for one report (a long report's own table.j2 runs a few thousand)
MAX_TEXT = 1_000_000  # characters of one value a template makes
MAX_NUMBER = 100_000  # a number given to a function or a filter (a width, a count, a range)
MAX_TEMPLATE_BYTES = 512 * 1024


class TooMuchWork(SecurityError):
    """The template did more work than a report's wording needs (a loop without end, a huge text)."""


class Refused(SecurityError):
    """A template file that is not used: outside its folder, a link out, not a regular file."""

    def __init__(self, refused: files.Refused):
        super().__init__(refused.en)
        self.refused = refused


class _FolderLoader(jinja2.BaseLoader):
    """Templates from one folder only: each a regular file inside it (links may point only inside),
    of a bounded size; a template changed on disk is read again (--watch sees edits)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = split_template_path(template)  # refuses ".." with TemplateNotFound
        path = self.folder.joinpath(*parts)
        try:
            if not files.within(self.folder, path):
                raise files.Refused("template-link-outside", f"แม่แบบ “{template}” เป็นลิงก์ที่ชี้ออกไปนอกโฟลเดอร์แม่แบบ "
                                    "ให้คัดลอกไฟล์จริงมาไว้แทน", f"The template '{template}' is a link leading out of "
                                    "the templates folder: copy the real file there instead.")
            data = files.read_regular(path, MAX_TEMPLATE_BYTES, template)
            stamp = _stamp(path)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise jinja2.TemplateNotFound(template) from None
        except files.Refused as refused:
            raise Refused(refused) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused(files.Refused("template-encoding", f"แม่แบบ “{template}” ไม่ได้บันทึกเป็น UTF-8",
                                        f"The template '{template}' is not saved as UTF-8.")) from None
        return text, str(path), lambda: _stamp(path) == stamp


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


# ---------------------------------------------------------------- bounded work

def _too_much(th: str, en: str) -> TooMuchWork:
    error = TooMuchWork(en)
    error.th = th  # type: ignore[attr-defined]
    return error


def _too_long() -> TooMuchWork:
    return _too_much(f"แม่แบบสร้างข้อความหรือรายการยาวเกินไป (เกิน {MAX_TEXT:,})",
                     f"The template makes a text or a list too long (over {MAX_TEXT:,}).")


def _check_number(value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        raise _too_much(f"แม่แบบใช้ตัวเลข {value:,} ซึ่งใหญ่เกินไป (ไม่เกิน {MAX_NUMBER:,})",
                        f"The template uses the number {value:,}, too large (at most {MAX_NUMBER:,}).")


def _check_size(value: object) -> object:
    if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_TEXT:
        raise _too_long()
    return value


def _check_arguments(args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        _check_number(value)


_WIDTH = re.compile(r"\d{6,}")


def _check_format(text: object) -> None:
    """A format string ("%999999s", "{:>999999}") asks for no more than MAX_NUMBER characters."""
    if isinstance(text, str):
        for run in _WIDTH.findall(text):
            _check_number(int(run))


def _size(value: object) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _check_binop(op: str, left: object, right: object) -> None:
    if op == "*":
        count = right if isinstance(right, int) else left if isinstance(left, int) else 0
        if max(_size(left), _size(right)) * max(count, 0) > MAX_TEXT:
            raise _too_long()
    elif op == "**":
        if isinstance(right, (int, float)) and isinstance(left, (int, float)) and abs(left) > 1 and right > 64:
            raise _too_much("แม่แบบยกกำลังด้วยเลขชี้กำลังที่ใหญ่เกินไป", "The template raises a number to too large a power.")
    elif op == "+":
        if _size(left) + _size(right) > MAX_TEXT:
            raise _too_long()
    elif op == "%":
        _check_format(left)


class _Steps:
    """Counts template lines run, over every entry into template code of one report."""

    def __init__(self) -> None:
        self.count = 0


_steps: list[_Steps] = []  # the current report's counter while guarded() is active


def _tracer(frame: Any, event: str, arg: Any) -> Callable | None:
    if not _steps:
        # a frame entered while guarded (a template's generator) that runs on after the guard, seen
        # because another tracer keeps tracing on (coverage, a debugger): no longer counted
        return None
    if event == "line":
        counter = _steps[-1]
        counter.count += 1
        if counter.count > MAX_STEPS:
            raise _too_much(f"แม่แบบทำงานนานเกินไป (เกิน {MAX_STEPS:,} บรรทัด) อาจวนซ้ำไม่รู้จบ",
                            f"The template runs too long (over {MAX_STEPS:,} lines): a loop without end?")
    return _tracer


@contextmanager
def guarded() -> Iterator[None]:
    """Counts the lines of template code run inside, for one report: wrap every call into an own
    template (render, macro) in it. Nested uses share the outer counter."""
    if _steps:
        yield
        return
    _steps.append(_Steps())
    previous = sys.gettrace()
    sys.settrace(_tracer)
    try:
        yield
    finally:
        sys.settrace(previous)
        _steps.pop()


class _BoundedConcat(CodeGenerator):
    """`a ~ b` checked for size like the other operators."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_size(")
        super().visit_Concat(node, frame)
        self.write(")")


def _bounded_filter(name: str, function: Callable) -> Callable:
    """A filter whose numbers (widths, counts) are bounded and whose result is bounded in size."""
    passed = hasattr(function, "jinja_pass_arg")  # @pass_context / @pass_environment: one more first argument

    def bounded(*args: Any, **kwargs: Any) -> Any:
        value_at = 1 if passed else 0
        if name == "format" and len(args) > value_at:
            _check_format(args[value_at])
        _check_arguments(args[value_at + 1:], kwargs)
        return _check_size(function(*args, **kwargs))

    if passed:
        bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


class OwnEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox for a report folder's own templates, with bounded work."""

    code_generator_class = _BoundedConcat
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, folder: Path, **options: Any):
        super().__init__(loader=_FolderLoader(folder), auto_reload=True, **options)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def call(self, context, obj, /, *args, **kwargs):  # type: ignore[override]
        _check_arguments(args, kwargs)
        return _check_size(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context, op: str, left: Any, right: Any) -> Any:
        _check_binop(op, left, right)
        return _check_size(super().call_binop(context, op, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if getattr(value, "__name__", "") in ("format", "format_map"):
            _check_format(getattr(value, "__self__", None))
        return super().wrap_str_format(value)

    @staticmethod
    def checked_size(value: object) -> object:
        return _check_size(value)


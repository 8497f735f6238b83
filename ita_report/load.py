"""Stage 1, load: YAML files into plain data, with the line and column of every value, so that any
later stage can say where a problem is. Only this module reads the input files."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

import yaml

from . import files
from .problems import Problem, UserError, display_path, shell_path
from .thai import CONTROL_CHARS, clip
from .thai import to_arabic_digits as thai_to_arabic

MAX_FILE_BYTES = 2 * 1024 * 1024
# Values in one file: a measure with every cell at its bound of lines (content.MAX_CELL_LINES) holds
# under 20,000; more only makes a file slow to refuse (190,000 one-letter steps took 5 s and 210 MB).
MAX_NODES = 50_000
# Deeper than any real file (a sub-step of a step is 5 levels down) and far from Python's recursion
# limit, which a deeper file would reach here or in the stages after (it crashed `check` for every
# folder of a run).
MAX_DEPTH = 64

Path_ = tuple  # a path into the data: keys and list indexes


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class Marks(Mapping):
    """Where each value (or key) of one file stands, by its path: a Mark for each, kept as one int
    (line and column packed), since a large report has hundreds of thousands of them and needs
    them only for the few that a message names."""

    __slots__ = ("_packed",)

    def __init__(self, packed: dict[Path_, int] | None = None):
        self._packed = packed if packed is not None else {}

    @staticmethod
    def pack(line: int, column: int) -> int:
        return line << 32 | column

    def __getitem__(self, where: Path_) -> Mark:
        packed = self._packed[where]
        return Mark(packed >> 32, packed & 0xFFFFFFFF)

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


@dataclass(frozen=True)
class Places:
    """Where each value and key of one YAML file stands, without the values: what a stage after
    validation keeps of a file, to place its findings. Values come from the models only."""

    path: Path
    name: str  # as shown to the user
    marks: Mapping[Path_, Mark] = field(default_factory=dict)
    key_marks: Mapping[Path_, Mark] = field(default_factory=dict)

    def locate(self, problem: Problem, where: Path_, *, key: bool = False) -> Problem:
        """The problem placed at a path of this file: its line, column and dotted field."""
        mark = self.mark(where, key=key)
        return replace(problem, file=self.name, line=mark.line if mark else None,
                       column=mark.column if mark else None, field=dotted(where) or None)

    def mark(self, where: Path_, *, key: bool = False) -> Mark | None:
        """The nearest known place for a path: the value (or its key), else its closest parent."""
        where = tuple(where)
        while True:
            found = (self.key_marks.get(where) if key else None) or self.marks.get(where)
            if found or not where:
                return found
            where = where[:-1]


@dataclass
class Source:
    """One YAML file: its data, where each value and key stands, and what was repaired on reading."""

    path: Path
    name: str  # as shown to the user
    data: object
    marks: Mapping[Path_, Mark] = field(default_factory=dict)
    key_marks: Mapping[Path_, Mark] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def places(self) -> Places:
        return Places(self.path, self.name, self.marks, self.key_marks)

    def locate(self, problem: Problem, where: Path_, *, key: bool = False) -> Problem:
        return self.places.locate(problem, where, key=key)

    def mark(self, where: Path_, *, key: bool = False) -> Mark | None:
        return self.places.mark(where, key=key)


def _base_loader():
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_base_loader()):  # type: ignore[misc]
    """Safe YAML, but dates stay text (the model reads Thai and BE dates with their location)."""

    def resolve(self, kind, value, implicit):
        """A plain scalar no implicit type can start as (Thai text: most values) is text at once,
        without trying each resolver's pattern, and a short one (a key, a date, a number) is typed
        once: libyaml asks this for every scalar of every file, and a plain scalar's type depends on
        its text alone (no path resolvers: _PLAIN_TEXT_FAST)."""
        if kind is yaml.ScalarNode and implicit[0] and _PLAIN_TEXT_FAST:
            if value and value[0] not in self.yaml_implicit_resolvers:
                return self.DEFAULT_SCALAR_TAG
            if len(value) <= 16:
                tag = _SHORT_TYPES.get(value)
                if tag is None:
                    if len(_SHORT_TYPES) >= 4096:
                        _SHORT_TYPES.clear()
                    tag = _SHORT_TYPES[value] = super().resolve(kind, value, implicit)
                return tag
        return super().resolve(kind, value, implicit)


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _base_loader().yaml_implicit_resolvers.items()
}
# the shortcut above holds while no resolver matches any first character (None) or a path
_PLAIN_TEXT_FAST = None not in _Loader.yaml_implicit_resolvers and not _Loader.yaml_path_resolvers
_SHORT_TYPES: dict[str, str] = {}  # a short plain scalar's text → its tag


def _err(code: str, th: str, en: str, name: str, mark: Mark | None = None, **kw) -> Problem:
    return Problem(code, th, en, file=name, line=mark.line if mark else None,
                   column=mark.column if mark else None, **kw)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        looks_thai = any(0xA1 <= b <= 0xFB for b in raw[exc.start:exc.start + 1])
        hint_th = " ดูเหมือนบันทึกเป็น TIS-620/Windows-874 (ANSI)" if looks_thai else ""
        hint_en = " It looks like TIS-620/Windows-874 (ANSI)." if looks_thai else ""
        raise UserError([_err(
            "encoding",
            f"ไฟล์ไม่ได้บันทึกเป็น UTF-8{hint_th} ให้เปิดไฟล์แล้วบันทึกใหม่โดยเลือกการเข้ารหัส UTF-8",
            f"The file is not saved as UTF-8.{hint_en} Open it and save it again choosing UTF-8 encoding.",
            name, Mark(line, column))]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_removed(char: str, name: str, mark: Mark, escaped: bool = False, field: str | None = None) -> Problem:
    code = f"U+{ord(char):04X}"
    how = (("ที่เขียนเป็นรหัส \\ ในเครื่องหมายคำพูด", "written as a \\ escape in quotes") if escaped else
           ("ที่มองไม่เห็น (มักติดมากับการคัดลอกจาก Word หรือ PDF)", "(it comes with copying from Word or PDF)"))
    return _err("control-character", f"ลบอักขระควบคุม {code} {how[0]} ออกแล้ว ตรวจข้อความนี้",
                f"Removed the invisible control character {code} {how[1]}; check this text.",
                name, mark, severity="warning", field=field)


def _with_fields(warnings: list[Problem], marks: Mapping[Path_, Mark]) -> list[Problem]:
    """The raw control characters' warnings (found in the text, before the data had paths) given the
    field of the value they stood in: the last value starting at or before them."""
    import bisect
    from dataclasses import replace as replaced

    if not any(w.code == "control-character" and w.field is None and w.line for w in warnings):
        return warnings
    starts = sorted(((m.line, m.column), where) for where, m in marks.items())
    keys = [start for start, _ in starts]
    out = []
    for warning in warnings:
        if warning.code == "control-character" and warning.field is None and warning.line:
            at = bisect.bisect_right(keys, (warning.line, warning.column or 1)) - 1
            if at >= 0 and starts[at][1]:
                warning = replaced(warning, field=dotted(starts[at][1]))
        out.append(warning)
    return out


def _strip_controls(text: str, name: str) -> tuple[str, list[Problem]]:
    warnings = []
    for m in CONTROL_CHARS.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        warnings.append(_control_removed(m.group(), name, Mark(line, column)))
    return CONTROL_CHARS.sub("", text), warnings


def _strip_escaped_controls(data: object, marks: Mapping[Path_, Mark], name: str, warnings: list[Problem]) -> object:
    """Control characters written as escapes in double-quoted YAML ("\x01") removed from the values,
    as raw ones are from the text, with a warning at the value."""
    stack: list[tuple[dict | list, Path_]] = [(data, ())] if isinstance(data, (dict, list)) else []
    while stack:
        here, where = stack.pop()
        for key, value in here.items() if isinstance(here, dict) else enumerate(here):
            if isinstance(value, str) and (found := CONTROL_CHARS.search(value)):
                warnings.append(_control_removed(found.group(), name, marks.get(where + (key,), Mark(1, 1)), True,
                                                 dotted(where + (key,))))
                here[key] = CONTROL_CHARS.sub("", value)
            elif isinstance(value, (dict, list)):
                stack.append((value, where + (key,)))
    if isinstance(data, str) and (found := CONTROL_CHARS.search(data)):
        warnings.append(_control_removed(found.group(), name, Mark(1, 1), True))
        return CONTROL_CHARS.sub("", data)
    return data


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _tab_at(exc, lines: list[str], at: int):
    """A Tab in the indentation of a line up to the error's: YAML refuses it and people cannot see it."""
    for i, line in enumerate(lines[:at + 1]):
        lead = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead and _content(line):
            return ("บรรทัดนี้ย่อหน้าด้วยปุ่ม Tab ซึ่งใช้ในไฟล์ YAML ไม่ได้: ลบ Tab ออกแล้วเว้นวรรค (spacebar) "
                    "ให้ตรงกับบรรทัดอื่นในระดับเดียวกัน (ระดับละ ๒ ช่อง)",
                    "This line is indented with the Tab key, which YAML does not allow: delete the Tab and indent "
                    "with spaces like the other lines of its level (2 spaces a level).", Mark(i + 1, lead.index("\t") + 1))
    return None


def _is_bad_escape(exc) -> bool:
    problem = getattr(exc, "problem", "") or ""
    return "escape" in problem or "hexdecimal" in problem


def _bad_escape(exc, lines: list[str], at: int):
    r"""A backslash in "..." that starts no escape YAML knows (a Windows path "C:\Users", a pasted
    "\udcff"): said as such, at the backslash, not as a quote never closed."""
    mark = getattr(exc, "problem_mark", None)
    if not _is_bad_escape(exc) or mark is None:
        return None
    line = lines[mark.line] if mark.line < len(lines) else ""
    slash = line.rfind("\\", 0, mark.column + 1)
    column = slash if slash >= 0 else mark.column
    sample = line[column:column + 6].split('"')[0] or "\\"
    if "Unicode character escape" in (getattr(exc, "problem", "") or ""):  # \ud800: half of a pair, no letter
        return (f"ในข้อความที่ครอบด้วย \"...\" รหัส “{sample}” ไม่ใช่ตัวอักษร (เป็นครึ่งหนึ่งของคู่รหัส UTF-16 ที่คัดลอกมา) "
                "ให้ลบรหัสนี้ออก แล้วพิมพ์ตัวอักษรที่ต้องการแทน",
                f"In text inside \"...\", '{sample}' is not a character (half of a UTF-16 pair, copied from "
                "somewhere): delete it and type the character meant.", Mark(mark.line + 1, column + 1))
    return (f"ในข้อความที่ครอบด้วย \"...\" เครื่องหมาย \\ ขึ้นต้นรหัสพิเศษ (เช่น \\n) แต่ “{sample}” ไม่ใช่รหัสที่ใช้ได้: "
            "ถ้าต้องการเครื่องหมาย \\ เอง ให้พิมพ์ \\\\ หรือครอบข้อความด้วย '...' แทน \"...\"",
            f"In text inside \"...\", a backslash starts an escape (such as \\n), and '{sample}' is not one: to write "
            "a backslash itself, type \\\\ or put the text in single quotes '...' instead.", Mark(mark.line + 1, column + 1))


def _unclosed_quote(exc, lines: list[str], at: int):
    """Where the quote opened, not the end of the file where YAML noticed it."""
    start = getattr(exc, "context_mark", None)
    if "quoted scalar" not in (getattr(exc, "context", "") or "") or start is None or _is_bad_escape(exc):
        return None
    quote = lines[start.line][start.column:start.column + 1] if start.line < len(lines) else '"'
    quote = quote if quote in "'\"" and quote else '"'
    return (f"เครื่องหมายคำพูด {quote} ที่เปิดในบรรทัดนี้ไม่ได้ปิด: เติม {quote} ท้ายข้อความในบรรทัดนี้ "
            f"(หรือลบ {quote} ที่ขึ้นต้นข้อความออก)",
            f"The quote {quote} opened on this line is never closed: add {quote} at the end of the text on this "
            f"line (or remove the opening {quote}).", Mark(start.line + 1, start.column + 1))


def quoted_text(text: str) -> str:
    """Text as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def colon_hint(prefix: str, text: str) -> tuple[str, str]:
    """The message for a sentence holding ": ", read by YAML as a key: put the text in quotes."""
    fixed = f"{prefix}{quoted_text(text)}"
    return (f"ข้อความมีเครื่องหมาย “: ” (ทวิภาคตามด้วยเว้นวรรค) YAML จึงอ่านเป็นชื่อหัวข้อ: "
            f"ให้ครอบข้อความทั้งหมดด้วยเครื่องหมายคำพูด เป็น {fixed}",
            f"The text holds ': ' (a colon and a space), which YAML reads as a key: put the whole text in quotes, "
            f"as {fixed}")


def _colon_in_text(exc, lines: list[str], at: int):
    if not (getattr(exc, "problem", "") or "").startswith("mapping values are not allowed") or at >= len(lines):
        return None
    m = re.match(r"(\s*(?:-\s+)?[^\s:#][^:#]*?:\s+)(.*?)\s*$", lines[at])
    if not m:
        return None
    th, en = colon_hint(m.group(1).strip() + " ", m.group(2))
    return th, en, Mark(at + 1, len(m.group(1)) + 1)


def _items_after_empty_list(exc, lines: list[str], at: int):
    """`round1: []` with items written under it: the [] says the list is empty."""
    if at >= len(lines) or not lines[at].lstrip().startswith("-"):
        return None
    before = next((i for i in range(at - 1, -1, -1) if _content(lines[i])), None)
    if before is None:
        return None
    m = re.search(r"^(\s*)([^\s:#][^:#]*?):\s*(\[\s*\]|\{\s*\})\s*(?:#.*)?$", lines[before])
    if not m:
        return None
    key = m.group(2)
    return (f"มีรายการเขียนไว้ใต้ “{key}: []” แต่ [] แปลว่าไม่มีรายการ: ให้ลบ [] ออก เหลือ “{key}:” "
            "แล้วเขียนรายการ (- …) ไว้ใต้บรรทัดนั้น",
            f"Items are written under '{key}: []', but [] says the list is empty: remove the [] (leave '{key}:') and "
            "keep the items (- …) below it.", Mark(before + 1, m.start(3) + 1))


def _misaligned_item(exc, lines: list[str], at: int):
    """A list item (- …) not indented like the ones before it, or not under its key."""
    if at >= len(lines) or not lines[at].lstrip().startswith("-") or lines[at].startswith("---"):
        return None
    here = _indent(lines[at])
    before = [i for i in range(at - 1, -1, -1) if _content(lines[i])]
    if before and lines[before[0]].rstrip().endswith(":") and here <= _indent(lines[before[0]]):
        key = lines[before[0]].strip()
        want = _indent(lines[before[0]]) + 2
        return (f"รายการ “- …” ในบรรทัดนี้ต้องย่อหน้าเข้าไปอยู่ใต้ “{key}”: ให้เว้นวรรคหน้า - {want} ช่อง",
                f"The list item (- …) on this line must be indented under '{key}': put {want} spaces before the -.",
                Mark(at + 1, here + 1))
    sibling = next((i for i in before if lines[i].lstrip().startswith("-") and _indent(lines[i]) != here), None)
    if sibling is None:
        return None
    want = _indent(lines[sibling])
    return (f"รายการ “- …” ในบรรทัดนี้ย่อหน้า {here} ช่อง ไม่ตรงกับรายการก่อนหน้า (บรรทัด {sibling + 1} ย่อหน้า {want} ช่อง): "
            f"ให้เว้นวรรคหน้า - ให้เท่ากัน ({want} ช่อง)",
            f"The list item (- …) on this line is indented {here} spaces, unlike the item before it (line {sibling + 1}, "
            f"{want} spaces): put the same {want} spaces before the -.", Mark(at + 1, here + 1))


# The mistakes people make in YAML, each told in words of what to do, at the line of the mistake.
def _second_document(exc, lines: list[str], at: int):
    """A line of "---" (or a %-directive) after the data: YAML starts a second document there."""
    if "another document" not in (getattr(exc, "problem", "") or ""):
        return None
    return ("ไฟล์นี้มีข้อมูลมากกว่าหนึ่งชุด: YAML อ่านบรรทัด --- (หรือบรรทัดที่ขึ้นต้นด้วย %) เป็นจุดเริ่มชุดใหม่ "
            "แต่ไฟล์หนึ่งคือรายงานหรือมาตรการเดียว ให้ลบบรรทัดนั้นออก หรือย้ายส่วนที่ตามมาไปเป็นไฟล์ใหม่",
            "This file holds more than one document: YAML reads a line of --- (or one starting with %) as the "
            "start of another, but a file is one report or one measure: remove that line, or move what follows "
            "into a file of its own.", Mark(at + 1, 1))


_DIAGNOSES = (_tab_at, _bad_escape, _unclosed_quote, _second_document, _colon_in_text, _items_after_empty_list,
              _misaligned_item)


def _too_deep(name: str, mark: Mark | None = None, where: Path_ = ()) -> Problem:
    return _err("yaml-too-deep", f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น ให้เขียนเป็นรายการหรือหัวข้อที่ตื้นกว่านี้",
                f"The data nests deeper than {MAX_DEPTH} levels: write it as flatter lists and keys.",
                name, mark, field=dotted(where) or None)


def _yaml_problem(exc: yaml.YAMLError, name: str, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    lines = text.split("\n")
    for diagnose in _DIAGNOSES:
        found = diagnose(exc, lines, mark.line if mark is not None else len(lines))
        if found:
            code = "text-with-colon" if diagnose is _colon_in_text else "yaml-syntax"
            return _err(code, found[0], found[1], name, found[2])
    where = Mark(mark.line + 1, mark.column + 1) if mark is not None else None
    what = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context_mark", None)
    started = context.line + 1 if context is not None and mark is not None and context.line != mark.line else None
    if started is not None:
        what += f"; {getattr(exc, 'context', '') or 'started'} at line {started}"
    hint_th, hint_en = "ตรวจการย่อหน้า (เว้นวรรคระดับละ ๒ ช่อง) และเครื่องหมาย : - \" ในบรรทัดนี้หรือบรรทัดก่อนหน้า", \
        "check the indentation (2 spaces a level) and the : - \" marks on this line or the one before"
    if started is not None:
        hint_th += f" (เริ่มที่บรรทัด {started})"
        hint_en += f" (it started at line {started})"
    return _err("yaml-syntax", f"รูปแบบ YAML ไม่ถูกต้อง: {hint_th} ({what})",
                f"YAML syntax error ({what}): {hint_en}", name, where)


_STR = "tag:yaml.org,2002:str"
# The tags YAML's safe reading knows; any other (!foo, !!python/object/...) is read as plain data, said.
_KNOWN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "timestamp", "binary", "merge", "value", "seq", "map", "omap", "pairs",
    "set"))


def _mark_of(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns a composed node tree into plain data while recording where each value and key stands
    (packed: see Marks)."""

    def __init__(self, name: str):
        self.name = name
        self.marks: dict[Path_, int] = {}
        self.key_marks: dict[Path_, int] = {}
        self.seen: set[int] = set()
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # One constructor per file: a constructor remembers every node it built, so a shared one
        # would keep every file's nodes alive (memory grew with each report of a batch).
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, where: Path_) -> object:
        start = node.start_mark
        self.marks[where] = (start.line + 1) << 32 | (start.column + 1)  # Marks.pack, inlined: once a value
        if id(node) in self.seen:
            packed = self.key_marks.get(where, self.marks[where])  # an alias: where it is used, not where it was defined
            raise UserError([_err(
                "yaml-alias", "ไม่รับการอ้างอิงซ้ำแบบ & และ * (anchor/alias) ให้เขียนข้อความเต็มแทน",
                "Anchors and aliases (& and *) are not accepted: write the text out.", self.name,
                Marks({where: packed})[where])])
        if len(self.seen) >= MAX_NODES:
            raise UserError([_err(
                "yaml-too-many-values", f"ไฟล์นี้มีข้อมูลเกิน {MAX_NODES:,} รายการ (เกินที่นี่) มากเกินมาตรการจริง "
                "ให้แบ่งเป็นหลายไฟล์หรือสรุปให้สั้นลง", f"This file holds more than {MAX_NODES:,} values (the "
                "bound is passed here), more than any real measure: split it or shorten it.", self.name,
                _mark_of(node), field=dotted(where) or None)])
        self.seen.add(id(node))
        if node.tag not in _KNOWN_TAGS:  # !foo, !!python/…: nothing runs, the value is read as plain data
            typed = clip(node.tag.replace("tag:yaml.org,2002:", "!!", 1), 60)
            self.warnings.append(_err(
                "yaml-unknown-tag", f"ไม่รู้จักแท็ก “{typed}” จึงอ่านค่านี้เป็นข้อมูลธรรมดา ให้ลบแท็กที่ขึ้นต้นด้วย ! ออก",
                f"Unknown tag '{typed}': the value is read as plain data. Remove the tag (the part "
                "starting with !).", self.name, _mark_of(node), field=dotted(where) or None, severity="warning"))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:  # most values: text as written
                return node.value
            return self._scalar(node)
        if len(where) >= MAX_DEPTH:
            raise UserError([_too_deep(self.name, _mark_of(node), where)])
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise UserError([_err("yaml-key", "ชื่อหัวข้อต้องเป็นข้อความ", "A key must be plain text.",
                                          self.name, _mark_of(key_node))])
                if key_node.tag == "tag:yaml.org,2002:merge":  # "<<:", which copies keys from an anchor
                    raise UserError([_err(
                        "yaml-alias", "ไม่รับ << (การรวมหัวข้อจากที่อื่นด้วย anchor) ให้เขียนหัวข้อเต็มแทน",
                        "The merge key << (keys copied from an anchor) is not accepted: write the keys out.",
                        self.name, _mark_of(key_node))])
                key = key_node.value
                if key_node.tag != _STR and isinstance(scalar := self._scalar(key_node), str):
                    key = scalar  # yes:, 1:, ~: stay as typed, not True, 1, None
                path = where + (key,)
                if key in out:
                    self.problems.append(_err(
                        "duplicate-key", f"หัวข้อ “{key}” ซ้ำกับที่เขียนไว้ก่อนหน้าในระดับเดียวกัน ให้ลบอันใดอันหนึ่ง",
                        f"The key '{key}' appears twice at this level: remove one.", self.name, _mark_of(key_node),
                        field=dotted(path)))
                start = key_node.start_mark
                self.key_marks[path] = (start.line + 1) << 32 | (start.column + 1)
                out[key] = self.build(value_node, path)
            return out
        return [self.build(item, where + (i,)) for i, item in enumerate(node.value)]

    def _scalar(self, node: yaml.Node) -> object:
        """A scalar as YAML reads it (text, a number, yes/no, null, !!binary's bytes, which validation
        reads or names), else its text as typed: a tag whose text does not fit it (!!int "", !!bool "",
        !!timestamp "") made PyYAML raise all kinds of errors, and a !!timestamp's date is the text
        the model reads dates from."""
        try:
            value = self.scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, LookupError, AttributeError, TypeError):
            return node.value
        return value if value is None or isinstance(value, (str, int, float, bytes)) else node.value


def dotted(where: Path_) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(path: Path) -> Source:
    """Reads one YAML file. Raises UserError with located problems; repairs (control characters
    removed) come back as warnings on the Source."""
    name = display_path(path)
    try:
        raw = files.read_regular(path, MAX_FILE_BYTES, path.name)  # never blocks on a FIFO
    except files.Refused as refused:
        raise UserError([_err(refused.code, refused.th, refused.en, name)]) from None
    except OSError as exc:
        raise UserError([_err("file-unreadable", f"อ่านไฟล์ไม่ได้: {exc.strerror}",
                              f"Cannot read the file: {exc.strerror}", name)]) from None
    text, warnings = _strip_controls(_decode(raw, name), name)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise UserError([_yaml_problem(exc, name, text)]) from None
    except RecursionError:  # PyYAML without libyaml composes by recursion: a deep file ends here
        raise UserError([_too_deep(name)]) from None
    if node is None:
        raise UserError([_err(
            "empty-file", "ไฟล์ว่างเปล่า ไม่มีข้อมูล (อาจบันทึกไม่สำเร็จหรือถูกล้าง) ให้เขียนข้อมูลลงไปใหม่ "
            "หรือคัดลอกจากไฟล์อื่นในโฟลเดอร์เดียวกันแล้วแก้ไข ถ้าไม่ใช้แล้วให้ลบไฟล์นี้ออก",
            "The file is empty (a save that failed, or emptied by mistake): write its data again, or copy another "
            "file of the folder and edit it; if it is not needed, delete it.", name, Mark(1, 1))])
    builder = _Builder(name)
    data = builder.build(node, ())
    if builder.problems:
        raise UserError(builder.problems)
    warnings += builder.warnings
    marks, key_marks = Marks(builder.marks), Marks(builder.key_marks)
    warnings = _with_fields(warnings, marks)
    if "\\" in text:  # escapes need a backslash: most files have none and are not walked
        data = _strip_escaped_controls(data, marks, name, warnings)
    return Source(path, name, data, marks, key_marks, warnings)




@dataclass
class Inputs:
    """A report folder as read from disk: report.yaml and the measure files, in file-name order."""

    folder: Path
    report: Source | None  # None when report.yaml could not be read (see problems)
    measures: list[Source]
    problems: list[Problem] = field(default_factory=list)  # files that could not be read
    results: Source | None = None  # ita-results.yaml, when the folder has it

    @property
    def warnings(self) -> list[Problem]:
        return [w for s in [self.report, *self.measures, self.results] if s is not None for w in s.warnings]


REPORT_FILE = "report.yaml"
MEASURES_DIR = "measures"
RESULTS_FILE = "ita-results.yaml"  # optional: last year's ITA results, for the analysis

_NUMBER = re.compile(r"([0-9๐-๙]+)")


def natural_key(name: str) -> tuple:
    """A file name's place as people read it: "2-…" before "10-…" (numbers, Thai digits too, compare
    by value; the name itself breaks ties, so the order never depends on the file system)."""
    parts = _NUMBER.split(name.casefold())
    key = tuple((0, int(thai_to_arabic(p)), "") if i % 2 else (1, 0, p) for i, p in enumerate(parts) if p)
    return key, name


def leading_number(name: str) -> int | None:
    """The number a file name starts with ("10-publishing.yaml" → 10), if any."""
    match = _NUMBER.match(name)
    return int(thai_to_arabic(match.group(1))) if match else None


_YAML_NAME = re.compile(r".+\.ya?ml(?:\.txt)?", re.IGNORECASE)


def _is_yaml_name(name: str) -> bool:
    """A name that is, or was meant to be, a YAML file: any case, and the ".txt" Notepad adds."""
    return bool(_YAML_NAME.fullmatch(name)) and not name.startswith(".")


def _rename_hint(wrong: str, right: str) -> tuple[str, str]:
    if wrong.lower().endswith(".txt"):
        return (f"เปลี่ยนชื่อ {wrong} เป็น {right} (Notepad เติม .txt และ Windows ซ่อนนามสกุลไว้: ใน File Explorer "
                f"เลือก View แล้วติ๊ก File name extensions จึงจะเห็นและลบ .txt ได้)",
                f"rename {wrong} to {right} (Notepad added .txt and Windows hides extensions: in File Explorer tick "
                f"View > File name extensions to see and remove it)")
    return f"เปลี่ยนชื่อ {wrong} เป็น {right}", f"rename {wrong} to {right}"


def _not_read(hint: tuple[str, str]) -> tuple[str, str]:
    return f"ไฟล์มาตรการนี้ไม่ได้ลงท้ายด้วย .yaml จึงไม่ถูกอ่าน: ให้{hint[0]}", \
        f"This measure file does not end in .yaml, so it is not read: {hint[1]}."


def _no_report_yaml(folder: Path) -> Problem:
    """The folder lacks report.yaml: say what to do, from what it holds instead."""
    name = display_path(folder)
    files = sorted((p.name for p in folder.iterdir() if p.is_file()), key=natural_key)
    near = [f for f in files if _is_yaml_name(f) and f.lower().startswith("report")]
    inside = [p.name for p in _subfolders(folder) if (p / REPORT_FILE).is_file()]
    if near:
        th, en = _rename_hint(near[0], REPORT_FILE)
        th, en = f"ไม่พบไฟล์ {REPORT_FILE} แต่พบ {near[0]}: ให้{th}", f"There is no {REPORT_FILE} here, but a {near[0]}: {en}."
    elif inside:
        shown = ", ".join(inside[:3]) + (" …" if len(inside) > 3 else "")
        th = (f"ไม่พบไฟล์ {REPORT_FILE} ในโฟลเดอร์นี้ แต่โฟลเดอร์ย่อย {shown} มี: ให้สั่งกับโฟลเดอร์เหล่านั้น "
              f"เช่น ita-report build {shell_path(folder / inside[0])}")
        en = (f"No {REPORT_FILE} in this folder, but its subfolders {shown} have one: name them, e.g. "
              f"ita-report build {shell_path(folder / inside[0])}")
    else:
        th = f"ไม่พบไฟล์ {REPORT_FILE} ในโฟลเดอร์รายงาน (เริ่มโฟลเดอร์ใหม่ได้ด้วย ita-report init)"
        en = f"The report folder has no {REPORT_FILE} (ita-report init starts one)."
    return _err("no-report-yaml", th, en, name)


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: natural_key(p.name))
    except OSError:
        return []


def _is_a_report(folder: Path) -> bool:
    """A report folder whose report.yaml is missing or misnamed (report.yml, report.yaml.txt): it has
    its measures/ folder or a report file by another name. Never a folder of reports, whose measures/
    would then be named as a report without report.yaml."""
    if (folder / MEASURES_DIR).is_dir():
        return True
    try:
        return any(p.is_file() and _is_yaml_name(p.name) and p.name.lower().startswith("report") for p in folder.iterdir())
    except OSError:
        return False


def _holds_yaml(folder: Path, depth: int = 2) -> bool:
    """Whether a folder (or its subfolders, a few levels down) holds a YAML file: a report folder
    that something is wrong with, never to be skipped without a word."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    if any(p.is_file() and _is_yaml_name(p.name) for p in entries):
        return True
    return depth > 0 and any(_holds_yaml(p, depth - 1) for p in entries if p.is_dir() and not p.name.startswith("."))


def load_folder(folder: Path) -> Inputs:
    """Reads report.yaml, measures/*.yaml and ita-results.yaml (when there) of a report folder. A file
    that cannot be read is kept as its problems, so that validation can still report on the others:
    every problem at once."""
    name = display_path(folder)
    if not folder.is_dir():
        raise UserError([_err("no-folder", "ไม่พบโฟลเดอร์รายงานนี้ ตรวจชื่อและตำแหน่งของโฟลเดอร์",
                              "No such report folder: check its name and place.", name)])
    report_path = folder / REPORT_FILE
    if not report_path.is_file():
        raise UserError([_no_report_yaml(folder)])
    measures_dir = folder / MEASURES_DIR
    # whatever a YAML name stands for (a FIFO, a broken link too) is read or named, never skipped
    found = sorted((p for p in measures_dir.iterdir() if not p.is_dir() and _is_yaml_name(p.name)),
                   key=lambda p: natural_key(p.name)) if measures_dir.is_dir() else []
    hidden = [p for p in found if p.name.lower().endswith(".txt")]
    measure_paths = [p for p in found if p not in hidden]
    if hidden:  # a measure missing from the table without a word is worse than a stop
        raise UserError([_err("measure-name", *_not_read(_rename_hint(p.name, p.name[:-4])), display_path(p))
                         for p in hidden])
    if not measure_paths:
        near = [p.name for p in _subfolders(folder) if p.name.lower() in ("measure", "measures") and p.name != MEASURES_DIR]
        hint = (f" ให้เปลี่ยนชื่อโฟลเดอร์ {near[0]} เป็น {MEASURES_DIR}", f": rename the folder {near[0]} to {MEASURES_DIR}") \
            if near else ("", "")
        raise UserError([_err("no-measures", f"ไม่พบไฟล์มาตรการใน {MEASURES_DIR}/ (ไฟล์ .yaml หนึ่งไฟล์ต่อหนึ่งมาตรการ){hint[0]}",
                              f"No measure files in {MEASURES_DIR}/ (one .yaml file per measure){hint[1]}.",
                              display_path(folder / MEASURES_DIR))])
    results_path = folder / RESULTS_FILE
    has_results = results_path.exists() or results_path.is_symlink()  # whatever it is, read or named
    problems: list[Problem] = []
    sources: list[Source | None] = []
    measures_inside = files.within(folder, measures_dir)
    for path in [report_path, *measure_paths, *([results_path] if has_results else [])]:
        try:
            # a link, or a file of a linked measures/, must lead inside (a FIFO, a device or a broken
            # link is named by load_yaml); a plain file in a plain folder needs no resolving
            if (path.is_symlink() or not measures_inside) and not files.within(folder, path):
                raise UserError([_err("path-link-outside", "ไฟล์นี้เป็นลิงก์ (symbolic link) ที่ชี้ออกไปนอกโฟลเดอร์รายงาน "
                                      "ให้คัดลอกไฟล์จริงมาไว้แทน", "This file is a symbolic link leading out of the "
                                      "report folder: copy the real file there instead.", display_path(path))])
            sources.append(load_yaml(path))
        except UserError as exc:
            problems += exc.problems
            sources.append(None)
    results = sources.pop() if has_results else None
    return Inputs(folder, sources[0], [s for s in sources[1:] if s is not None], problems, results)


def report_folders(paths: list[Path]) -> list[Path]:
    """The report folders named: a folder holding report.yaml is one; a folder without it but with
    report folders inside (one level down) stands for every subfolder that holds YAML, so that one
    whose report.yaml is misnamed (report.yml, Report.yaml, report.yaml.txt) fails with its message
    instead of vanishing from the count; anything else is kept, to fail with its own message."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / REPORT_FILE).is_file() and not _is_a_report(path):
            inside = [p for p in _subfolders(path) if (p / REPORT_FILE).is_file() or _holds_yaml(p)]
            if inside:
                found += inside
                continue
        found.append(path)
    return found

"""Stage 2, validate: plain data into models, with pydantic's errors turned into located problems
an official can act on."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import thai
from .load import Inputs, Places, Source, colon_hint, dotted, natural_key
from .model import ItaResults, Measure, Report
from .problems import Problem, UserError
from .thai import clip


@dataclass(frozen=True)
class SourcedMeasure:
    measure: Measure
    source: Places  # only to place findings: the values are the model's


@dataclass(frozen=True)
class ReportFolder:
    """A valid report: the models, and where each value stood in its file. The stages after this one
    read values from the models only (the YAML as typed is not kept), and the places only to say
    where a finding is."""

    path: Path  # the report folder
    report: Report
    source: Places  # report.yaml
    measures: list[SourcedMeasure]  # in table order
    warnings: list[Problem]
    results: ItaResults | None = None  # ita-results.yaml, when the folder has it
    results_source: Places | None = None  # where its values stood


def _all_field_names(model: type[BaseModel], seen: set | None = None) -> set[str]:
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for arg in _types_in(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= _all_field_names(arg, seen)
    return names


def _types_in(annotation) -> list:
    args = getattr(annotation, "__args__", None) or ()
    meta = getattr(annotation, "__metadata__", None)
    out = [annotation]
    for a in args:
        out += _types_in(a)
    if meta is not None:
        out += _types_in(getattr(annotation, "__origin__", None))
    return out


_KEYS: dict[type[BaseModel], list[str]] = {model: sorted(_all_field_names(model)) for model in (Report, Measure, ItaResults)}
_ALL_KEYS = set(_KEYS[Report]) | set(_KEYS[Measure])
_FIELDS = _ALL_KEYS | set(_KEYS[ItaResults])


def _parents(model: type[BaseModel], out: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Each key of a nested section and the keys it sits under (round1 → results): to say where a key
    typed at the wrong indentation belongs."""
    out = out if out is not None else {}
    for name, info in model.model_fields.items():
        origin = getattr(info.annotation, "__origin__", None)
        if origin is list:
            continue  # items of a list: their keys sit under "- ", not under a key
        for sub in _types_in(info.annotation):
            if isinstance(sub, type) and issubclass(sub, BaseModel):
                for key in sub.model_fields:
                    out.setdefault(key, set()).add(name)
                _parents(sub, out)
    return out


_PARENT: dict[type[BaseModel], dict[str, str]] = {m: {k: next(iter(v)) for k, v in _parents(m).items() if len(v) == 1} for m in (Report, Measure, ItaResults)}


def _sentences_with_colon(data: object, where: tuple = ()) -> list[tuple[tuple, str, object]]:
    """List items that YAML read as a one-key mapping because the sentence holds ": "
    (- ประชุมครั้งที่ 1: วันที่ 5 เมษายน): the official's own text, never an unknown key."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _sentences_with_colon(value, where + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if (isinstance(item, dict) and len(item) == 1 and isinstance(key := next(iter(item)), str)
                    and key not in _ALL_KEYS and not isinstance(item[key], (dict, list))):
                found.append((where + (i,), key, item[key]))
            else:
                found += _sentences_with_colon(item, where + (i,))
    return found

_TYPE_WORDS = {
    "string_type": ("ต้องเป็นข้อความ", "must be text"),
    "int_type": ("ต้องเป็นตัวเลขจำนวนเต็ม", "must be a whole number"),
    "int_parsing": ("ต้องเป็นตัวเลขจำนวนเต็ม", "must be a whole number"),
    "int_from_float": ("ต้องเป็นตัวเลขจำนวนเต็ม", "must be a whole number"),
    "list_type": ("ต้องเป็นรายการ (แต่ละข้อขึ้นต้นด้วย - )", "must be a list (each item starting with - )"),
    "model_type": ("ต้องเป็นหัวข้อย่อย (ชื่อหัวข้อ: ค่า)", "must be a mapping (key: value)"),
    "model_attributes_type": ("ต้องเป็นหัวข้อย่อย (ชื่อหัวข้อ: ค่า)", "must be a mapping (key: value)"),
    "dict_type": ("ต้องเป็นหัวข้อย่อย (ชื่อหัวข้อ: ค่า)", "must be a mapping (key: value)"),
    "string_too_short": ("ต้องไม่เว้นว่าง", "must not be empty"),
    "too_short": ("ต้องไม่เว้นว่าง", "must not be empty"),
    "date_type": ("ต้องเป็นวันที่", "must be a date"),
    # pydantic's words for these are English only and name its internals
    "int_parsing_size": ("เป็นตัวเลขที่ยาวเกินกว่าจะเป็นค่านี้ได้ ตรวจตัวเลข", "is a number too long to be this value; check it"),
    "finite_number": ("ต้องเป็นตัวเลขจริง (ไม่ใช่ .inf หรือ .nan) ตรวจตัวเลข", "must be a real number (not .inf or .nan)"),
    "string_unicode": ("มีข้อมูลที่อ่านเป็นตัวอักษรไม่ได้ (เช่น เขียนด้วย !!binary) ให้พิมพ์ข้อความนั้นใหม่เป็นตัวอักษรธรรมดา",
                       "holds bytes that are not text (written with !!binary, say): type it again as plain text"),
    "date_from_datetime_inexact": ("ต้องเป็นวันที่ เช่น 20 เมษายน 2565 หรือ 2565-04-20 (ไม่ใช่ตัวเลขทศนิยม)",
                                   "must be a date such as 20 เมษายน 2565 or 2565-04-20 (not a decimal number)"),
    "date_from_datetime_parsing": ("ต้องเป็นวันที่ เช่น 20 เมษายน 2565 หรือ 2565-04-20",
                                   "must be a date such as 20 เมษายน 2565 or 2565-04-20"),
}

# pydantic's own error kinds the models can raise, and the code each message carries (a kind model.py
# raises itself, PydanticCustomError("fiscal-year", ...), is its own code); README.th.md explains each
# (tests/test_guide.py holds both to it)
KIND_CODES = {kind: kind.replace("_", "-") for kind in (
    "extra_forbidden", "missing", "literal_error", *_TYPE_WORDS)}


def _data_path(data: object, loc: tuple) -> tuple:
    """pydantic's error location without the union tags ("text"/"mapping" right after a list index):
    the path of the value in the YAML file."""
    path, here, previous = [], data, None
    for part in loc:
        if part in ("text", "mapping") and isinstance(previous, int):
            previous = part
            continue  # a union tag, not a key
        previous = part
        if isinstance(here, dict) and part in here:
            path.append(part)
            here = here[part]
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            path.append(part)
            here = here[part]
        elif isinstance(part, str) and isinstance(here, dict) and part in _FIELDS:
            path.append(part)  # a missing key
            here = None
        # else the name pydantic gives a member of a union ("list[chain[…]]"): no key of the file
    return tuple(path)


def _problem(err: ErrorDetails, source: Source, model: type[BaseModel]) -> Problem:
    path = _data_path(source.data, err["loc"])
    kind = err["type"]
    value = err.get("input")
    shown = value if isinstance(value, (str, int, float)) else None
    key = path[-1] if path else ""
    parent = _PARENT[model].get(str(key)) if kind == "extra_forbidden" else None
    if parent is not None and parent != (path[-2] if len(path) > 1 else None):
        th = (f"หัวข้อ “{key}” อยู่ผิดระดับ: ต้องย่อหน้าเข้าไปอยู่ใต้ “{parent}:” "
              f"(เว้นวรรคหน้า {key} มากกว่าหน้า {parent} ๒ ช่อง)")
        en = f"The key '{key}' is at the wrong level: indent it under '{parent}:' (2 more spaces than {parent})."
        mark = source.mark(path, key=True)
        kind = "wrong-level"
    elif kind == "extra_forbidden":
        close = difflib.get_close_matches(str(key), _KEYS[model], n=1, cutoff=0.6)
        th = f"ไม่รู้จักหัวข้อ “{key}”" + (f" หมายถึง “{close[0]}” หรือไม่" if close else " ให้ลบออกหรือตรวจการสะกด")
        en = f"Unknown key '{key}'" + (f": did you mean '{close[0]}'?" if close else ": remove it or check its spelling.")
        mark = source.mark(path, key=True)
    elif kind == "missing":
        th, en = f"ขาดหัวข้อ “{key}” ที่ต้องมี", f"The required key '{key}' is missing."
        mark = source.mark(path[:-1])
    elif kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        th, en = f"ค่า “{value}” ใช้ไม่ได้ ต้องเป็น {expected}", f"The value '{value}' is not allowed: use {expected}."
        mark = source.mark(path)
    elif kind in _TYPE_WORDS:
        words = _TYPE_WORDS[kind]
        th, en = f"“{key}” {words[0]}", f"'{key}' {words[1]}"
        mark = source.mark(path)
    elif "en" in (err.get("ctx") or {}):
        th, en = err["msg"], err["ctx"]["en"]
        mark = source.mark(path)
    else:
        th = en = f"'{key}': {err['msg']}"
        mark = source.mark(path)
    return Problem(KIND_CODES.get(kind, kind.replace("_", "-")), th, en, file=source.name, line=mark.line if mark else None,
                   column=mark.column if mark else None, field=dotted(path) or None,
                   value=str(shown) if shown is not None else None)


M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], source: Source, problems: list[Problem], folder: Path | None = None) -> M | None:
    if not isinstance(source.data, dict):
        problems.append(Problem(
            "not-a-mapping", "ไฟล์นี้ต้องเป็นหัวข้อแบบ ชื่อหัวข้อ: ค่า (ไม่ใช่รายการหรือข้อความเดียว)",
            "This file must hold key: value pairs (not a list or a single text).",
            file=source.name, line=1, column=1))
        return None
    sentences = _sentences_with_colon(source.data) if model is Measure else []  # lists of text live there
    try:
        # the folder in the context: paths in the YAML are checked against it (files.inside)
        return model.model_validate(source.data, context={"folder": folder} if folder is not None else None)
    except ValidationError as exc:
        errors = [(err, _data_path(source.data, err["loc"])) for err in exc.errors()]
        # what follows from a sentence read as a key, or from a key typed under the wrong parent, is
        # said once, by the message that says what to do
        items = [where for where, _, _ in sentences]
        lists = {where[:-1] for where in items}
        misplaced = {path[:-1] + (_PARENT[model][path[-1]],) for err, path in errors
                     if err["type"] == "extra_forbidden" and path and _PARENT[model].get(str(path[-1]))}

        def said_already(err: ErrorDetails, path: tuple) -> bool:
            return (path in lists or any(path[:len(item)] == item for item in items)
                    or (path in misplaced and err["type"] in _TYPE_WORDS))

        for where, key, value in sentences:
            text = f"{key}: {value}" if value not in (None, "") else f"{key}:"
            th, en = colon_hint("- ", text)
            problems.append(source.locate(Problem("text-with-colon", th, en, value=clip(text, 80)), where + (key,), key=True))
        problems += [_problem(err, source, model) for err, path in errors if not said_already(err, path)]
        return None


def validate(inputs: Inputs) -> ReportFolder:
    """Every file's problems at once; raises UserError when any is an error."""
    problems: list[Problem] = list(inputs.problems)
    source = inputs.report
    report = _validate(Report, source, problems, inputs.folder) if source is not None else None
    measures = []
    for measure_source in inputs.measures:
        measure = _validate(Measure, measure_source, problems)  # no paths in a measure
        if measure is not None:
            measures.append(SourcedMeasure(measure, measure_source.places))
    results_source = inputs.results
    results = _validate(ItaResults, results_source, problems) if results_source is not None else None
    if problems or source is None or report is None:  # a report.yaml not read or not valid put its problems there
        raise UserError(sorted(problems, key=Problem.sort_key) + inputs.warnings)
    measures.sort(key=lambda m: (m.measure.order is None, m.measure.order or 0, natural_key(m.source.path.name)))
    return ReportFolder(inputs.folder, report, source.places, measures,
                        inputs.warnings + _place_words(source), results,
                        results_source.places if results_source is not None else None)


def _place_words(source: Source) -> list[Problem]:
    """อำเภอ/จังหวัด typed before the name: taken off by the model (the documents print the word), said
    here, where the name as typed is still at hand."""
    organisation = source.data.get("organisation") if isinstance(source.data, dict) else None
    out = []
    for key, words, label in (("district", thai.DISTRICT_WORDS, ("อำเภอ", "district")),
                              ("province", thai.PROVINCE_WORDS, ("จังหวัด", "province"))):
        raw = organisation.get(key) if isinstance(organisation, dict) else None
        name, word = thai.without_place_word(raw, words) if isinstance(raw, str) else (raw, None)
        if word:
            out.append(source.locate(Problem(
                "place-word", f"ตัดคำว่า “{word}” หน้า “{name}” ออกแล้ว เพราะเอกสารพิมพ์คำว่า{label[0]}ให้เอง "
                f"(ไม่เช่นนั้นจะเป็น “{label[0]}{raw}”) แก้ใน report.yaml เป็น {key}: {name} ได้",
                f"Took the word '{word}' off '{name}': the documents print {label[0]} ({label[1]}) themselves "
                f"(else '{label[0]}{raw}'); write {key}: {name} in report.yaml.", severity="note", value=raw),
                ("organisation", key)))
    return out

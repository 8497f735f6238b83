"""The officials' message guide (README.th.md, section ๖) and the codes the program prints, both ways:
every code in the guide is one the program can print, and every code the program can print is in the
guide, so an official who reads "(code)" at the end of a message line finds what to do.

The program's codes are read from its source with `ast`: the string given as the code to anything that
makes a message (Problem, a class with a `code` field such as files.Refused, pydantic's
PydanticCustomError whose kind validate.py reports as the code, and every helper that passes its own
argument on as the code, however many steps away), and the codes validate.py gives pydantic's own error
kinds (validate.KIND_CODES)."""
from __future__ import annotations

import ast
import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from conftest import EXAMPLE, ROOT
from ita_report import validate
from ita_report.model import ItaResults, Measure, Report

PACKAGE = ROOT / "ita_report"
GUIDE = ROOT / "README.th.md"
# pydantic's error, whose kind (its first argument) validate.py reports as the message's code
EXTERNAL = {("pydantic_core", "PydanticCustomError"): (0, "error_type")}


def guide_codes() -> list[str]:
    """The codes of the guide's table, in section ๖ of README.th.md, in the order written."""
    text = GUIDE.read_text(encoding="utf-8")
    section = re.search(r"^## ๖\..*?(?=^## |\Z)", text, flags=re.M | re.S)
    assert section, "README.th.md has no section ## ๖. (the message guide)"
    return re.findall(r"^\| `([a-z0-9-]+)`", section.group(), flags=re.M)


@dataclass
class Module:
    name: str  # dotted, inside the package: "files", "render.pdf"
    path: Path
    tree: ast.Module
    imported: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # local name: (module, name or None)


def _modules(package: Path) -> dict[str, Module]:
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)  # a package is named as imported
        modules[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    for module in modules.values():
        package = module.name.split(".")[:-1]
        if module.path.name == "__init__.py":
            package = module.name.split(".")
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ImportFrom):
                base = package[:len(package) - (node.level - 1)] if node.level else []
                source = ".".join(base + (node.module.split(".") if node.module else []))
                source = source if node.level else (node.module or "")
                for alias in node.names:
                    local = alias.asname or alias.name
                    whole = f"{source}.{alias.name}".lstrip(".")
                    # `from . import files` names a module; `from .files import Refused` a thing in one
                    module.imported[local] = (whole, None) if node.level and whole in modules else (source, alias.name)
    return modules


def _functions(module: Module):
    """(key, function, parameters): top-level functions keyed (module, name), methods ("", name)."""
    for node in module.tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield (module.name, node.name), node, [a.arg for a in node.args.posonlyargs + node.args.args]
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    params = [a.arg for a in item.args.posonlyargs + item.args.args]
                    is_static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in item.decorator_list)
                    yield ("", item.name), item, params if is_static else params[1:]


def _callee(module: Module, call: ast.Call) -> tuple[str, str] | None:
    """Who a call calls, as a key: (module, name) of the package, ("", method), or an outside name."""
    func = call.func
    if isinstance(func, ast.Name):
        if func.id in module.imported:
            return module.imported[func.id][0], module.imported[func.id][1] or ""
        return module.name, func.id
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id in module.imported:
            source, name = module.imported[func.value.id]
            return (f"{source}.{name}" if name else source), func.attr
        return "", func.attr
    return None


Carriers = dict  # who takes a code: {(module, name): {position: (keyword, {template, ...})}}


def _code_argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _code_arguments(module: Module, call: ast.Call, carriers: Carriers):
    """(argument, the templates its value goes into) for each code a call gives a carrier."""
    for position, (keyword, templates) in carriers.get(_callee(module, call), {}).items():
        argument = _code_argument(call, position, keyword)
        if argument is not None:
            yield argument, templates


def _parameter_in(argument: ast.expr, params: list[str]) -> tuple[str, str] | None:
    """(parameter, template) when the argument is one of the function's parameters, as it stands
    (code) or in a string made around it (f"{prefix}-unreadable")."""
    if isinstance(argument, ast.Name) and argument.id in params:
        return argument.id, "{}"
    if isinstance(argument, ast.JoinedStr):
        holes = [v for v in argument.values if isinstance(v, ast.FormattedValue)]
        if (len(holes) == 1 and isinstance(holes[0].value, ast.Name) and holes[0].value.id in params
                and holes[0].format_spec is None and holes[0].conversion == -1):
            return holes[0].value.id, "".join("{}" if v is holes[0] else v.value for v in argument.values)
    return None


def _carriers(modules: dict[str, Module]) -> Carriers:
    """Everything that takes a message code, and where. Classes of a message (fields code, th and en:
    Problem, files.Refused), pydantic's custom error, and every function or method that passes one of its
    parameters on as the code of one of these, as it stands or inside a string (then the template
    says how: "{}-unreadable")."""
    carriers: Carriers = {key: {position: (keyword, {"{}"})} for key, (position, keyword) in EXTERNAL.items()}
    for module in modules.values():
        for node in module.tree.body:
            if isinstance(node, ast.ClassDef):
                fields = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
                if {"code", "th", "en"} <= set(fields):  # a message: its code, its Thai, its English
                    carriers[(module.name, node.name)] = {fields.index("code"): ("code", {"{}"})}
    changed = True
    while changed:
        changed = False
        for module in modules.values():
            for key, function, params in _functions(module):
                for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                    for argument, templates in list(_code_arguments(module, call, carriers)):
                        if (passed := _parameter_in(argument, params)) is None:
                            continue
                        param, template = passed
                        known = carriers.setdefault(key, {}).setdefault(params.index(param), (param, set()))[1]
                        new = {t.replace("{}", template) for t in templates} - known
                        known |= new
                        changed = changed or bool(new)
    return carriers


def _assigned(scope: ast.AST, name: str) -> list[ast.expr]:
    """The values a name is given in a function (or module): `name = …`, `name, th, en = …, …, …`."""
    values = []
    for node in ast.walk(scope):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name) and target.id == name:
                    values.append(node.value)
                elif isinstance(target, ast.Tuple):
                    names = [t.id if isinstance(t, ast.Name) else None for t in target.elts]
                    if name in names:
                        value = node.value
                        values.append(value.elts[names.index(name)] if isinstance(value, ast.Tuple) else value)
    return values


@dataclass
class Found:
    codes: dict[str, list[str]] = field(default_factory=dict)  # code: where it is made ("files.py:30")
    unread: list[str] = field(default_factory=list)  # code arguments that are no string this can follow


def _read(expr: ast.expr, scope: ast.AST, params: list[str], where: str, found: Found, templates: set[str],
          spelling=lambda c: c) -> None:
    """The codes an argument can be: strings, through names, choices and pydantic's spelling."""
    def again(expr, spelling=spelling):
        _read(expr, scope, params, where, found, templates, spelling)

    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        for template in templates:
            found.codes.setdefault(template.replace("{}", spelling(expr.value)), []).append(where)
    elif isinstance(expr, ast.IfExp):
        again(expr.body)
        again(expr.orelse)
    elif isinstance(expr, ast.Attribute) and expr.attr == "code":
        pass  # a code carried on (refused.code): read where the Refused or Problem was made
    elif _parameter_in(expr, params):
        pass  # made from the helper's own parameter: read at the helper's calls
    elif isinstance(expr, ast.Name) and (values := _assigned(scope, expr.id)):
        for value in values:
            again(value)
    elif (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "replace"
          and [getattr(a, "value", None) for a in expr.args] == ["_", "-"]):
        again(expr.func.value, lambda c: spelling(c.replace("_", "-")))
    elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get":
        for argument in expr.args:  # KIND_CODES.get(kind, …): the table's own codes are read from it
            again(argument)
    else:
        found.unread.append(f"{where}: {ast.unparse(expr)}")


@lru_cache
def source_codes(package: Path = PACKAGE) -> Found:
    """Every code the program's source gives a message, and where."""
    modules = _modules(package)
    carriers = _carriers(modules)
    found = Found()
    for module in modules.values():
        scopes = [(module.tree, [])] + [(function, params) for _, function, params in _functions(module)]
        for scope, params in scopes:
            nested = {id(n) for f in ast.walk(scope) if f is not scope and isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                      for n in ast.walk(f)} if scope is module.tree else set()
            for call in (n for n in ast.walk(scope) if isinstance(n, ast.Call) and id(n) not in nested):
                for argument, templates in _code_arguments(module, call, carriers):
                    where = f"{module.path.relative_to(package).as_posix()}:{call.lineno}"
                    _read(argument, scope, params, where, found, templates)
    for code in validate.KIND_CODES.values():
        found.codes.setdefault(code, []).append("validate.py: KIND_CODES")
    return found


def test_every_message_code_in_the_thai_guide_exists():
    codes = guide_codes()
    assert len(codes) > 10
    made = source_codes().codes
    gone = [c for c in codes if c not in made]
    assert not gone, f"README.th.md explains codes the program no longer makes: {gone}"
    assert len(codes) == len(set(codes)), "a code has two rows in README.th.md"


def _undocumented(found: Found) -> dict[str, list[str]]:
    guide = set(guide_codes())
    return {code: where for code, where in sorted(found.codes.items()) if code not in guide}


def test_every_code_the_program_can_print_is_in_the_thai_guide():
    found = source_codes()
    # the one code argument that is no string: pydantic's error kind, whose codes are validate.KIND_CODES
    unread = [u for u in found.unread if not re.fullmatch(r"validate\.py:\d+: err\['type'\]", u)]
    assert not unread, "a message code the test cannot read: write it as a string where the message is made"
    assert len(found.codes) > 60  # the reading found the helpers (checks._warn, load._err, files.Refused, ...)
    missing = _undocumented(found)
    assert not missing, ("add a row for each to the table in README.th.md, section ๖ "
                         "(| `code` (คำเตือน) | ความหมาย | วิธีแก้ |):\n"
                         + "\n".join(f"{code}  ({', '.join(where)})" for code, where in missing.items()))


def test_a_new_code_is_found_however_it_is_made(tmp_path):
    """The reading is no list kept by hand: a code made in a new check through checks._warn, one
    through a new helper of a helper, one chosen between two strings and one carried by a Refused
    are all found, and not being in the guide is what the test above reports."""
    package = tmp_path / "ita_report"
    for path in PACKAGE.rglob("*.py"):
        (package / path.relative_to(PACKAGE)).parent.mkdir(parents=True, exist_ok=True)
        (package / path.relative_to(PACKAGE)).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with open(package / "checks.py", "a", encoding="utf-8") as out:
        out.write('\n\ndef _new_check():\n    return [_warn("brand-new-warning", "ใหม่", "new")]\n'
                  '\n\ndef _twice_removed(what, th):\n    return _warn(what, th, th)\n'
                  '\n\ndef _another_check():\n    return [_twice_removed("brand-new-helper", "ใหม่")]\n')
    with open(package / "render" / "pdf.py", "a", encoding="utf-8") as out:
        out.write('\n\ndef _new_refusal(name):\n    code = "brand-new-refusal" if name else "brand-new-empty"\n'
                  '    raise UserError([Problem(code, name, name, severity="note")])\n')
    with open(package / "files.py", "a", encoding="utf-8") as out:
        out.write('\n\ndef _new_file_check(name):\n    return Refused("brand-new-file", name, name)\n')
    found = source_codes(package)
    new = {"brand-new-warning", "brand-new-helper", "brand-new-refusal", "brand-new-empty", "brand-new-file"}
    assert set(_undocumented(found)) - set(_undocumented(source_codes())) == new
    assert found.unread == source_codes().unread


# ---------------------------------------------------------------- pydantic's own kinds

def _example_documents() -> list[tuple[type, dict]]:
    """The example's files with every optional part filled in, so that each field can be broken."""
    report = yaml.safe_load((EXAMPLE / "report.yaml").read_text(encoding="utf-8"))
    report["settings"] = {"font": "TH Sarabun New", "digits": "thai", "keep_arabic": ["ISO 9001"]}
    report["publication"]["announcement"]["signer"] = {"name": "นายหนึ่ง สอง", "position": "นายก"}
    report["publication"]["form"].update(subject="เรื่อง", link="https://example.go.th", remarks=["หนึ่ง"],
                                         provider={"name": "นายหนึ่ง สอง", "position": "นายก"})
    results = yaml.safe_load((EXAMPLE / "ita-results.yaml").read_text(encoding="utf-8"))
    results["grading"] = {"pass_mark": 85, "levels": {"A": 85, "F": 0}}
    measures = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((EXAMPLE / "measures").glob("*.yaml"))]
    return [(Report, report), (ItaResults, results)] + [(Measure, m) for m in measures]


# What the loader can give where a value is expected, YAML's explicit tags (!!binary, !!set,
# !!timestamp, !!omap) included (a lone surrogate, "\udcff", it refuses as a syntax error).
HOSTILE = [None, True, 0, -1, 7, 1.5, 1e300, float("nan"), float("inf"), 10 ** 40, "", "  ", "x", "๙",
           "2565-13-40", "1e5", "99999999999999999999999", b"\xff", [], [None], [[]], [{}],
           {}, {"x": 1}, {"text": None}, {"text": "a", "x": 1}, {1, 2}, [("a", 1)], dt.date(2022, 1, 1),
           dt.datetime(2022, 1, 1, 10, 30), dt.datetime(9999, 12, 31, 23, 59)]


def _paths(data, where=()):
    yield where
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _paths(value, where + (key,))


def _with(data, where, value=None, drop=False):
    data = copy.deepcopy(data)
    if not where:
        return value
    here = data
    for key in where[:-1]:
        here = here[key]
    if drop:
        del here[where[-1]]
    else:
        here[where[-1]] = value
    return data


def test_every_kind_the_models_raise_on_a_hostile_value_has_a_code_in_validate():
    """Each field of report.yaml, a measure and ita-results.yaml given each hostile value (and taken
    away, and given an unknown key beside it): every kind pydantic reports is a kind of
    validate.KIND_CODES, or one of model.py's own (PydanticCustomError("fiscal-year", ...)), which the
    source reading finds. So the guide test covers what validation can print."""
    own = set(source_codes().codes)
    kinds = set()
    for model, data in _example_documents():
        for where in _paths(data):
            here = data
            for key in where:
                here = here[key]
            tries = [_with(data, where, value) for value in HOSTILE]
            tries += [_with(data, where, drop=True)] if where else []
            tries += [_with(data, where, {**here, "zz": 1})] if isinstance(here, dict) else []
            for attempt in tries:
                try:
                    model.model_validate(attempt, context={"folder": EXAMPLE})
                except ValidationError as exc:
                    kinds |= {err["type"] for err in exc.errors()}
    assert {"extra_forbidden", "missing", "string_type", "fiscal-year", "score"} <= kinds
    unknown = sorted(k for k in kinds if k not in validate.KIND_CODES and k not in own)
    assert not unknown, "add these to validate.KIND_CODES, and a row for each code to README.th.md"

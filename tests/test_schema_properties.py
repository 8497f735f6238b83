"""Anything the JSON Schemas accept, the tool takes to the end (issue 18). Report folders are
generated from the tool's own schemas (the recursive steps resolved to a few levels; `instances`
turns a schema into a Hypothesis strategy, as hypothesis-jsonschema would, whose last release no
longer runs with current Hypothesis), with Thai text, dates in every form the tool reads, optional
keys left out and a few hostile paths. Each goes through `check`, `build` (every format but PDF),
`rollover` and `import` of the built .docx: never a traceback or an internal error; every problem
has its file and line; and where the schema accepted the folder, the only errors are the ones a
schema cannot know (a file that is not there, two measures with one order, a day not in the
calendar).

The CI run is seeded and small (EXAMPLES); `pytest -m long tests/test_schema_properties.py` runs
LONG_EXAMPLES with a fresh seed each time (see README.md)."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, event, given, seed, settings, strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLE, png
from ita_report import cli, thai
from ita_report.pipeline import build, prepare
from ita_report.problems import Problem, UserError
from ita_report.resources import shipped_templates
from ita_report.schema import schema_texts

SEED = 18  # the CI run's examples are the same every time
EXAMPLES = {"measures": 120, "report": 100, "folder": 100}  # per test, in CI (about 40 s on 2 cores)
LONG_EXAMPLES = 1000  # per test, under `-m long`, seeded afresh each run
STEP_LEVELS = 3  # steps inside steps, as deep as the generated measures go

# Errors a folder the schema accepts may still have: what a schema cannot see.
BEYOND_SCHEMA = {
    "duplicate-order",  # two files with one order
    # what a named path is on disk (files.py): missing, outside the folder, a link out of it, not an image
    "no-emblem", "emblem-not-image", "emblem-broken", "no-templates-folder", "path-outside", "path-absolute",
    "path-link-outside", "not-a-file", "file-unreadable",
    "date",  # a day not in the calendar (31 February)
}

# ---------------------------------------------------------------- the schemas, made finite


def resolved(schema: dict, levels: int = STEP_LEVELS) -> dict:
    """The schema with every $ref written out; a definition that refers to itself (Step) goes
    `levels` deep, and below that only its plain-text form is left."""
    defs = schema.get("$defs", {})

    def walk(node, stack: tuple):
        if isinstance(node, list):
            return [walk(n, stack) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if stack.count(name) >= levels:
                return False
            inner = walk(defs[name], stack + (name,))
            rest = {k: walk(v, stack) for k, v in node.items() if k != "$ref"}
            return {**inner, **rest}
        out = {k: walk(v, stack) for k, v in node.items() if k not in ("$defs", "$schema")}
        for key in ("oneOf", "anyOf"):
            if key in out:
                out[key] = [n for n in out[key] if n is not False]
        return out

    return walk(schema, ())


def with_formats(node, key: str | None = None):
    """Every free text gets a format this file generates: Thai text, a date, or a path."""
    if isinstance(node, list):
        return [with_formats(n, key) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: with_formats(v, k if k not in ("anyOf", "oneOf", "items") else key) for k, v in node.items()}
    if node.get("type") == "string" and "enum" not in node:
        out["format"] = {"date": "thai-date", "emblem": "report-path", "templates": "report-path"}.get(key, "thai-text")
    if "properties" in node:
        out["properties"] = {k: with_formats(v, k) for k, v in node["properties"].items()}
    return out


SCHEMAS = {name.split(".")[0]: json.loads(text) for name, text in schema_texts().items()}

# ---------------------------------------------------------------- Thai text, dates and paths

THAI_WORDS = ["มาตรการ", "ประชาสัมพันธ์", "ผู้บริหาร", "ครั้งที่", "หมู่บ้าน", "อบต.นาโสม", "กองคลัง", "นายก",
              "ปลัด", "เมื่อวันที่", "ผลการดำเนินงาน", "วิธีการดำเนินการ", "ความโปร่งใส", "รักษาการแทน", "ำ", "่", "ั"]
MARKS = [" ", "  ", "-", "- ", ".", "(", ")", "/", ":", ": ", "#", "'", '"', "|", "{{ x }}", "{%", "<b>", "&amp;", "\n",
         "\t", "\\", "*", "!", "%", "@", "`", ",", "[", "]", "ISO 9001", "COVID-19", "https://nasom.go.th/ita2565",
         "๑.", "3.1", "(1)", "…", "\u200b", "\u00a0", "\u2028"]
DIGITS = list("0123456789๐๑๒๓๔๕๖๗๘๙")


def date_forms(day: dt.date) -> st.SearchStrategy[str]:
    """One day in each way the tool reads (README: Dates may be written as ...)."""
    be, m, d = thai.be_year(day.year), day.month, day.day
    forms = [f"{d} {thai.MONTHS[m - 1]} {be}", f"{d} {thai.MONTHS_SHORT[m - 1]} {be % 100:02d}",
             f"{d}/{m}/{be}", f"{be}-{m:02d}-{d:02d}", day.isoformat(), f"วันที่ {d} {thai.MONTHS_SHORT[m - 1]} พ.ศ. {be}",
             f"{d} {thai.MONTHS[m - 1]} {day.year}", f"{d}/{m}/{day.year}", f" {d}  {thai.MONTHS[m - 1]}.{be} "]
    return st.sampled_from(forms).flatmap(lambda text: st.sampled_from([text, thai.to_thai_digits(text)]))


thai_text = st.one_of(
    st.lists(st.sampled_from(THAI_WORDS) | st.sampled_from(MARKS) | st.sampled_from(DIGITS)
             | st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)).flatmap(date_forms), min_size=1, max_size=8)
    .map("".join),
    st.text(min_size=1, max_size=12),
)
thai_dates = st.one_of(
    st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)).flatmap(date_forms),
    st.sampled_from(["", " ", "31 กุมภาพันธ์ 2565", "30/2/65", "2565-13-01", "20 เมษา 65", "เมื่อวาน", "2565"]),
    st.from_regex(thai.DATE_PATTERN, fullmatch=True).filter(lambda s: len(s) < 40),
)
OUTSIDE = "{outside}"  # replaced by the path of a real image outside the report folder
report_paths = st.sampled_from(["garuda.png", "garuda.jpg", "notes.txt", "templates", "sub/garuda.png",
                                "ตราครุฑ.png", "report.yaml", "measures", ".", "..", "../garuda.png", OUTSIDE,
                                "ไม่มี.png", "missing/"]) | thai_text
FORMATS = {"thai-text": thai_text, "thai-date": thai_dates, "report-path": report_paths}


# The keywords the tool's schemas use. A schema that grows another one fails here first, so that
# what it says is generated too, never skipped.
KEYWORDS = {"type", "properties", "required", "additionalProperties", "items", "anyOf", "oneOf", "enum",
            "minLength", "pattern", "format", "minimum", "maximum", "title", "description", "examples", "default"}


def instances(node) -> st.SearchStrategy:
    """What a (resolved) schema accepts: optional keys left out or not, each alternative of a union."""
    if node is False:
        return st.nothing()
    assert set(node) <= KEYWORDS, set(node) - KEYWORDS
    alternatives = node.get("anyOf") or node.get("oneOf")
    if alternatives:
        return st.one_of([instances(n) for n in alternatives if n is not False])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node["type"]
    if kind == "object":
        assert node.get("additionalProperties") is False  # the tool refuses unknown keys everywhere
        required = set(node.get("required", ()))
        fields = {k: instances(v) for k, v in node["properties"].items()}
        return st.fixed_dictionaries({k: s for k, s in fields.items() if k in required},
                                     optional={k: s for k, s in fields.items() if k not in required})
    if kind == "array":
        return st.lists(instances(node["items"]), max_size=4)
    if kind == "string":
        pattern = re.compile(node.get("pattern", ""))
        return FORMATS[node["format"]].filter(
            lambda s: len(s) >= node.get("minLength", 0) and pattern.search(s) is not None)
    if kind == "integer":
        return st.integers(node.get("minimum"), node.get("maximum"))
    assert kind == "null", kind
    return st.none()


def generated(name: str) -> st.SearchStrategy[dict]:
    return instances(with_formats(resolved(SCHEMAS[name])))


measures_st = st.lists(generated("measure"), min_size=1, max_size=3)
report_st = generated("report")
file_names = st.sampled_from(["มาตรการ", "a b", "x", "การเผยแพร่ ข้อมูล", "m"]).map(lambda s: s + ".yaml") | st.just("y.yml")


def example_data(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)


class _TextDates(yaml.SafeLoader):
    """Dates stay text, as the tool reads them."""


_TextDates.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
EXAMPLE_REPORT = example_data(EXAMPLE / "report.yaml")
EXAMPLE_MEASURES = [example_data(p) for p in sorted((EXAMPLE / "measures").glob("*.yaml"))]

# ---------------------------------------------------------------- one folder through the tool


def write_folder(root: Path, report: dict, measures: list[dict], names: list[str], newline: str) -> Path:
    """A report folder as a person would leave it: the YAML, the images and own templates it names."""
    folder = root / "รายงาน 2565"
    (folder / "measures").mkdir(parents=True)
    (folder / "templates").mkdir()
    (folder / "sub").mkdir()
    shutil.copy(shipped_templates() / "memo.j2", folder / "templates" / "memo.j2")
    for image in (folder / "garuda.png", folder / "garuda.jpg", folder / "sub" / "garuda.png", folder / "ตราครุฑ.png",
                  root / "garuda.png"):
        png(image)
    (folder / "notes.txt").write_text("ไม่ใช่รูป", encoding="utf-8")
    outside = str(root / "garuda.png")
    report = json.loads(json.dumps(report, ensure_ascii=False).replace(json.dumps(OUTSIDE)[1:-1], outside))

    def dump(data: dict, schema: str) -> bytes:
        text = f"# yaml-language-server: $schema={schema}\n" + yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=80)
        return text.replace("\n", newline).encode("utf-8")

    (folder / "report.yaml").write_bytes(dump(report, "schemas/report.schema.json"))
    for i, (measure, name) in enumerate(zip(measures, names), 1):
        (folder / "measures" / f"{i:02d}-{name}").write_bytes(dump(measure, "../schemas/measure.schema.json"))
    return folder


def accepted(report: dict, measures: list[dict]) -> bool:
    return jsonschema.Draft202012Validator(SCHEMAS["report"]).is_valid(report) and all(
        jsonschema.Draft202012Validator(SCHEMAS["measure"]).is_valid(m) for m in measures)


def invoke(*args: str):
    result = CliRunner().invoke(cli.app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert "internal-error" not in result.output and "Traceback" not in result.output, result.output
    return result


def checked(folder: Path, round_: int) -> list[dict]:
    """`check` in JSON: every problem, which must each have its file and line."""
    result = invoke("check", folder, "--round", round_, "--format", "json", "--lang", "en")
    problems = json.loads(result.stdout)
    for problem in problems:
        assert problem["file"] and problem["line"], problem
    assert (result.exit_code == 1) == any(p["severity"] == "error" for p in problems), problems
    return [p for p in problems if p["severity"] == "error"]


def prepared(folder: Path, round_: int) -> list[Problem]:
    """What `check` runs, as a library call (faster than the command): the errors, each located."""
    try:
        prepare(folder, round_)
        return []
    except UserError as exc:
        for problem in exc.problems:
            assert problem.code != "internal-error", problem.th
            assert problem.file and problem.line, problem
        return [p for p in exc.problems if p.severity == "error"]


def through_the_tool(root: Path, report: dict, measures: list[dict], names: list[str], round_: int,
                     newline: str) -> None:
    folder = write_folder(root, report, measures, names, newline)
    errors = checked(folder, round_)
    event("check: " + (", ".join(sorted({e["code"] for e in errors})) or "no error"))
    if accepted(report, measures):
        assert {e["code"] for e in errors} <= BEYOND_SCHEMA, errors

    out = root / "out"
    try:
        written, _ = build(folder, round_, out, formats=("docx", "html"))
    except UserError as exc:
        assert errors, exc.problems  # check passed, so build must too
        for problem in exc.problems:
            assert problem.code != "internal-error", problem.th
            assert problem.file and (problem.line or problem.severity != "error"), problem
        assert not out.exists() or not list(out.iterdir())  # nothing half-written
        return
    assert not errors
    report_files = [p for p in written if "publication-form" not in p.name]  # the form comes with publication.form
    assert sorted(p.suffix for p in report_files) == [".docx", ".docx", ".docx", ".html"]
    event("built")  # pytest --hypothesis-show-statistics counts how far the examples went

    year = int(thai.to_arabic_digits(str(report.get("fiscal_year", 0))).strip())  # a number or its text
    if year < 2700:  # the next year must be one too
        next_year = root / "next"
        result = invoke("rollover", folder, "--to", next_year)
        assert result.exit_code == 0, result.output
        assert not prepared(next_year, 1)
        assert {p.name for p in root.iterdir()} == {folder.name, "garuda.png", "out", "next"}  # nothing elsewhere
        event("rolled over")

    whole = next(p for p in written if p.name.endswith("-report.docx"))
    imported = root / "imported"
    result = invoke("import", whole, "-o", imported)
    assert result.exit_code == 0 or (imported / "report.yaml").exists(), result.output
    event("imported")
    assert len(list((imported / "measures").iterdir())) == len(measures), result.output
    prepared(imported, round_)


RUN = dict(deadline=None, database=None, print_blob=True,
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                  HealthCheck.data_too_large, HealthCheck.filter_too_much])
rounds = st.sampled_from([1, 2])
newlines = st.sampled_from(["\n", "\r\n"])


def fresh(tmp_path: Path) -> Path:
    """A new folder for each example (quicker than emptying one)."""
    return Path(tempfile.mkdtemp(dir=tmp_path))


def _measures(tmp_path, measures, names, round_, newline):
    through_the_tool(fresh(tmp_path), EXAMPLE_REPORT, measures, names, round_, newline)


def _report(tmp_path, report, round_, newline):
    through_the_tool(fresh(tmp_path), report, EXAMPLE_MEASURES, [f"{i}.yaml" for i in range(4)], round_, newline)


def _folder(tmp_path, report, measures, names, round_, newline):
    through_the_tool(fresh(tmp_path), report, measures, names, round_, newline)


_measures_args = dict(measures=measures_st, names=st.lists(file_names, min_size=3, max_size=3), round_=rounds,
                      newline=newlines)
_report_args = dict(report=report_st, round_=rounds, newline=newlines)
_folder_args = dict(report=report_st, **_measures_args)


@seed(SEED)
@settings(max_examples=EXAMPLES["measures"], **RUN)
@given(**_measures_args)
def test_any_measure_files_the_schema_generates(tmp_path, measures, names, round_, newline):
    _measures(tmp_path, measures, names, round_, newline)


@seed(SEED)
@settings(max_examples=EXAMPLES["report"], **RUN)
@given(**_report_args)
def test_any_report_yaml_the_schema_generates(tmp_path, report, round_, newline):
    _report(tmp_path, report, round_, newline)


@seed(SEED)
@settings(max_examples=EXAMPLES["folder"], **RUN)
@given(**_folder_args)
def test_any_report_folder_the_schemas_generate(tmp_path, report, measures, names, round_, newline):
    _folder(tmp_path, report, measures, names, round_, newline)


@pytest.mark.long
@settings(max_examples=LONG_EXAMPLES, **RUN)
@given(**_measures_args)
def test_long_any_measure_files(tmp_path, measures, names, round_, newline):
    _measures(tmp_path, measures, names, round_, newline)


@pytest.mark.long
@settings(max_examples=LONG_EXAMPLES, **RUN)
@given(**_report_args)
def test_long_any_report_yaml(tmp_path, report, round_, newline):
    _report(tmp_path, report, round_, newline)


@pytest.mark.long
@settings(max_examples=LONG_EXAMPLES, **RUN)
@given(**_folder_args)
def test_long_any_report_folder(tmp_path, report, measures, names, round_, newline):
    _folder(tmp_path, report, measures, names, round_, newline)


def test_the_generated_measures_reach_steps_inside_steps():
    """The recursion is resolved, not cut off at the first level."""
    schema = resolved(SCHEMAS["measure"])
    depth, node = 0, schema["properties"]["steps"]
    while any(isinstance(n, dict) and "properties" in n for n in node["items"]["oneOf"]):
        node = next(n for n in node["items"]["oneOf"] if isinstance(n, dict) and "properties" in n)["properties"]["steps"]
        depth += 1
    assert depth == STEP_LEVELS

"""The committed JSON Schemas match the models, and every example file passes the schema its first
line names (what VS Code's YAML extension checks while a person types)."""
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import run, yaml_of
from ita_report.schema import schema_texts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_FILES = sorted((ROOT / "examples").rglob("*.yaml"))


@pytest.mark.parametrize("name", sorted(schema_texts()))
def test_committed_schema_is_current(name):
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == schema_texts()[name], "run: ita-report schema -o schemas"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_example_files_pass_the_schema_their_first_line_names(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, "first line must name the schema"
    schema_path = (path.parent / match.group(1)).resolve()
    assert schema_path.is_file()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(yaml_of(path), schema)


def test_the_schema_catches_a_misspelt_key():
    schema = json.loads(schema_texts()["measure.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "ก", "owner": ["x"]}, schema)


@pytest.mark.parametrize("which, data", [
    ("measure", {"title": " "}),  # blank once its spaces are gone
    ("measure", {"title": "\x08"}),  # only a control character, which the tool takes out
    ("measure", {"title": "ก", "results": {"round1": [{"text": "ก", "date": "20 เมษา 65"}]}}),  # no such month
    ("measure", {"title": "ก", "results": {"round1": [{"text": "ก", "date": "20/4/1800"}]}}),  # no such year
    ("report", {"organisation": {"name": "ก", "district": "ก", "province": "ก"}, "fiscal_year": 2022,
                "memo": {"department": "ก", "to": "ก", "writer": {"name": "ก", "position": "ก"}}}),  # CE
])
def test_the_schema_refuses_what_the_tool_refuses(which, data):
    """The editor underlines what `check` would refuse, not only wrong keys and types."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(schema_texts()[f"{which}.schema.json"]))


def test_the_schema_takes_every_date_form_and_a_blank():
    schema = json.loads(schema_texts()["measure.schema.json"])
    for date in ("๒๐ เมษายน ๒๕๖๕", "20 เม.ย. 65", "20/4/2565", "2565-04-20", "2022-04-20", "วันที่ 5 ก.พ. พ.ศ. 2565", ""):
        jsonschema.validate({"title": "ก", "results": {"round1": [{"text": "ก", "date": date}]}}, schema)


def test_the_schema_and_the_tool_agree_on_every_fiscal_year():
    """Issue 13 point 9: `fiscal_year: ๒๕๖๙` was read by the tool but underlined by the schema in editors."""
    import json

    import jsonschema
    import pydantic
    import yaml

    from conftest import EXAMPLE
    from ita_report.model import Report

    schema = json.loads((EXAMPLE.parent.parent / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((EXAMPLE / "report.yaml").read_text(encoding="utf-8"))
    for year in ("๒๕๖๙", 2569, "2569", "2๕69", " 2569 ", 2500, 2700, "๒๗๐๐", 2022, "2022", "๒๗๐๑", 2701, 2499,
                 "25690", "", "ปี 2569", True, None, 2569.5):
        data["fiscal_year"] = year
        try:
            jsonschema.validate(data, schema)
            by_schema = True
        except jsonschema.ValidationError:
            by_schema = False
        try:
            Report.model_validate(data)
            by_tool = True
        except pydantic.ValidationError:
            by_tool = False
        assert by_schema == by_tool, (year, by_schema, by_tool)


# ---------------------------------------------------------------- the schema command, end to end

def schemas_written_by_the_command(folder: Path) -> dict[str, dict]:
    result = run("schema", "-o", folder, "--lang", "en")
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in folder.iterdir())
    assert written == sorted(schema_texts()), written
    assert sorted(line.removeprefix("wrote ").rsplit("/", 1)[-1] for line in result.stdout.splitlines()) == written
    return {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in written}


def test_the_schema_command_writes_valid_json_schemas_the_same_as_the_committed_ones(tmp_path):
    schemas = schemas_written_by_the_command(tmp_path / "schemas")
    for name, schema in schemas.items():
        jsonschema.validators.validator_for(schema).check_schema(schema)  # a valid JSON Schema of its draft
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert (tmp_path / "schemas" / name).read_bytes() == (ROOT / "schemas" / name).read_bytes(), name


def test_the_written_schemas_accept_what_the_tool_accepts_and_refuse_what_it_refuses(example, tmp_path):
    """The example's files pass the written schemas (as the tool builds them); a misspelt key, a list
    for a text and a CE year, each refused by `check`, are refused by the written schema too."""
    schemas = schemas_written_by_the_command(tmp_path / "schemas")
    files = {"report.schema.json": [example / "report.yaml"], "ita-results.schema.json": [example / "ita-results.yaml"],
             "measure.schema.json": sorted((example / "measures").glob("*.yaml"))}
    for name, paths in files.items():
        for path in paths:
            jsonschema.validate(yaml_of(path), schemas[name])
    assert run("check", example).returncode == 0
    measure = example / "measures" / "2-publishing.yaml"
    original = measure.read_text(encoding="utf-8")
    for old, new in (("\nowners:", "\nowner:"), ("\ntitle: ", "\ntitle:\n  - ")):
        measure.write_text(original.replace(old, new, 1), encoding="utf-8")
        assert run("check", example).returncode == 1, new
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(yaml_of(measure), schemas["measure.schema.json"])
    measure.write_text(original, encoding="utf-8")
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("fiscal_year: 2565", "fiscal_year: 2022"),
                      encoding="utf-8")
    assert run("check", example).returncode == 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml_of(report), schemas["report.schema.json"])


def test_the_schema_command_prints_one_schema_or_each_of_them():
    one = run("schema", "measure")
    assert one.returncode == 0 and json.loads(one.stdout) == json.loads(schema_texts()["measure.schema.json"])
    every = run("schema")
    assert every.returncode == 0
    decoder, text, printed = json.JSONDecoder(), every.stdout, []
    while text.strip():  # one whole JSON document after another
        schema, end = decoder.raw_decode(text.lstrip())
        printed.append(schema)
        text = text.lstrip()[end:]
    assert printed == [json.loads(t) for t in schema_texts().values()]


def test_the_schema_command_refuses_an_unknown_name_and_an_output_it_cannot_write(tmp_path):
    unknown = run("schema", "measures")
    assert unknown.returncode == 2 and "report, measure" in unknown.stderr and not unknown.stdout
    blocker = tmp_path / "schemas"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    refused = run("schema", "-o", blocker, "--lang", "en")
    assert refused.returncode == 1 and "(output-not-folder)" in refused.stderr
    assert "no file was written" in refused.stderr and blocker.read_text(encoding="utf-8") == "a file, not a folder"

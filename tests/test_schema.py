"""The committed JSON Schemas match the models, and every example file passes the schema its first
line names (what VS Code's YAML extension checks while a person types)."""
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

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
    loader = type("L", (yaml.SafeLoader,), {})
    loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    jsonschema.validate(yaml.load(path.read_text(encoding="utf-8"), Loader=loader), schema)


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

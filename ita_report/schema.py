"""JSON Schemas of report.yaml, of a measure file and of ita-results.yaml, generated from the models, for editors (VS Code's
YAML extension reads the `# yaml-language-server: $schema=` line at the top of each file)."""
from __future__ import annotations

import json

from pydantic import BaseModel

from .model import ItaResults, Measure, Report

SCHEMA_FILES: dict[str, type[BaseModel]] = {"report.schema.json": Report, "measure.schema.json": Measure, "ita-results.schema.json": ItaResults}


def schema_texts() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, model in SCHEMA_FILES.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out

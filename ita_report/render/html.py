"""Lays the derived memo and table out as one self-contained web page (templates/report.html.j2): the
page the agency uploads to its website. Autoescaping is on, so text from YAML is only ever text."""
from __future__ import annotations

import base64
import mimetypes
from functools import lru_cache
from pathlib import Path

import jinja2

from ..derive import COLUMNS, Document
from ..problems import display_path
from ..resources import template_problem


@lru_cache(maxsize=16)
def _environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True, auto_reload=False)


def _data_uri(path: Path | None) -> str:
    """The emblem inside the page, so that the page needs nothing else to show."""
    if path is None:
        return ""
    kind = mimetypes.guess_type(path.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def render(memo: Document, table: Document, template: Path) -> bytes:
    try:
        page = _environment(template.parent).get_template(template.name)
        text = page.render(memo=memo, table=table, columns=COLUMNS, emblem=_data_uri(memo.emblem),
                           font=memo.font)
    except jinja2.TemplateError as exc:
        raise template_problem(exc, display_path(template)) from None
    return text.encode("utf-8")

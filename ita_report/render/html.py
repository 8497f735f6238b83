"""Lays the derived memo and table out as one self-contained web page (templates/report.html.j2): the
page the agency uploads to its website; and the analysis of last year's results as another
(templates/analysis.html.j2). Autoescaping is on, so text from YAML is only ever text."""
from __future__ import annotations

import base64
from pathlib import Path

from ..content import COLUMNS, Document
from ..files import image_kind
from ..resources import Templates, run


def data_uri(path: Path | None) -> str:
    """The emblem inside the page, so that the page needs nothing else to show (validation made sure
    it is a PNG or JPEG inside the report folder; its type comes from its bytes, not its name)."""
    if path is None:
        return ""
    data = path.read_bytes()
    return f"data:{image_kind(data) or 'image/png'};base64,{base64.b64encode(data).decode('ascii')}"


def css_string(text: str) -> str:
    """Text to go between double quotes in CSS: every character that is not a letter, a digit or a
    space as a CSS escape, so that no value can end the string, the rule or the <style> element."""
    return "".join(c if c.isalnum() or c == " " or "\u0e00" <= c <= "\u0e7f" else f"\\{ord(c):x} " for c in text)


def page(templates: Templates, name: str, **context) -> bytes:
    """A web page from its template (autoescaped, run as template code: a broken own copy is named
    with its place)."""
    template = templates.jinja(name, autoescape=True, keep_trailing_newline=True)
    return run(template, template.render, context).encode("utf-8")


def render(memo: Document, table: Document, templates: Templates) -> bytes:
    return page(templates, "report.html.j2", memo=memo, table=table, columns=COLUMNS, emblem=data_uri(memo.emblem),
                font=css_string(memo.font))


def chart(drawn) -> str:
    """A document's chart (derive_analysis.Chart) as an inline SVG for its page; "" without one."""
    from markupsafe import Markup

    from .chart import svg

    return Markup(svg(drawn)) if drawn is not None else ""  # every text in it is escaped

"""The sandbox of a report folder's own templates, one rule at a time (test_security tries the same
attacks end to end, through a build): each bound refuses with words an official can act on, each
file the loader may not use is refused, and ordinary wording renders as Jinja renders it.

These run the environment directly, outside the line counter (sandbox.guarded), which also keeps the
bounds' own code visible to coverage: the counter's trace function stands in for coverage's while a
build renders an own template."""
from __future__ import annotations

import os
import sys

import jinja2
import pytest

from ita_report import sandbox


@pytest.fixture
def own(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


def render(folder, text: str, **values) -> str:
    (folder / "t.j2").write_text(text, encoding="utf-8")
    return sandbox.OwnEnvironment(folder).get_template("t.j2").render(**values)


def refused(folder, text: str, **values) -> sandbox.TooMuchWork:
    with pytest.raises(sandbox.TooMuchWork) as caught:
        render(folder, text, **values)
    assert getattr(caught.value, "th", "") and any("\u0e01" <= c <= "\u0e4f" for c in caught.value.th)
    return caught.value


def test_ordinary_wording_renders_as_jinja_renders_it(own):
    text = ("{% for m in measures %}{{ loop.index }}. {{ m | upper }}{{ ', ' if not loop.last }}{% endfor %} "
            "{{ 'ก' * 3 }} {{ '%05d' % 42 }} {{ '{:>6}'.format('x') }} {{ 2 ** 10 }} {{ 'a' ~ 'b' }} "
            "{{ 'คำ' | center(7) }} {{ [1, 2] + [3] }} {{ range(3) | list }}")
    assert render(own, text, measures=["a", "b"]) == \
        "1. A, 2. B กกก 00042      x 1024 ab " + "คำ".center(7) + " [1, 2, 3] [0, 1, 2]"


@pytest.mark.parametrize("text, words", [
    ("{{ 'x' * 2000000 }}", "too long"),  # a repeat
    ("{{ 2000000 * 'x' }}", "too long"),  # the count first
    ("{{ ('x' * 900000) + ('x' * 900000) }}", "too long"),  # a sum
    ("{{ ('x' * 900000) ~ ('x' * 900000) }}", "too long"),  # a join
    ("{{ 'x' | center(200000) }}", "200,000"),  # a filter's number
    ("{{ '%0200000d' % 1 }}", "200,000"),  # a format's width
    ("{{ '{:>200000}'.format('x') }}", "200,000"),  # str.format's width
    ("{{ '%0200000d' | format(1) }}", "200,000"),  # the format filter
    ("{{ range(200000) | list }}", "200,000"),  # a function's number
    ("{{ 7 ** 100 }}", "power"),
    ("{{ 'ab' | replace('a', 'x' * 900000) | replace('b', 'x' * 900000) }}", "too long"),  # a filter's result
])
def test_each_bound_refuses_with_its_words(own, text, words):
    assert words in str(refused(own, text))


def test_numbers_within_the_bounds_pass(own):
    assert render(own, "{{ 'x' | center(5) }}|{{ 9 ** 64 > 0 }}|{{ -2 ** 3 }}") == "  x  |True|-8"


def test_the_line_counter_stops_a_loop_without_end(own, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_STEPS", 5_000)
    template = sandbox.OwnEnvironment(own)
    (own / "t.j2").write_text("{% for i in range(99999) %}{{ i }}{% endfor %}", encoding="utf-8")
    with sandbox.guarded():
        with pytest.raises(sandbox.TooMuchWork) as caught:
            template.get_template("t.j2").render()
        with sandbox.guarded():  # nested: the same count goes on
            pass
    assert "5,000" in str(caught.value) and "5,000" in caught.value.th
    assert sys.gettrace() is None or sys.gettrace() is not sandbox._tracer  # the counter is gone


def test_a_template_leading_out_of_its_folder_is_refused(own, tmp_path):
    (tmp_path / "secret.j2").write_text("SECRET", encoding="utf-8")
    if os.name != "nt":
        (own / "link.j2").symlink_to(tmp_path / "secret.j2")
        with pytest.raises(sandbox.Refused) as caught:
            sandbox.OwnEnvironment(own).get_template("link.j2")
        assert caught.value.refused.code == "template-link-outside" and "SECRET" not in str(caught.value)
    with pytest.raises(jinja2.TemplateNotFound):
        sandbox.OwnEnvironment(own).get_template("../secret.j2")
    with pytest.raises(jinja2.TemplateNotFound):
        sandbox.OwnEnvironment(own).get_template("missing.j2")


def test_a_template_not_saved_as_utf8_is_refused(own):
    (own / "t.j2").write_bytes("ข้อความ".encode("cp874"))
    with pytest.raises(sandbox.Refused) as caught:
        sandbox.OwnEnvironment(own).get_template("t.j2")
    assert caught.value.refused.code == "template-encoding" and "UTF-8" in caught.value.refused.th


def test_a_template_edited_on_disk_is_read_again(own):
    environment = sandbox.OwnEnvironment(own)
    (own / "t.j2").write_text("ก่อน", encoding="utf-8")
    assert environment.get_template("t.j2").render() == "ก่อน"
    (own / "t.j2").write_text("หลังแก้ไข", encoding="utf-8")  # another size: seen whatever the clock
    assert environment.get_template("t.j2").render() == "หลังแก้ไข"
    (own / "t.j2").unlink()
    with pytest.raises(jinja2.TemplateNotFound):
        environment.get_template("t.j2")

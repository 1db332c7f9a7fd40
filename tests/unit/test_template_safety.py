"""The templates escape everything and ask the browser for nothing the CSP forbids."""

import re

import pytest

from app.config import ROOT
from app.web.templating import templates

TEMPLATES = sorted(p.relative_to(ROOT / "templates").as_posix()
                   for p in (ROOT / "templates").rglob("*") if p.is_file())


def _source(name: str) -> str:
    return (ROOT / "templates" / name).read_text()


def test_there_are_templates():
    assert "base.html" in TEMPLATES and len(TEMPLATES) > 10


@pytest.mark.parametrize("name", TEMPLATES)
def test_autoescape_is_on(name):
    autoescape = templates.env.autoescape
    assert autoescape(name) if callable(autoescape) else autoescape is True
    rendered = templates.env.from_string("{{ v }}").render(v="<b>")
    assert rendered == "&lt;b&gt;"


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_template_turns_escaping_off(name):
    source = _source(name)
    assert not re.search(r"\|\s*safe\b", source), "|safe on template data"
    assert "autoescape false" not in source and "Markup(" not in source


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_inline_script_style_or_eval(name):
    source = _source(name)
    assert not re.search(r"<script(?![^>]*\bsrc=)", source), "inline <script>"
    assert "<style" not in source and not re.search(r"\sstyle=", source), "inline style"
    assert not re.search(r"\son[a-z]+\s*=", source), "inline event handler"
    assert not re.search(r"hx-on|hx-vars|js:", source), "htmx feature that needs eval"
    for trigger in re.findall(r'hx-trigger"?\s*[:=]\s*"([^"]*)"', source):
        bare = re.sub(r"(?:target|from):\{[^}]*\}", "", trigger)  # CSS selectors may use [...]
        assert not re.search(r"\w\[", bare), f"an hx-trigger event filter needs eval: {trigger}"


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_post_form_has_the_csrf_field(name):
    source = _source(name)
    for form in re.findall(r"<form\b[^>]*>.*?</form>", source, re.S):
        if re.search(r'method="post"', form, re.I):
            assert "{{ csrf_field() }}" in form, form[:120]

"""The Jinja environment: one place for template globals and filters."""

from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup

from app.config import ROOT, get_settings
from app.domain import label
from app.text import slugify
from app.web.formatting import event_date, moment

templates = Jinja2Blocks(directory=str(ROOT / "templates"))
templates.env.filters["label"] = lambda value, kind: label(kind, value)
templates.env.filters["event_date"] = event_date
templates.env.filters["moment"] = moment
templates.env.globals["settings"] = get_settings
templates.env.filters["slugify"] = slugify


def csrf_field() -> Markup:
    """Placeholder until CSRF protection lands (issue 4): every POST form renders it already."""
    return Markup("")


templates.env.globals["csrf_field"] = csrf_field

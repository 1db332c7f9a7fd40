"""The Jinja environment: one place for template globals and filters.

Autoescaping is on for every template, whatever its file name: user text is always escaped.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from fastapi import Request
from jinja2_fragments.fastapi import Jinja2Blocks

from app.config import ROOT, get_settings
from app.domain import label
from app.text import slugify
from app.web.cards import card_html
from app.web.csrf import csrf_field, csrf_token_global
from app.web.formatting import event_date, host, moment, short_date
from app.web.session import current_path, login_url

templates = Jinja2Blocks(directory=str(ROOT / "templates"))
# Templates change only with the code (restart to see an edit): otherwise every include, 50
# cards a page, stats its file to see whether it changed (a quarter of the timeline's samples
# in py-spy under load).
templates.env.auto_reload = False
# A plain dict, not Jinja's LRU (400 entries, a deque scan on every hit): each card is an include,
# so a page looks a template up 100 times; the templates are few and all stay loaded anyway.
templates.env.cache = {}
templates.env.autoescape = True
templates.env.filters["label"] = lambda value, kind: label(kind, value)
templates.env.filters["event_date"] = event_date
templates.env.filters["moment"] = moment
templates.env.filters["host"] = host
templates.env.filters["short_date"] = lambda when: short_date(when.date, when.precision)
templates.env.globals["settings"] = get_settings
# Cached: every card slugs its topics, and there are few distinct topic names.
templates.env.filters["slugify"] = lru_cache(maxsize=1024)(slugify)


def web_url(value: str | None) -> str | None:
    """A URL a page may link to: http(s) only. A javascript: or data: URL (which no form
    accepts, but an old import might hold) is shown as text, never as a link."""
    if not value:
        return None
    return value if urlsplit(value.strip()).scheme.lower() in ("http", "https") else None


def visitor_context(request: Request) -> dict:
    """Who is signed in, for the header of every page (resolved by app.deps, never here)."""
    return {"current_editor": getattr(request.state, "editor", None),
            "sign_in_url": login_url(current_path(request))}


templates.env.filters["web_url"] = web_url
templates.env.globals["card_html"] = card_html
templates.env.globals["csrf_field"] = csrf_field
templates.env.globals["csrf_token"] = csrf_token_global
templates.context_processors.append(visitor_context)

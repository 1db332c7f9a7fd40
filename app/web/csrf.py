"""CSRF tokens: an HMAC of the visitor's session token under the secret key.

Forms carry it in a hidden field (`{{ csrf_field() }}`), htmx in the X-CSRF-Token header (set on
<body> with hx-headers). Another site can make a browser send the cookie but cannot read the page,
so it cannot know the token. Requests with an API token are not cookie-authenticated and need
none; see app.deps.protect for which requests are checked.
"""

import hashlib
import hmac

from fastapi import HTTPException, Request
from jinja2 import pass_context
from markupsafe import Markup

from app.secret import secret_key
from app.web.form_body import read_form
from app.web.session import cookie_token, session_token

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
REFUSED = ("This form has expired or did not come from this site, so nothing was changed. "
           "Go back, reload the page and try again.")


def token_for(session: str) -> str:
    return hmac.new(secret_key(), b"csrf:" + session.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    return token_for(session_token(request))


async def submitted_token(request: Request) -> str:
    header = request.headers.get(HEADER, "")
    if header:
        return header
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await read_form(request)).get(FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def verify_csrf(request: Request) -> None:
    """403 unless the request carries the token of the session cookie it came with."""
    session = cookie_token(request)
    submitted = await submitted_token(request)
    if not (session and submitted and hmac.compare_digest(submitted, token_for(session))):
        raise HTTPException(403, REFUSED)


@pass_context
def csrf_field(context) -> Markup:
    """The hidden input every POST form renders."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, csrf_token(context["request"]))


@pass_context
def csrf_token_global(context) -> str:
    return csrf_token(context["request"])

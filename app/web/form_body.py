"""Reading a posted form, with its limits in one place (app/limits.py).

Starlette parses a form once per request and keeps it, so the CSRF check (which may read the
token from the form) and the route read the same parse under the same limits.
"""

from fastapi import HTTPException, Request
from starlette.datastructures import FormData

from app.limits import MAX_FORM_BYTES

TOO_LARGE = (f"The form is larger than {MAX_FORM_BYTES // 1_000_000} MB, so nothing was read. "
             "An article may be at most 1 MB.")


async def read_form(request: Request) -> FormData:
    """The posted fields (and files). 413 for a body declared larger than MAX_FORM_BYTES; a
    text field may be that large (an article pasted with CRLF line ends is twice its bytes),
    its own limit is checked by the route, next to the field."""
    length = request.headers.get("content-length", "")
    if length.isdecimal() and int(length) > MAX_FORM_BYTES:
        raise HTTPException(413, TOO_LARGE)
    return await request.form(max_part_size=MAX_FORM_BYTES)

"""Sign in (/login) and sign out (/logout) for editors. Plain forms; no JavaScript needed.

Both POSTs carry the CSRF token (checked by app.deps.protect): a forged sign-in could otherwise
sign a victim into an attacker's account, a forged sign-out annoy them.
"""

import asyncio

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from app.deps import PostedForm, SessionDep
from app.services.editors import MAX_PASSWORD_LENGTH, end_session
from app.services.sign_in import sign_in
from app.web.session import begin_session, clear_session, cookie_token, safe_next
from app.web.templating import templates

router = APIRouter()

NO_CREDENTIALS = "Enter your username and your password."
WRONG_CREDENTIALS = "That username and password do not match. Check them and try again."


async def pause(seconds: float) -> None:
    """Wait before answering a failed sign-in, without holding a worker thread."""
    await asyncio.sleep(seconds)


def _form(request: Request, *, next_path: str, username: str = "", error: str | None = None,
          status: int = 200, headers: dict | None = None) -> Response:
    return templates.TemplateResponse(
        request, "auth/login.html",
        {"next": next_path, "username": username, "error": error, "nav": "login"},
        status_code=status, headers=headers,
    )


def _text(value: object, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


@router.get("/login", name="login_form")
def login_form(request: Request, next: str = "/") -> Response:
    return _form(request, next_path=safe_next(next))


@router.post("/login")
async def login(request: Request, session: SessionDep, data: PostedForm) -> Response:
    next_path = safe_next(data.get("next"))
    # No username holds a NUL, and PostgreSQL cannot even compare text with one.
    username = _text(data.get("username"), 200).replace("\x00", "").strip()
    # One character past the limit, so an over-long password fails instead of being cut.
    password = _text(data.get("password"), MAX_PASSWORD_LENGTH + 1)
    if not username or not password:
        return _form(request, next_path=next_path, username=username, error=NO_CREDENTIALS,
                     status=422)
    address = request.client.host if request.client else "unknown"
    result = await run_in_threadpool(sign_in, session=session, username=username,
                                     password=password, address=address)
    if result.locked_for is not None:
        minutes = result.minutes_left
        return _form(request, next_path=next_path, username=username, status=429,
                     error=f"Too many attempts, try again in {minutes} "
                           f"minute{'s' if minutes != 1 else ''}.",
                     headers={"Retry-After": str(int(result.locked_for.total_seconds()) + 1)})
    if result.editor is None:
        await pause(result.delay)
        return _form(request, next_path=next_path, username=username, error=WRONG_CREDENTIALS,
                     status=401)
    begin_session(request, result.session_token)
    return RedirectResponse(next_path, status_code=303)


@router.get("/logout", name="logout_confirm")
def logout_confirm(request: Request) -> Response:
    """A page with the sign-out button, for a link or a typed address (GET changes nothing)."""
    return templates.TemplateResponse(request, "auth/logout.html", {"nav": "login"})


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    token = cookie_token(request)
    if token:
        end_session(session=session, token=token)
    clear_session(request)
    return RedirectResponse("/", status_code=303)

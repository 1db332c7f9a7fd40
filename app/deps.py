"""Dependency aliases shared by the HTML and JSON routers."""

from typing import Annotated

from fastapi import Depends, Header, Path
from sqlmodel import Session

from app.config import Settings, get_settings
from app.db import get_session


def is_htmx(hx_request: Annotated[str | None, Header()] = None) -> bool:
    return hx_request == "true"


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
HxRequest = Annotated[bool, Depends(is_htmx)]

# SQLite integers are 64-bit: a larger id would overflow in the driver, not just miss.
MAX_ID = 2**63 - 1
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="The event's id")]


def current_editor() -> None:
    """Placeholder until sign-in lands (issue 4): write routes depend on it already, so making
    it refuse anonymous requests protects every one of them."""
    return None


EditorDep = Annotated[object | None, Depends(current_editor)]

"""Signing in with a password, slowed and then refused after repeated failures.

Failures are counted per username and per client address over a sliding window, in the database
so that every worker process agrees. Each failure makes the answer wait longer (the route waits
without holding a thread); at the limit, further attempts are refused before the password is
even checked, until enough failures have aged out of the window. A correct password clears the
username's count (not the address's: one good account must not reset a guessing address).
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from app.models import LoginFailure, utcnow
from app.services.editors import (
    SignedInEditor,
    normalize_username,
    start_session,
    verify_password,
)

WINDOW = timedelta(minutes=15)
USER_LIMIT = 5
ADDRESS_LIMIT = 20
FIRST_DELAY = 0.25  # seconds after the first failure, doubling with each one
MAX_DELAY = 4.0


@dataclass(frozen=True)
class SignInResult:
    editor: SignedInEditor | None = None
    session_token: str | None = None
    delay: float = 0.0  # seconds to wait before answering a failure
    locked_for: timedelta | None = None  # refused without checking: try again after this

    @property
    def minutes_left(self) -> int:
        return max(1, math.ceil(self.locked_for.total_seconds() / 60)) if self.locked_for else 0


def _keys(username: str, address: str) -> dict[str, tuple[str, int]]:
    return {"user": (f"user:{normalize_username(username)}"[:200], USER_LIMIT),
            "address": (f"ip:{address}"[:200], ADDRESS_LIMIT)}


def _recent(session: Session, key: str, now: datetime, limit: int) -> list[datetime]:
    return list(session.exec(
        select(LoginFailure.at).where(LoginFailure.key == key, col(LoginFailure.at) > now - WINDOW)
        .order_by(col(LoginFailure.at).desc()).limit(limit)
    ))


def locked_for(*, session: Session, username: str, address: str,
               now: datetime | None = None) -> timedelta | None:
    """How long sign-in stays refused for this username or address (None: not refused)."""
    now = now or utcnow()
    waits = []
    for key, limit in _keys(username, address).values():
        times = _recent(session, key, now, limit)
        if len(times) >= limit:
            waits.append(times[limit - 1] + WINDOW - now)
    return max(waits) if waits else None


def failure_delay(failures: int) -> float:
    return min(FIRST_DELAY * 2 ** (failures - 1), MAX_DELAY) if failures > 0 else 0.0


def record_failure(*, session: Session, username: str, address: str,
                   now: datetime | None = None) -> int:
    """Count a failure against both keys; returns the larger count, this one included."""
    now = now or utcnow()
    session.exec(delete(LoginFailure).where(col(LoginFailure.at) <= now - WINDOW))
    counts = []
    for key, limit in _keys(username, address).values():
        session.add(LoginFailure(key=key, at=now))
        session.flush()
        counts.append(len(_recent(session, key, now, limit)))
    session.commit()
    return max(counts)


def sign_in(*, session: Session, username: str, password: str, address: str,
            now: datetime | None = None) -> SignInResult:
    now = now or utcnow()
    wait = locked_for(session=session, username=username, address=address, now=now)
    if wait is not None:
        return SignInResult(locked_for=wait)
    editor = verify_password(session=session, username=username, password=password)
    if editor is None:
        failures = record_failure(session=session, username=username, address=address, now=now)
        return SignInResult(delay=failure_delay(failures))
    user_key = _keys(username, address)["user"][0]
    session.exec(delete(LoginFailure).where(col(LoginFailure.key) == user_key))
    token = start_session(session=session, editor=editor, now=now)
    return SignInResult(editor=editor, session_token=token)

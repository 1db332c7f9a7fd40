"""Editors, their API tokens and their browser sessions.

Passwords are hashed with Argon2id (pwdlib's recommended parameters): slow on purpose, because a
password may be guessable. API tokens and session tokens are 256-bit random secrets that no one
can guess, so they are hashed with plain SHA-256: a stolen database still yields no usable token,
and checking one costs microseconds instead of Argon2's ~100 ms of CPU, which is what lets the API
take 300+ authenticated writes per second on two cores.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from pwdlib import PasswordHash
from sqlalchemy import bindparam
from sqlmodel import Session, col, delete, func, select

from app.commit_version import UntilCommit
from app.models import ApiToken, Editor, EditorSession, utcnow

SESSION_LIFETIME = timedelta(days=14)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1000
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
DEFAULT_EDITOR = "editor"
TOKEN_PREFIX = "ct_"


class EditorError(ValueError):
    """A username or password that cannot be used; the message says why."""


@dataclass(frozen=True)
class SignedInEditor:
    """Who is making a request: what routes and services need, detached from any session."""

    id: int
    name: str


@cache
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not a password of anyone")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def random_password() -> str:
    return secrets.token_urlsafe(15)


def normalize_username(name: str) -> str:
    return name.strip().lower()


def _check_username(name: str) -> str:
    username = normalize_username(name)
    if not USERNAME_PATTERN.match(username):
        raise EditorError("A username is 1 to 64 letters, digits, dots, dashes or underscores, "
                          "starting with a letter or digit.")
    return username


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise EditorError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise EditorError(f"A password has at most {MAX_PASSWORD_LENGTH} characters.")
    return password


def _ref(editor: Editor) -> SignedInEditor:
    return SignedInEditor(id=editor.id, name=editor.username)


def _find(session: Session, username: str) -> Editor | None:
    query = select(Editor).where(Editor.username == normalize_username(username))
    return session.exec(query).first()


# --- editors ------------------------------------------------------------------------------------

def create_editor(*, session: Session, username: str, password: str) -> SignedInEditor:
    username = _check_username(username)
    if _find(session, username):
        raise EditorError(f"There is already an editor called {username}.")
    editor = Editor(username=username, password_hash=_hasher().hash(_check_password(password)))
    session.add(editor)
    session.commit()
    return _ref(editor)


def set_password(*, session: Session, username: str, password: str) -> SignedInEditor:
    """A new password; the editor's browser sessions end (their tokens for scripts stay)."""
    editor = _find(session, username)
    if editor is None:
        raise EditorError(f"There is no editor called {normalize_username(username)}.")
    editor.password_hash = _hasher().hash(_check_password(password))
    session.add(editor)
    session.exec(delete(EditorSession).where(col(EditorSession.editor_id) == editor.id))
    session.commit()
    return _ref(editor)


def count_editors(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(Editor)).one()


def ensure_editor(*, session: Session) -> tuple[SignedInEditor, str] | None:
    """On a database without editors, create the local one: its name and the random password
    (returned once, to be shown once). None when there is an editor already."""
    if count_editors(session=session):
        return None
    password = random_password()
    return create_editor(session=session, username=DEFAULT_EDITOR, password=password), password


def verify_password(*, session: Session, username: str, password: str) -> SignedInEditor | None:
    """The editor when the password is theirs. An unknown name costs the same Argon2 check, so
    the response time does not tell which usernames exist."""
    editor = _find(session, username) if len(password) <= MAX_PASSWORD_LENGTH else None
    if editor is None:
        _hasher().verify(password[:MAX_PASSWORD_LENGTH], _dummy_hash())
        return None
    valid, new_hash = _hasher().verify_and_update(password, editor.password_hash)
    if not valid:
        return None
    if new_hash:  # parameters changed since it was hashed: store the stronger hash
        editor.password_hash = new_hash
        session.add(editor)
        session.commit()
    return _ref(editor)


# --- API tokens ---------------------------------------------------------------------------------

def create_api_token(*, session: Session, username: str) -> str:
    """A new token for scripts (sent as `Authorization: Bearer`). Only its hash is stored."""
    editor = _find(session, username)
    if editor is None:
        raise EditorError(f"There is no editor called {normalize_username(username)}.")
    token = TOKEN_PREFIX + new_secret()
    session.add(ApiToken(editor_id=editor.id, token_hash=token_digest(token)))
    session.commit()
    return token


# Built once: every API write looks its token up.
_EDITOR_OF_TOKEN = (
    select(Editor.id, Editor.username).join(ApiToken, col(ApiToken.editor_id) == Editor.id)
    .where(ApiToken.token_hash == bindparam("digest"))
)


# Known tokens, until the next commit (which may have revoked one, in any process): under a
# script's stream of creations the request's own session then never needs a connection.
_known_tokens = UntilCommit(size=1024)


def editor_for_token(*, session: Session, token: str) -> SignedInEditor | None:
    digest = token_digest(token)

    def look_up() -> SignedInEditor | None:
        row = session.execute(_EDITOR_OF_TOKEN, {"digest": digest}).first()
        return SignedInEditor(id=row[0], name=row[1]) if row else None

    return _known_tokens.get(session.get_bind(), digest, look_up)


# --- browser sessions ---------------------------------------------------------------------------

def start_session(*, session: Session, editor: SignedInEditor,
                  now: datetime | None = None) -> str:
    """A new session token for the cookie; expired sessions are swept on the way."""
    now = now or utcnow()
    token = new_secret()
    session.exec(delete(EditorSession).where(col(EditorSession.expires_at) <= now))
    session.add(EditorSession(editor_id=editor.id, token_hash=token_digest(token),
                              created_at=now, expires_at=now + SESSION_LIFETIME))
    session.commit()
    return token


def editor_for_session(*, session: Session, token: str,
                       now: datetime | None = None) -> SignedInEditor | None:
    row = session.exec(
        select(Editor.id, Editor.username)
        .join(EditorSession, col(EditorSession.editor_id) == Editor.id)
        .where(EditorSession.token_hash == token_digest(token),
               col(EditorSession.expires_at) > (now or utcnow()))
    ).first()
    return SignedInEditor(id=row[0], name=row[1]) if row else None


def end_session(*, session: Session, token: str) -> None:
    session.exec(delete(EditorSession).where(col(EditorSession.token_hash) == token_digest(token)))
    session.commit()

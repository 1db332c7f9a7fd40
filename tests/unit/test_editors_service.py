"""Editors, API tokens and browser sessions: the services, without HTTP."""

from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import ApiToken, Editor, EditorSession, utcnow
from app.services.editors import (
    SESSION_LIFETIME,
    EditorError,
    create_api_token,
    create_editor,
    editor_for_session,
    editor_for_token,
    end_session,
    ensure_editor,
    set_password,
    start_session,
    token_digest,
    verify_password,
)

PASSWORD = "a long enough password"


def test_create_editor_stores_an_argon2_hash_and_a_lower_case_name(session, monkeypatch):
    monkeypatch.undo()  # the real hashing parameters, not the tests' fast ones
    editor = create_editor(session=session, username="  Alice ", password=PASSWORD)
    assert editor.name == "alice" and editor.id
    row = session.exec(select(Editor)).one()
    assert row.username == "alice"
    assert row.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in row.password_hash
    assert verify_password(session=session, username="alice", password=PASSWORD) == editor


@pytest.mark.parametrize("name", ["", "   ", "-dash", "with space", "a/b", "x" * 65, "émile"])
def test_unusable_usernames_are_refused(session, name):
    with pytest.raises(EditorError, match="username"):
        create_editor(session=session, username=name, password=PASSWORD)


@pytest.mark.parametrize("password", ["short", "x" * 9, "x" * 1001])
def test_unusable_passwords_are_refused(session, password):
    with pytest.raises(EditorError, match="password"):
        create_editor(session=session, username="alice", password=password)
    assert session.exec(select(Editor)).all() == []


def test_a_username_is_taken_whatever_its_case(session):
    create_editor(session=session, username="alice", password=PASSWORD)
    with pytest.raises(EditorError, match="already an editor called alice"):
        create_editor(session=session, username="ALICE", password=PASSWORD)


def test_verify_password(session):
    create_editor(session=session, username="alice", password=PASSWORD)
    assert verify_password(session=session, username="Alice", password=PASSWORD).name == "alice"
    assert verify_password(session=session, username="alice", password=PASSWORD + "x") is None
    assert verify_password(session=session, username="nobody", password=PASSWORD) is None
    assert verify_password(session=session, username="alice", password="x" * 5000) is None


def test_set_password_replaces_it_and_ends_the_browser_sessions(session):
    editor = create_editor(session=session, username="alice", password=PASSWORD)
    token = start_session(session=session, editor=editor)
    set_password(session=session, username="alice", password="another long password")
    assert verify_password(session=session, username="alice", password=PASSWORD) is None
    assert verify_password(session=session, username="alice", password="another long password")
    assert editor_for_session(session=session, token=token) is None
    with pytest.raises(EditorError, match="no editor called bob"):
        set_password(session=session, username="bob", password=PASSWORD)


def test_api_tokens_are_stored_only_as_their_sha256(session):
    editor = create_editor(session=session, username="alice", password=PASSWORD)
    token = create_api_token(session=session, username="alice")
    assert token.startswith("ct_") and len(token) > 40
    row = session.exec(select(ApiToken)).one()
    assert row.token_hash == token_digest(token) and token not in row.token_hash
    assert editor_for_token(session=session, token=token) == editor
    assert editor_for_token(session=session, token=token + "x") is None
    assert editor_for_token(session=session, token=row.token_hash) is None  # the hash is no token
    with pytest.raises(EditorError):
        create_api_token(session=session, username="nobody")


def test_sessions_expire_and_end(session):
    editor = create_editor(session=session, username="alice", password=PASSWORD)
    now = utcnow()
    token = start_session(session=session, editor=editor, now=now)
    row = session.exec(select(EditorSession)).one()
    assert row.token_hash == token_digest(token)
    assert editor_for_session(session=session, token=token, now=now) == editor
    later = now + SESSION_LIFETIME + timedelta(seconds=1)
    assert editor_for_session(session=session, token=token, now=later) is None
    # Starting another session sweeps the expired one.
    other = start_session(session=session, editor=editor, now=later)
    assert [r.token_hash for r in session.exec(select(EditorSession))] == [token_digest(other)]
    end_session(session=session, token=other)
    assert editor_for_session(session=session, token=other, now=later) is None


def test_ensure_editor_creates_one_only_on_an_empty_table(session):
    editor, password = ensure_editor(session=session)
    assert editor.name == "editor" and len(password) >= 20
    assert verify_password(session=session, username="editor", password=password) == editor
    assert ensure_editor(session=session) is None

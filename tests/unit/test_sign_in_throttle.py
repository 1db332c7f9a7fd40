"""Failed sign-ins are slowed, then refused for a while, per username and per address; the count
lives in the database, so separate sessions (as separate workers have) agree."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.models import LoginFailure, utcnow
from app.services.editors import create_editor
from app.services.sign_in import (
    ADDRESS_LIMIT,
    USER_LIMIT,
    WINDOW,
    failure_delay,
    locked_for,
    record_failure,
    sign_in,
)

PASSWORD = "a long enough password"


@pytest.fixture
def alice(session):
    return create_editor(session=session, username="alice", password=PASSWORD)


def test_delays_grow_with_each_failure_up_to_a_cap():
    assert [failure_delay(n) for n in range(7)] == [0, 0.25, 0.5, 1, 2, 4, 4]


def test_failures_slow_then_lock_the_username(session, alice):
    now = utcnow()
    delays = [sign_in(session=session, username="alice", password="wrong", address="10.0.0.1",
                      now=now).delay for _ in range(USER_LIMIT)]
    assert delays == [0.25, 0.5, 1, 2, 4]
    # Now even the right password is refused, from any address, without being checked.
    result = sign_in(session=session, username="ALICE", password=PASSWORD, address="10.0.0.9",
                     now=now + timedelta(minutes=1))
    assert result.editor is None and result.locked_for == WINDOW - timedelta(minutes=1)
    assert result.minutes_left == 14
    # Refused attempts are not counted: the lock ends when the failures age out.
    after = now + WINDOW + timedelta(seconds=1)
    assert sign_in(session=session, username="alice", password=PASSWORD, address="10.0.0.9",
                   now=after).editor == alice


def test_the_address_is_locked_after_more_failures_over_any_usernames(session, alice):
    now = utcnow()
    for i in range(ADDRESS_LIMIT):
        sign_in(session=session, username=f"guess{i}", password="wrong", address="10.0.0.2",
                now=now)
    locked = sign_in(session=session, username="alice", password=PASSWORD, address="10.0.0.2",
                     now=now)
    assert locked.editor is None and locked.locked_for is not None
    elsewhere = sign_in(session=session, username="alice", password=PASSWORD,
                        address="10.0.0.3", now=now)
    assert elsewhere.editor == alice and elsewhere.session_token


def test_success_clears_the_username_count_but_not_the_address(session, alice):
    now = utcnow()
    for _ in range(USER_LIMIT - 1):
        sign_in(session=session, username="alice", password="wrong", address="10.0.0.4", now=now)
    assert sign_in(session=session, username="alice", password=PASSWORD, address="10.0.0.4",
                   now=now).editor == alice
    keys = [f.key for f in session.exec(select(LoginFailure))]
    assert keys == ["ip:10.0.0.4"] * (USER_LIMIT - 1)
    # The username starts again from nothing: four more failures elsewhere do not lock it.
    for _ in range(USER_LIMIT - 1):
        sign_in(session=session, username="alice", password="wrong", address="10.0.0.8", now=now)
    assert locked_for(session=session, username="alice", address="10.0.0.9", now=now) is None


def test_old_failures_do_not_count_and_are_swept(session):
    now = utcnow()
    for _ in range(USER_LIMIT):
        record_failure(session=session, username="bob", address="10.0.0.5", now=now - WINDOW)
    assert locked_for(session=session, username="bob", address="10.0.0.5", now=now) is None
    assert record_failure(session=session, username="bob", address="10.0.0.5", now=now) == 1
    assert len(session.exec(select(LoginFailure)).all()) == 2  # this failure, both keys


def test_workers_share_the_count_through_the_database(engine):
    now = utcnow()
    for _ in range(USER_LIMIT):
        with Session(engine) as worker:  # a separate session each time, as another process
            record_failure(session=worker, username="carol", address="10.0.0.6", now=now)
    with Session(engine) as other:
        assert locked_for(session=other, username="carol", address="10.0.0.7", now=now) == WINDOW

"""A database server's engine (PostgreSQL): pooled connections checked before use, and no wait
without an end, so a server that accepts but never answers fails a request instead of holding
its thread and, at shutdown, the process."""

import socket
import time

import pytest
from sqlalchemy.exc import OperationalError

from app.db import make_engine, server_engine_options


def test_postgresql_connections_are_checked_bounded_and_named():
    options = server_engine_options("postgresql+psycopg://u@db.example:5432/contacts")
    assert options["pool_pre_ping"] is True and options["pool_timeout"] == 10
    assert options["connect_args"] == {"application_name": "contacts-timeline",
                                       "connect_timeout": 10}


def test_a_server_that_never_answers_fails_the_connection_in_bounded_time(monkeypatch):
    import app.db
    with socket.socket() as silent:  # listens, never accepts: the handshake never completes
        silent.bind(("127.0.0.1", 0))
        silent.listen(0)
        port = silent.getsockname()[1]
        original = app.db.server_engine_options

        def quick(url):
            options = original(url)
            options["connect_args"]["connect_timeout"] = 1
            return options

        monkeypatch.setattr(app.db, "server_engine_options", quick)
        engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/test")
        started = time.monotonic()
        with pytest.raises(OperationalError):
            with engine.connect():
                pass
        assert time.monotonic() - started < 30  # without a connect timeout: forever
        engine.dispose()

"""Whether anything was committed to the database since the last look, in one cheap query.

The response cache (app/web/response_cache.py) asks before every read it could answer from
memory. It watches every commit, not only the record's stamp (app.services.counts.stamp):
articles, ingest reviews and editors' sign-ins commit without bumping the stamp, and a commit
by another process or a bulk load around the services must be seen too.

- SQLite: `PRAGMA data_version` on a connection of our own that never writes: it changes when
  any other connection, in this process or another, commits (a few microseconds, no table read).
- PostgreSQL: `pg_current_snapshot()` on a connection of our own in autocommit: its text
  (xmin:xmax:in-progress ids) changes when a transaction that writes begins or ends anywhere on
  the server. Other databases of the server move it too: more misses, never a stale answer.

`epoch()` counts the changes seen: equal epochs mean no commit in between. A failing query
gives None (the caller serves uncached); the connection is opened again after RETRY_SECONDS. A
look that waits past LOOK_TIMEOUT_SECONDS (a server that stopped answering) also gives None:
PostgreSQL's connection is opened with a connect timeout and a statement timeout, and callers
queue for the one connection at most that long.
"""

import logging
import threading
import time
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar
from weakref import WeakKeyDictionary

import psycopg
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_SECONDS = 5.0
LOOK_TIMEOUT_SECONDS = 2.0
_QUERIES = {"sqlite": "PRAGMA data_version", "postgresql": "SELECT pg_current_snapshot()::text"}


class CommitVersion:
    def __init__(self, engine: Engine):
        # Weakly: the watchers are kept per engine, and an engine disposed of (a test's) must
        # be able to go, its watcher's connection with it.
        self.engine = weakref.ref(engine)
        self.postgresql = engine.dialect.name == "postgresql"
        self.query = _QUERIES[engine.dialect.name]
        self.lock = threading.Lock()
        self.connection = None
        self.seen: object = None
        self.count = 0
        self.retry_at = 0.0  # after a failure, no new connection before this (monotonic)

    def _connect(self):
        engine = self.engine()
        if engine is None:
            raise RuntimeError("the engine is gone")
        if self.postgresql:
            # Its own connection, not the pool's: bounded waits (the pool's connections have
            # neither a connect nor a statement timeout).
            timeout_ms = int(LOOK_TIMEOUT_SECONDS * 1000)
            url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            return psycopg.connect(url, autocommit=True,  # each look sees the latest commits
                                   connect_timeout=max(1, int(LOOK_TIMEOUT_SECONDS)),
                                   options=f"-c statement_timeout={timeout_ms}",
                                   application_name="contacts-timeline commit watcher",
                                   keepalives=1, keepalives_idle=5, keepalives_interval=2,
                                   keepalives_count=2, tcp_user_timeout=timeout_ms)
        pooled = engine.raw_connection()
        connection = pooled.driver_connection
        pooled.detach()  # ours alone: no request ever writes through it
        return connection

    def epoch(self) -> int | None:
        if not self.lock.acquire(timeout=LOOK_TIMEOUT_SECONDS):
            return None  # another look is stuck on the database: serve uncached
        try:
            return self._look()
        finally:
            self.lock.release()

    def _look(self) -> int | None:
        if self.connection is None and time.monotonic() < self.retry_at:
            return None
        try:
            if self.connection is None:
                self.connection = self._connect()
            value = self.connection.execute(self.query).fetchone()[0]
        except Exception:
            log.warning("commit version unavailable; serving uncached", exc_info=True)
            self._close()
            self.retry_at = time.monotonic() + RETRY_SECONDS
            return None
        if value != self.seen:
            self.seen = value
            self.count += 1
        return self.count

    def _close(self) -> None:
        connection, self.connection, self.seen = self.connection, None, None
        self.count += 1  # whatever happened meanwhile, the next value counts as a change
        if connection is not None:
            try:
                connection.close()
            except Exception:
                pass


def watchable(engine: Engine) -> bool:
    """A database another connection can watch: not SQLite in memory (one connection's own)."""
    if engine.dialect.name not in _QUERIES:
        return False
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        return bool(path) and path != ":memory:" and not path.startswith("file::memory:")
    return True


_watchers: "WeakKeyDictionary[Engine, CommitVersion | None]" = WeakKeyDictionary()
_watchers_lock = threading.Lock()


def commit_epoch(engine: Engine) -> int | None:
    """The engine's commit epoch (one watcher per engine and process), None when it cannot be
    watched (SQLite in memory) or the look failed."""
    with _watchers_lock:
        if engine not in _watchers:
            _watchers[engine] = CommitVersion(engine) if watchable(engine) else None
        watcher = _watchers[engine]
    return watcher.epoch() if watcher is not None else None


class UntilCommit:
    """Values kept until the database commits again, then all dropped (at most `size` per
    engine)."""

    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.kept: "WeakKeyDictionary[Engine, tuple[int, dict]]" = WeakKeyDictionary()

    def get(self, engine: Engine, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, or what it gave for `key` on `engine` since the last commit. A None
        is not kept (an unknown token is asked again)."""
        epoch = commit_epoch(engine)
        if epoch is None:
            return compute()
        with self.lock:
            kept_epoch, values = self.kept.get(engine, (None, {}))
            if kept_epoch == epoch and key in values:
                return values[key]  # type: ignore[no-any-return]
        value = compute()
        if value is not None:
            with self.lock:
                kept_epoch, values = self.kept.get(engine, (None, {}))
                if kept_epoch != epoch or len(values) >= self.size:
                    values = {}
                    self.kept[engine] = (epoch, values)
                values[key] = value
        return value

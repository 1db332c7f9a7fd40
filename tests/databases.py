"""Throw-away databases for tests, on SQLite and (when CONTACTS_TEST_POSTGRES_URL is set) on
PostgreSQL, each built by the migrations.

SQLite: the migrations run once per session into a template file; each test gets a copy.
PostgreSQL: the migrations run once per session (per xdist worker) into a template database;
each test gets the worker's copy of it with every row deleted (see PostgresDatabases).
Names carry the process id, so parallel runs on one server never meet; databases left by a run
that was killed are dropped by the next one.
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from app.db import is_sqlite, normalize_url
from app.migrate import upgrade

POSTGRES_URL_VARIABLE = "CONTACTS_TEST_POSTGRES_URL"
POSTGRES_URL = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
BACKENDS = ("sqlite", "postgres") if POSTGRES_URL else ("sqlite",)
PREFIX = "ct_test_"
# Tests commit often; they need no durability across a crash of the server, only speed.
TEST_OPTIONS = {"options": "-c synchronous_commit=off"}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PostgresDatabases:
    """Test databases on the server of CONTACTS_TEST_POSTGRES_URL.

    `per_test()` hands each test the worker's working database, emptied first: every row
    deleted and every sequence restarted in one transaction (about 10 ms), so a test sees
    exactly what the migrations built. A test that changed the schema leaves a different
    fingerprint, and the next test gets a new copy of the template instead. `database()` is a
    separate copy for a fixture that lives longer than one test. Not a copy per test: each
    CREATE DATABASE ... TEMPLATE costs the server about 100 ms of CPU and 15 MB of writes, and
    DROP DATABASE waits for every backend of the server (up to a second here under load).
    """

    def __init__(self, url: str = POSTGRES_URL):
        self.url = make_url(normalize_url(url))
        self.admin: Engine = create_engine(self.url, isolation_level="AUTOCOMMIT",
                                           pool_size=1, max_overflow=0)
        self.token = f"{PREFIX}{os.getpid()}_"
        self._numbers = count(1)
        self._template: str | None = None
        self._fingerprint = ""
        self._emptying: list[str] = []
        self._working: str | None = None
        self._working_engine: Engine | None = None

    def url_of(self, name: str) -> str:
        return self.url.set(database=name, query=TEST_OPTIONS).render_as_string(
            hide_password=False)

    def _execute(self, sql: str, **params) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql), params)

    def drop_stale(self) -> None:
        """Drop the databases of test runs whose process is gone."""
        with self.admin.connect() as conn:
            names = conn.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                {"p": PREFIX.replace("_", r"\_") + "%"},
            ).scalars().all()
        for name in names:
            pid = name[len(PREFIX):].split("_", 1)[0]
            if pid.isdecimal() and not _pid_alive(int(pid)):
                self.drop(name)

    def template(self) -> str:
        """The database the migrations built, once per session; no test uses it directly."""
        if self._template is None:
            name = f"{self.token}template"
            self.drop(name)
            self._execute(f'CREATE DATABASE "{name}"')
            upgrade(self.url_of(name))
            engine = create_engine(self.url_of(name), poolclass=NullPool)
            with engine.connect() as conn:
                self._fingerprint = _fingerprint(conn)
                self._emptying = _emptying_statements(conn)
            engine.dispose()
            self._template = name
        return self._template

    def create(self, *, migrated: bool = True, copy_of: str | None = None) -> str:
        """A new database: a copy of the migrated template (or of the database `copy_of`, which
        no one may be connected to), or empty. Returns its name."""
        name = f"{self.token}{next(self._numbers)}"
        source = copy_of or (self.template() if migrated else None)
        self._execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{source}"' if source else ""))
        return name

    def drop(self, name: str) -> None:
        # FORCE ends connections a test left open (engines cached by the app, CLI runs).
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextmanager
    def database(self, *, migrated: bool = True, copy_of: str | None = None) -> Iterator[str]:
        """The URL of a database of its own (see `create`), dropped afterwards."""
        name = self.create(migrated=migrated, copy_of=copy_of)
        try:
            yield self.url_of(name)
        finally:
            self.drop(name)

    def per_test(self) -> str:
        """The URL of the working database, as the migrations left it."""
        if self._working is not None and not self._reset():
            self._drop_working()
        if self._working is None:
            self._working = self.create()
            self._working_engine = create_engine(self.url_of(self._working), poolclass=NullPool)
        return self.url_of(self._working)

    def _reset(self) -> bool:
        """Empty the working database; False when its schema is no longer the template's."""
        # Connections the last test left open (engines the app caches, a CLI run) would hold
        # locks or stale prepared statements.
        self._execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = :name AND pid <> pg_backend_pid()", name=self._working)
        with self._working_engine.begin() as conn:
            if _fingerprint(conn) != self._fingerprint:
                return False
            for statement in self._emptying:
                conn.execute(text(statement))
        return True

    def _drop_working(self) -> None:
        if self._working_engine is not None:
            self._working_engine.dispose()
        if self._working is not None:
            self.drop(self._working)
        self._working = self._working_engine = None

    def close(self) -> None:
        self._drop_working()
        if self._template:
            self.drop(self._template)
        self.admin.dispose()


def _emptying_statements(conn: Connection) -> list[str]:
    """DELETE every table, children before parents, and restart every sequence.

    DELETE, not TRUNCATE: on tables this small it is many times faster (no new files)."""
    metadata = MetaData()
    metadata.reflect(conn)
    quote = conn.dialect.identifier_preparer.quote
    statements = [f"DELETE FROM {quote(table.name)}" for table in reversed(metadata.sorted_tables)
                  if table.name != "alembic_version"]
    sequences = conn.execute(text(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).scalars().all()
    return statements + [f"ALTER SEQUENCE {quote(name)} RESTART" for name in sequences]


def _fingerprint(conn: Connection) -> str:
    """The schema in one string: relations, their columns and types, the migration revision."""
    return conn.execute(text(
        "SELECT md5(string_agg(c.relname || ':' || c.relkind::text || ':'"
        " || coalesce(a.attname, '') || ':' || coalesce(a.atttypid::text, ''), ','"
        " ORDER BY c.relname, a.attnum))"
        " || (SELECT string_agg(version_num, ',') FROM alembic_version)"
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
        " WHERE n.nspname = 'public'")).scalar_one()


def migrate_sqlite_template(directory: Path) -> Path:
    path = directory / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def sqlite_copy(template: Path, directory: Path) -> str:
    path = directory / "test.db"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@contextmanager
def fresh_database(request, backend: str, directory: Path) -> Iterator[str]:
    """The URL of a new migrated database on `backend` that lives as long as the caller
    (a module-scoped fixture, say); SQLite files go in `directory`."""
    if backend == "sqlite":
        yield sqlite_copy(request.getfixturevalue("migrated_template"), directory)
    else:
        with request.getfixturevalue("postgres_databases").database() as url:
            yield url


def per_test_database(request, backend: str, directory: Path) -> str:
    """The URL of a migrated database for one test: a copy on SQLite, on PostgreSQL the
    worker's database, emptied."""
    if backend == "sqlite":
        return sqlite_copy(request.getfixturevalue("migrated_template"), directory)
    return request.getfixturevalue("postgres_databases").per_test()


@contextmanager
def copy_of(request, url: str, directory: Path) -> Iterator[str]:
    """The URL of a copy of the database at `url` (nobody connected to it), as long as the caller
    lives; SQLite files go in `directory`."""
    if is_sqlite(url):
        yield sqlite_copy(Path(make_url(url).database), directory)
    else:
        databases = request.getfixturevalue("postgres_databases")
        with databases.database(copy_of=make_url(url).database) as copy:
            yield copy

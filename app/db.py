"""Engine, sessions, SQLite pragmas and PostgreSQL pool options.

The schema itself comes only from Alembic migrations.
"""

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from app.config import get_settings

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=5000",
    # FULL: a commit that was acknowledged survives a crash of the process or the machine.
    "PRAGMA synchronous=FULL",
)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def normalize_url(url: str) -> str:
    """postgres:// and postgresql:// (what hosting services hand out) use psycopg 3, the driver
    we install; SQLAlchemy alone would look for psycopg2."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if is_sqlite(url):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
            cursor.close()

        return engine
    return create_engine(url, **server_engine_options(url))


def server_engine_options(url: str) -> dict:
    """A database server (PostgreSQL): a pool per process, connections checked before use."""
    settings = get_settings()
    options: dict = {
        # A connection the server or a proxy closed (restart, idle timeout) is replaced, not
        # handed to a request that would then fail.
        "pool_pre_ping": True,
        "pool_size": settings.database_pool_size,
        "max_overflow": settings.database_max_overflow,
        # Fail a request after 10 s rather than queue it forever when the pool is exhausted.
        "pool_timeout": 10,
        # Give connections back before server-side idle timeouts (managed services, pgbouncer).
        "pool_recycle": 1800,
    }
    if make_url(url).get_backend_name() == "postgresql":
        # Visible in pg_stat_activity, so an operator can tell the app's connections apart.
        options["connect_args"] = {"application_name": "contacts-timeline"}
    return options


@lru_cache
def engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    return engine_for(get_settings().database_url)


def get_session() -> Iterator[Session]:
    with Session(get_engine()) as session:
        yield session

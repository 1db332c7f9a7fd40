"""Generated benchmark databases, cached in bench/.data so runs reuse them.

A database counts as cached once its sidecar `.json` (written after a complete generation)
names the same event count and generator version; anything else is rebuilt. Cached databases
are migrated to head before use, so a new migration on main does not force a rebuild.
"""

import json
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import is_sqlite
from app.migrate import upgrade
from bench.generate import GENERATOR_VERSION, generate, remove_database

DATA_DIR = Path(__file__).resolve().parent / ".data"


def sqlite_path(size: int) -> Path:
    return DATA_DIR / f"contacts-{size}-v{GENERATOR_VERSION}.db"


def database_for(size: int, server_url: str | None = None) -> str:
    """The URL of a database of `size` events: a SQLite file in bench/.data, or on the server
    of `server_url` (PostgreSQL) a database named after the size."""
    if server_url is None:
        return f"sqlite:///{sqlite_path(size)}"
    url = make_url(server_url)
    return url.set(database=f"{url.database or 'contacts'}_bench_{size}").render_as_string(
        hide_password=False
    )


def _marker(url: str) -> Path:
    if is_sqlite(url):
        return Path(f"{make_url(url).database}.json")
    name = make_url(url).set(password=None).render_as_string().replace("/", "_").replace(":", "_")
    return DATA_DIR / f"{name}.json"


def _create_server_database(url: str) -> None:
    """PostgreSQL: CREATE DATABASE if it does not exist (connecting to the server's `postgres`)."""
    from sqlalchemy import create_engine, text

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        ).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def ensure_database(size: int, server_url: str | None = None, *, log=print) -> str:
    """A ready database of `size` events (generated once, then reused); returns its URL."""
    url = database_for(size, server_url)
    marker = _marker(url)
    expected = {"events": size, "generator": GENERATOR_VERSION}
    if marker.exists():
        info = json.loads(marker.read_text())
        if {k: info.get(k) for k in expected} == expected:
            upgrade(url)
            log(f"Reusing {size:,} events ({_shown(url)}, generated in {info['seconds']:.0f} s)")
            return url
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if not is_sqlite(url):
        _create_server_database(url)
    marker.unlink(missing_ok=True)
    remove_database(url)
    log(f"Generating {size:,} events into {_shown(url)} ...")
    stats = generate(url, size)
    marker.write_text(json.dumps({**expected, "seconds": round(stats.seconds, 1)}))
    log(f"Generated {size:,} events in {stats.seconds:.0f} s ({size / stats.seconds:,.0f} events/s)")
    return url


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":  # python -m bench.databases 10000 100000 ...
    for n in sys.argv[1:]:
        ensure_database(int(n))

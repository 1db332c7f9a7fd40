"""The secret key: CONTACTS_SECRET_KEY, or one generated on first use and kept in a file.

The file sits beside the SQLite database (data/secret_key for the default database; ./data/ for a
database that is not a file), readable by its owner only. It is created atomically, so several
worker processes starting at once all end up with the same key.
"""

import os
import secrets
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import make_url

from app.config import get_settings

KEY_FILE = "secret_key"


class SecretKeyError(RuntimeError):
    pass


def key_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / KEY_FILE
    return Path("data") / KEY_FILE


def load_or_create(path: Path) -> str:
    """The key in `path`, written there first (mode 0600) when the file does not exist."""
    try:
        existing = path.read_text().strip()
    except FileNotFoundError:
        existing = ""
    except OSError as exc:
        raise SecretKeyError(f"cannot read {path}: {exc}; set CONTACTS_SECRET_KEY") from exc
    if existing:
        return existing
    key = secrets.token_urlsafe(48)
    temporary = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        # link() fails when the name exists: the first process to link wins, the rest read it.
        os.link(temporary, path)
        return key
    except FileExistsError:
        return path.read_text().strip()
    except OSError as exc:
        raise SecretKeyError(f"cannot write {path}: {exc}; set CONTACTS_SECRET_KEY") from exc
    finally:
        temporary.unlink(missing_ok=True)


@lru_cache
def _resolve(configured: str | None, database_url: str) -> bytes:
    return (configured or load_or_create(key_path(database_url))).encode()


def secret_key() -> bytes:
    settings = get_settings()
    configured = settings.secret_key.get_secret_value() if settings.secret_key else None
    return _resolve(configured, settings.database_url)

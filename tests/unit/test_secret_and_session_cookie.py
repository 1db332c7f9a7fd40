"""The secret key file, the session cookie's flags, and the sign-in return address."""

import stat
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from app.config import get_settings
from app.secret import SecretKeyError, key_path, load_or_create
from app.web.session import COOKIE, cookie_header, login_url, safe_next


@pytest.mark.parametrize("url, path", [
    ("sqlite:///data/contacts.db", Path("data/secret_key")),
    ("sqlite:////srv/db/contacts.db", Path("/srv/db/secret_key")),
    ("sqlite://", Path("data/secret_key")),
    ("postgresql+psycopg://u@localhost/contacts", Path("data/secret_key")),
])
def test_the_key_file_sits_beside_the_sqlite_database(url, path):
    assert key_path(url) == path


def test_a_generated_key_is_kept_and_private(tmp_path):
    path = tmp_path / "nested" / "secret_key"
    key = load_or_create(path)
    assert len(key) >= 64 and path.read_text() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create(path) == key  # the next start reads the same key
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]  # no temporary files left


def test_workers_starting_at_once_agree_on_one_key(tmp_path):
    path = tmp_path / "secret_key"
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: load_or_create(path), range(32)))
    assert keys == {path.read_text()}


def test_an_unwritable_directory_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(SecretKeyError, match="CONTACTS_SECRET_KEY"):
        load_or_create(blocker / "secret_key")


def _flags(header: str) -> dict:
    cookie = SimpleCookie()
    cookie.load(header)
    morsel = cookie[COOKIE]
    return {"httponly": bool(morsel["httponly"]), "secure": bool(morsel["secure"]),
            "samesite": morsel["samesite"], "path": morsel["path"], "max-age": morsel["max-age"]}


@pytest.fixture
def secure_cookies(monkeypatch):
    monkeypatch.setenv("CONTACTS_SECURE_COOKIES", "true")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_cookie_is_httponly_lax_and_not_secure_by_default():
    assert _flags(cookie_header("t", max_age=60)) == {
        "httponly": True, "secure": False, "samesite": "Lax", "path": "/", "max-age": "60"}


def test_the_cookie_is_secure_when_the_setting_is_on(secure_cookies):
    flags = _flags(cookie_header("t", max_age=None))
    assert flags["secure"] and flags["httponly"] and flags["samesite"] == "Lax"


@pytest.mark.parametrize("value, expected", [
    ("/events/new", "/events/new"),
    ("/?official=lloyd-austin&medium=phone_call", "/?official=lloyd-austin&medium=phone_call"),
    ("/events/3/edit#sources", "/events/3/edit#sources"),
    ("", "/"),
    (None, "/"),
    ("events/new", "/"),
    ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
    ("https://evil.example/", "/"),
    ("javascript:alert(1)", "/"),
    ("/ok\r\nSet-Cookie: x=1", "/"),
    ("/" + "a" * 2001, "/"),
])
def test_next_must_be_a_local_path(value, expected):
    assert safe_next(value) == expected


def test_login_url_carries_a_local_next():
    assert login_url("/events/new") == "/login?next=%2Fevents%2Fnew"
    assert login_url("/") == login_url("//evil.example") == login_url("/login?next=/x") == "/login"

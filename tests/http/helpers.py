"""HTTP test helpers: sign in as a browser does (read the form's CSRF token, post the form),
and snapshot the database to prove a request changed nothing."""

from bs4 import BeautifulSoup
from sqlmodel import SQLModel, select

from tests.conftest import TEST_EDITOR, TEST_PASSWORD


def csrf_from(response) -> str:
    field = BeautifulSoup(response.text, "html.parser").find("input", attrs={"name": "csrf_token"})
    assert field is not None, "the page has no CSRF field"
    return field["value"]


def login(client, *, username: str = TEST_EDITOR, password: str = TEST_PASSWORD,
          next_path: str | None = None, csrf: str | None = None):
    page = client.get("/login" + (f"?next={next_path}" if next_path else ""))
    data = {"username": username, "password": password,
            "csrf_token": csrf if csrf is not None else csrf_from(page)}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/login", data=data, follow_redirects=False)


def snapshot(session) -> dict:
    """Every row of every table: what "changes nothing" compares."""
    session.expire_all()
    return {t.name: sorted(map(tuple, session.execute(select(t)).all()), key=repr)
            for t in SQLModel.metadata.sorted_tables}

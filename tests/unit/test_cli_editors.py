"""`contacts create-editor`, `set-password`, `create-token` and `ensure-editor`."""

import re

from sqlmodel import Session

from app.cli import cli
from app.services.editors import count_editors, editor_for_token, verify_password


def _printed_password(output: str) -> str:
    match = re.search(r"password:? ([A-Za-z0-9_-]{20,})", output)
    assert match, output
    return match.group(1)


def test_create_editor_prints_a_random_password_that_signs_in(runner, engine):
    result = runner.invoke(cli, ["create-editor", "Alice"])
    assert result.exit_code == 0, result.output
    assert "Created editor alice." in result.output
    password = _printed_password(result.output)
    with Session(engine) as session:
        assert verify_password(session=session, username="alice", password=password).name == "alice"


def test_create_editor_asks_for_the_password_with_the_flag(runner, engine):
    typed = "typed at the prompt"
    result = runner.invoke(cli, ["create-editor", "bob", "--password"], input=f"{typed}\n{typed}\n")
    assert result.exit_code == 0, result.output
    assert typed not in result.output  # hidden input, and not echoed back
    with Session(engine) as session:
        assert verify_password(session=session, username="bob", password=typed)


def test_create_editor_refuses_a_taken_name_and_a_short_password(runner, engine):
    assert runner.invoke(cli, ["create-editor", "carol"]).exit_code == 0
    again = runner.invoke(cli, ["create-editor", "CAROL"])
    assert again.exit_code == 1 and "already an editor called carol" in again.output
    short = runner.invoke(cli, ["create-editor", "dave", "--password"], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    with Session(engine) as session:
        assert count_editors(session=session) == 1


def test_set_password(runner, engine):
    runner.invoke(cli, ["create-editor", "erin"])
    result = runner.invoke(cli, ["set-password", "erin"])
    assert result.exit_code == 0 and "New password for editor erin." in result.output
    with Session(engine) as session:
        assert verify_password(session=session, username="erin",
                               password=_printed_password(result.output))
    missing = runner.invoke(cli, ["set-password", "nobody"])
    assert missing.exit_code == 1 and "no editor called nobody" in missing.output


def test_create_token_prints_only_the_token_on_stdout(runner, engine):
    runner.invoke(cli, ["create-editor", "frank"])
    result = runner.invoke(cli, ["create-token", "frank"])
    assert result.exit_code == 0
    token = result.stdout.strip()
    assert re.fullmatch(r"ct_[A-Za-z0-9_-]{43}", token)
    assert "Bearer" in result.stderr
    with Session(engine) as session:
        assert editor_for_token(session=session, token=token).name == "frank"
    missing = runner.invoke(cli, ["create-token", "nobody"])
    assert missing.exit_code == 1 and missing.stdout == ""


def test_ensure_editor_creates_and_prints_once(runner, engine):
    first = runner.invoke(cli, ["ensure-editor"])
    assert first.exit_code == 0
    assert "Sign in at /login as editor, password" in first.output
    with Session(engine) as session:
        assert verify_password(session=session, username="editor",
                               password=_printed_password(first.output))
    second = runner.invoke(cli, ["ensure-editor"])
    assert second.exit_code == 0 and second.output == ""
    with Session(engine) as session:
        assert count_editors(session=session) == 1

"""The `contacts` command: the same services and extractor as the web, from a terminal."""

from typing import Annotated

import typer

from app.config import get_settings

cli = typer.Typer(help="US–China military contacts timeline.", no_args_is_help=True,
                  add_completion=False)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 0,
) -> None:
    """Serve the web app with uvicorn (run `contacts migrate` first)."""
    import uvicorn

    from app.secret import SecretKeyError, secret_key

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    try:
        secret_key()  # generated and saved now, before workers start, or a clear error
    except SecretKeyError as exc:
        typer.echo(f"No secret key: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Contacts timeline: http://{host}:{port}/")
    uvicorn.run("app.main:app", host=host, port=port, loop="uvloop", http="httptools",
                proxy_headers=True, log_level="warning")


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date (Alembic upgrade head)."""
    from app.migrate import upgrade

    url = get_settings().database_url
    upgrade(url)
    typer.echo(f"Database is up to date: {url}")


@cli.command()
def extract(
    file: Annotated[typer.FileText, typer.Argument(help="Article text file ('-' for stdin).")],
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher, e.g. AP.")] = None,
    url: Annotated[str | None, typer.Option(help="Article URL.")] = None,
) -> None:
    """Print the contact events an article reports, as JSON (the extraction contract)."""
    from datetime import date

    from app.extract.pipeline import extract_events

    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint="--published") from None
    result = extract_events(file.read(), published=day, publisher=publisher, url=url)
    typer.echo(result.to_json())


@cli.command()
def seed(
    if_empty: Annotated[bool, typer.Option(
        "--if-empty", help="Do nothing (exit 0) when the database already has events.")] = False,
) -> None:
    """Load the shipped record, the seed articles' events and the gazetteer (empty database)."""
    from sqlmodel import Session

    from app.db import get_engine
    from app.services.seed import DatabaseNotEmpty, SeedError, database_has_events, seed_database

    with Session(get_engine()) as session:
        if if_empty and database_has_events(session):
            typer.echo("The database already has events: nothing to seed.")
            return
        try:
            report = seed_database(session=session)
        except DatabaseNotEmpty as exc:
            typer.echo(f"Refusing to seed: {exc}. Use --if-empty to skip quietly.", err=True)
            raise typer.Exit(1) from exc
        except SeedError as exc:
            typer.echo(f"Nothing was loaded: {exc}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(f"Loaded {report.events} events, {len(report.periods)} periods, "
               f"{report.officials} officials.")
    typer.echo("  by status: " + ", ".join(f"{k} {v}" for k, v in report.by_status.most_common()))
    typer.echo("  by medium: " + ", ".join(f"{k} {v}" for k, v in report.by_medium.most_common()))
    for period in report.periods:
        typer.echo(f"  period: {period.name}, {period.start} to {period.end or 'open'}")
    if report.merged:
        typer.echo("  merged (article and record): " + "; ".join(report.merged))
    if report.officials_added:
        typer.echo("  officials not in the gazetteer: " + ", ".join(report.officials_added))


def _new_password(ask: bool) -> tuple[str, bool]:
    """The password typed at the prompt (hidden; read from stdin when it is piped), or a random
    one. Returns it with whether it was generated (and so must be shown)."""
    from app.services.editors import random_password

    if ask:
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True), False
    return random_password(), True


def _editor_service(action, **arguments):
    """Run an editor service in a session; a refused name or password exits 1 with its reason."""
    from sqlmodel import Session

    from app.db import get_engine
    from app.services.editors import EditorError

    with Session(get_engine()) as session:
        try:
            return action(session=session, **arguments)
        except EditorError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from exc


def _with_password(action, name: str, ask: bool, verb: str) -> None:
    password, generated = _new_password(ask)
    editor = _editor_service(action, username=name, password=password)
    typer.echo(f"{verb} editor {editor.name}.")
    if generated:
        typer.echo(f"  password: {password}   (shown once; keep it somewhere safe)")


EditorName = Annotated[str, typer.Argument(help="Username: letters, digits, '.', '-', '_'.")]
PasswordFlag = Annotated[bool, typer.Option(
    "--password", help="Ask for the password (typed twice, hidden) instead of generating one.")]


@cli.command("create-editor")
def create_editor_command(name: EditorName, password: PasswordFlag = False) -> None:
    """Create an editor; prints a random password unless --password asks for one."""
    from app.services.editors import create_editor

    _with_password(create_editor, name, password, "Created")


@cli.command("set-password")
def set_password_command(name: EditorName, password: PasswordFlag = False) -> None:
    """Give an editor a new password (random unless --password); signs out their browsers."""
    from app.services.editors import set_password

    _with_password(set_password, name, password, "New password for")


@cli.command("create-token")
def create_token_command(name: EditorName) -> None:
    """Print a new API token for an editor (send it as `Authorization: Bearer TOKEN`)."""
    from app.services.editors import create_api_token

    token = _editor_service(create_api_token, username=name)
    # The token alone on stdout, so that TOKEN=$(contacts create-token NAME) works.
    typer.echo(token)
    typer.echo("Shown once; only its hash is stored. Send it as 'Authorization: Bearer TOKEN'.",
               err=True)


@cli.command("ensure-editor")
def ensure_editor_command() -> None:
    """On a database without editors, create the local editor and print its password, once."""
    from sqlmodel import Session

    from app.db import get_engine
    from app.services.editors import ensure_editor

    with Session(get_engine()) as session:
        created = ensure_editor(session=session)
    if created is None:
        return
    editor, password = created
    typer.echo(f"Created the local editor. Sign in at /login as {editor.name}, "
               f"password {password}")
    typer.echo("  (shown only now; `contacts set-password editor` gives a new one)")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

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
    workers: Annotated[int, typer.Option(
        min=0, help="Worker processes, each with its own connection pool (default: "
                    "CONTACTS_WORKERS, 1).")] = 0,
) -> None:
    """Serve the web app with uvicorn (run `contacts migrate` first)."""
    import uvicorn

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    workers = workers or settings.workers
    typer.echo(f"Contacts timeline: http://{host}:{port}/"
               + (f" ({workers} worker processes)" if workers > 1 else ""))
    # uvloop, not asyncio, also with workers: asyncio leaves TCP_NODELAY off on the sockets the
    # workers accept (uvicorn binds them with proto 0), and every keep-alive response then
    # waits ~44 ms for a delayed ACK (uvicorn issue #3149; README, "Several app processes").
    uvicorn.run("app.main:app", host=host, port=port, workers=workers, loop="uvloop",
                http="httptools", proxy_headers=True, log_level="warning")


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


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

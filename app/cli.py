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

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
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


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

"""The `contacts` command: the same services and extractor as the web, from a terminal."""

from pathlib import Path
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

    from app.secret import SecretKeyError, secret_key

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    workers = workers or settings.workers
    try:
        secret_key()  # generated and saved now, before workers start, or a clear error
    except SecretKeyError as exc:
        typer.echo(f"No secret key: {exc}", err=True)
        raise typer.Exit(1) from exc
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


def _publication_date(published: str | None):
    """--published as a date, within the range every date of the record keeps to."""
    from datetime import date

    from app.schemas import FIRST_DAY, LAST_DAY

    if not published:
        return None
    try:
        day = date.fromisoformat(published)
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint="--published") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise typer.BadParameter(f"give a date from {FIRST_DAY} to {LAST_DAY}",
                                 param_hint="--published")
    return day


@cli.command()
def extract(
    file: Annotated[typer.FileText, typer.Argument(help="Article text file ('-' for stdin).")],
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher, e.g. AP.")] = None,
    url: Annotated[str | None, typer.Option(help="Article URL.")] = None,
) -> None:
    """Print the contact events an article reports, as JSON (the extraction contract)."""
    from app.extract.pipeline import extract_events

    day = _publication_date(published)
    result = extract_events(file.read(), published=day, publisher=publisher, url=url)
    typer.echo(result.to_json())


@cli.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(
        help="Article files: .txt (UTF-8) or saved web pages (.html).", exists=True,
        dir_okay=False, readable=True)],
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher, e.g. AP.")] = None,
    url: Annotated[str | None, typer.Option(help="Article URL.")] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", help="Save without review: create the new events, add the article as a source "
                      "of the events it matches. Without it, only print what would be done.",
    )] = False,
) -> None:
    """Extract the contacts of articles and match them with the record; with --yes, save them
    (each article stored once: a second run changes nothing). --published, --publisher and
    --url apply to every file; a web page's own date, site name and address fill those left
    out."""
    from dataclasses import replace

    from sqlmodel import Session

    from app.db import get_engine
    from app.services.article_files import UnreadableFile, article_from_file
    from app.services.ingest import ingest_article

    day = _publication_date(published)
    if url and not url.startswith(("http://", "https://")):
        raise typer.BadParameter("use an http:// or https:// address", param_hint="--url")
    items = []
    for path in files:
        try:
            found = article_from_file(path.name, path.read_bytes())
        except UnreadableFile as exc:
            typer.echo(f"{path}: {exc} Nothing was ingested.", err=True)
            raise typer.Exit(1) from exc
        item = replace(found, publisher=publisher or found.publisher, url=url or found.url,
                       published=day or found.published)
        if yes and not item.publisher:
            typer.echo(f"{path}: saving needs the publisher of the source: give --publisher. "
                       "Nothing was ingested.", err=True)
            raise typer.Exit(2)
        items.append((path, item))
    with Session(get_engine()) as session:
        for path, item in items:
            report = ingest_article(session, item, save=yes, editor=CLI_EDITOR)
            _print_ingest(path, report)
    if not yes:
        typer.echo("Dry run: nothing was saved. Run again with --yes to save.")


class _Editor:
    """Who the revisions of terminal commands name."""

    def __init__(self, name: str):
        self.name = name


CLI_EDITOR = _Editor("contacts ingest")


def _print_ingest(path, report) -> None:
    from app.domain import label
    from app.services.ingest import ADD_SOURCE, ALREADY, CREATE, SKIP

    article = report.article
    if report.stored_before:
        state = f"already stored as article {article.id}"
    else:
        state = f"stored as article {article.id}" if report.saved else "new article"
    n = len(report.outcomes)
    typer.echo(f"{path}: {state}; {n} contact{'' if n == 1 else 's'} found")
    verbs = {
        CREATE: ("created event {id}: {title}", "would create: {title}"),
        ADD_SOURCE: ("added as a source of event {id}: {title}",
                     "would add as a source of event {id}: {title}"),
        ALREADY: ("already a source of event {id}: {title}",) * 2,
        SKIP: ("skipped: {reason}",) * 2,
    }
    for o in report.outcomes:
        e = o.candidate.event
        people = "; ".join(f"{p.name} ({p.side or '?'}{', ' + p.title if p.title else ''})"
                           for p in o.candidate.people) or "nobody named"
        typer.echo(f"  {o.candidate.index + 1}. {e.date}{' to ' + e.end_date if e.end_date else ''}"
                   f" {label('medium', e.medium).lower()}, {e.status}, confidence "
                   f"{e.confidence:.2f}: {people}")
        verb = verbs[o.action][0 if report.saved else 1]
        typer.echo("     " + verb.format(id=o.event_id, title=o.title, reason=o.reason))
    if report.saved:
        typer.echo(f"  created {report.count(CREATE)}, merged into recorded events "
                   f"{report.count(ADD_SOURCE)}, already there {report.count(ALREADY)}, "
                   f"skipped {report.count(SKIP)}")


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
    for ingested in report.articles:
        counts = {a: ingested.count(a) for a in ("already", "add_source", "create", "skip")}
        n = len(ingested.outcomes)
        typer.echo(f"  seed article {ingested.article.publisher} {ingested.article.published}: "
                   f"{n} contact{'' if n == 1 else 's'} extracted; {counts['already']} already "
                   f"in the record, {counts['add_source']} added as sources, {counts['create']} "
                   f"new events, {counts['skip']} left for review at /ingest/{ingested.article.id}")


FilterOption = Annotated[list[str] | None, typer.Option(
    help="Repeatable; as on the timeline (slug for --official and --topic).")]


@cli.command("export")
def export_events(
    format: Annotated[str, typer.Option(
        "--format", help="json: with no filter option, the full dump of the database (every "
                         "event, deleted ones too, articles and the whole history), which "
                         "`contacts import` restores into an empty database; with filters, the "
                         "live events they select (as /export/events.json). csv: the events "
                         "the filters select.")] = "json",
    output: Annotated[str, typer.Option(
        "--output", "-o", help="File to write ('-': stdout).")] = "-",
    official: FilterOption = None,
    medium: FilterOption = None,
    status: FilterOption = None,
    topic: FilterOption = None,
    category: FilterOption = None,
    date_from: Annotated[str, typer.Option("--from", help="Earliest date, YYYY-MM-DD.")] = "",
    date_to: Annotated[str, typer.Option("--to", help="Latest date, YYYY-MM-DD.")] = "",
    q: Annotated[str, typer.Option("--q", help="Words to find.")] = "",
    order: Annotated[str, typer.Option(help="oldest or newest.")] = "oldest",
) -> None:
    """Write the full dump of the database (JSON, no filter), or the events the timeline's
    filters select (every status by default) as CSV or JSON; `contacts import` reads each back."""
    import sys

    from sqlmodel import Session

    from app.db import get_engine
    from app.services.exports import csv_export, full_dump, json_export
    from app.services.filters import parse_filters
    from app.services.timeline import resolve_filters

    if format not in ("csv", "json"):
        raise typer.BadParameter("use csv or json", param_hint="--format")
    from app.domain import Status

    full = format == "json" and not any([official, medium, status, topic, category, date_from,
                                         date_to, q])
    # A dump is complete: every status unless --status narrows it (the timeline shows held).
    status = status or [s.value for s in Status]
    pairs = [(k, v) for k, values in (("official", official), ("medium", medium),
                                      ("status", status), ("topic", topic),
                                      ("category", category)) for v in values or []]
    pairs += [("from", date_from), ("to", date_to), ("q", q), ("order", order)]
    parsed = parse_filters(pairs)
    with Session(get_engine()) as session:
        f, errors = resolve_filters(session=session, filters=parsed.filter)
        errors = {**parsed.errors, **errors}
        if errors:
            for key, message in errors.items():
                typer.echo(f"--{key}: {message}", err=True)
            raise typer.Exit(2)
        if full:
            chunks = full_dump(session=session)
        else:
            chunks = (csv_export if format == "csv" else json_export)(session=session, filters=f)
        if output == "-":
            for chunk in chunks:
                sys.stdout.write(chunk)
            return
        newline = "" if format == "csv" else None  # the csv module writes its own CRLF
        with open(output, "w", encoding="utf-8", newline=newline) as out:
            for chunk in chunks:
                out.write(chunk)
    typer.echo(f"Wrote {output}", err=True)


@cli.command()
def recount() -> None:
    """Count the events per month again (the chart's and /stats' table), after events were
    loaded around the app; the app also does it by itself on the next read."""
    from sqlmodel import Session

    from app.db import get_engine
    from app.services.counts import rebuild

    with Session(get_engine()) as session:
        rebuild(session)
        session.commit()
    typer.echo("Counted the events again.")


@cli.command("import")
def import_events(
    file: Annotated[str, typer.Argument(help="A CSV export or a JSON dump.")],
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="Import the good rows and list the bad ones.")] = False,
) -> None:
    """Import events (and, from a dump, officials, topics and periods): every row validated
    first; a bad row stops everything unless --skip-bad; what is already there is skipped."""
    from pathlib import Path

    from sqlmodel import Session

    from app.db import get_engine
    from app.services.imports import ImportRefused, UnreadableFile, apply_import, read_import

    try:
        plan = read_import(Path(file))
    except UnreadableFile as exc:
        typer.echo(f"Nothing was imported: {exc}", err=True)
        raise typer.Exit(1) from exc
    with Session(get_engine()) as session:
        try:
            report = apply_import(session=session, plan=plan, skip_bad=skip_bad)
        except ImportRefused as exc:
            typer.echo(f"Nothing was imported: {exc} (--skip-bad imports the others).", err=True)
            for bad in exc.bad:
                typer.echo(f"  {bad}", err=True)
            raise typer.Exit(1) from exc
    if report.restored:
        typer.echo(f"Imported {report.created} events ({report.deleted} of them deleted) with "
                   f"{report.revisions} revisions and {report.articles} articles: the full dump, "
                   f"restored as it was; {report.officials} officials and {report.periods} "
                   f"periods added.")
        return
    typer.echo(f"Imported {report.created} events; skipped {report.duplicates} already present; "
               f"{report.officials} officials and {report.periods} periods added.")
    if report.deleted:
        typer.echo(f"Skipped {report.deleted} deleted events: a full dump brings them (and the "
                   f"history) back only into an empty database.")
    if report.bad:
        typer.echo(f"Skipped {len(report.bad)} bad rows:", err=True)
        for bad in report.bad:
            typer.echo(f"  {bad}", err=True)


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

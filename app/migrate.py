"""Run the Alembic migrations from code (CLI, tests, start-up of `make run`)."""

from alembic import command
from alembic.config import Config

from app.config import ROOT
from app.services.search import is_search_table


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate to `revision`; at the head, also count again the tables of counts that a
    migration emptied (they are rebuilt from the events by the app's code, which knows the
    head's shape only: at a million events, about a minute)."""
    command.upgrade(alembic_config(url), revision)
    if revision == "head":
        _recount_if_needed(url)


def _recount_if_needed(url: str) -> None:
    from sqlmodel import Session

    from app.db import make_engine
    from app.services import counts

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            counts.fresh(session)
    finally:
        engine.dispose()


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate leaves alone the full-text index, which the migrations create by hand."""
    return not (type_ == "table" and is_search_table(name))

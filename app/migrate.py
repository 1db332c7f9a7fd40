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
    command.upgrade(alembic_config(url), revision)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate leaves alone the full-text index, which the migrations create by hand."""
    return not (type_ == "table" and is_search_table(name))

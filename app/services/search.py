"""Full-text search over events: titles, summaries, places, names and source quotes.

One interface, two implementations chosen by the database's dialect:
- SQLite: an FTS5 table keyed by rowid = event id (unicode61, diacritics removed; migration 0001);
- PostgreSQL: a table of tsvectors with a GIN index, built with the `contacts_search` text
  search configuration: 'simple' (no stemming, no stop words) plus unaccent (migration 0006).
  'simple', not 'english': results then match SQLite's word for word; English stemming would
  turn names into stems ("Austin" -> "austin" but "Hegseth's" -> "hegseth", "talks" -> "talk")
  and drop stop words, so the same query would find other events on the two backends.

Both split text into words with the same rule (`words`), match every word of the query as a
prefix, and AND the words. Services call `index_event`/`unindex_event` in the same transaction
as every write, so the index never disagrees with the record.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Boolean, Connection, String, bindparam, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session

SEARCH_TABLE = "event_search"
# The FTS5 table of migration 0001 (SQLite only).
CREATE_SEARCH_TABLE = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
    "title, summary, body, tokenize='unicode61 remove_diacritics 2')"
)
# The text search configuration of migration 0006 (PostgreSQL only).
PG_CONFIG = "contacts_search"
# Letters and digits; underscores and punctuation separate words, as in FTS5's unicode61.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def is_search_table(name: str) -> bool:
    # FTS5 keeps its data in shadow tables named after the index (event_search_data, ...).
    return name == SEARCH_TABLE or name.startswith(SEARCH_TABLE + "_")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True)
class Document:
    """What one event contributes to the index."""

    id: int
    title: str
    summary: str
    body: str


class SqliteSearch:
    def query(self, terms: Sequence[str]) -> str:
        """Words -> an FTS5 query: every word must appear, each as a prefix."""
        return " ".join(f'"{term}"*' for term in terms)

    def match_sql(self, id_sql: str, query_sql: str) -> str:
        return f"{id_sql} IN (SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH {query_sql})"

    def add(self, connection: Session | Connection, documents: Sequence[Document]) -> None:
        connection.execute(
            text(f"INSERT INTO {SEARCH_TABLE} (rowid, title, summary, body) "
                 "VALUES (:id, :title, :summary, :body)"),
            [vars(d) for d in documents],
        )

    def remove(self, connection: Session | Connection, event_id: int) -> None:
        connection.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :id"), {"id": event_id})


class PostgresSearch:
    def query(self, terms: Sequence[str]) -> str:
        """Words -> a to_tsquery() string: 'wei':* & 'feng':* (words hold no quote)."""
        return " & ".join(f"'{term}':*" for term in terms)

    def match_sql(self, id_sql: str, query_sql: str) -> str:
        return (f"{id_sql} IN (SELECT event_id FROM {SEARCH_TABLE} "
                f"WHERE document @@ to_tsquery('{PG_CONFIG}', {query_sql}))")

    def add(self, connection: Session | Connection, documents: Sequence[Document]) -> None:
        # The text goes in as words joined by spaces, so word boundaries are those of `words`.
        connection.execute(
            text(f"INSERT INTO {SEARCH_TABLE} (event_id, document) "
                 f"VALUES (:id, to_tsvector('{PG_CONFIG}', :text))"),
            [{"id": d.id, "text": " ".join(words(f"{d.title} {d.summary} {d.body}"))}
             for d in documents],
        )

    def remove(self, connection: Session | Connection, event_id: int) -> None:
        connection.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE event_id = :id"),
                           {"id": event_id})


BACKENDS = {"sqlite": SqliteSearch(), "postgresql": PostgresSearch()}


def backend(dialect_name: str) -> SqliteSearch | PostgresSearch:
    try:
        return BACKENDS[dialect_name]
    except KeyError:
        raise NotImplementedError(f"no full-text search for {dialect_name!r}") from None


def _backend_of(connection: Session | Connection) -> SqliteSearch | PostgresSearch:
    return backend(connection.get_bind().dialect.name if isinstance(connection, Session)
                   else connection.dialect.name)


# --- reading: a condition that compiles to each dialect's match -----------------------------


class _SearchQuery(TypeDecorator):
    """A bound tuple of words, sent as the dialect's query syntax."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else backend(dialect.name).query(value)


class _matches(FunctionElement):
    """`event_id IN (events whose document has every word)`; see `matches`."""

    name = "event_matches"
    type = Boolean()
    inherit_cache = True
    # It is a predicate already: without this, SQLite would get "... IN (...) = 1", which
    # hides the IN from its planner.
    _is_implicitly_boolean = True


@compiles(_matches)
def _compile_matches(element, compiler, **kw):
    id_column, query = element.clauses
    return backend(compiler.dialect.name).match_sql(
        compiler.process(id_column, **kw), compiler.process(query, **kw)
    )


def matches(id_column: ColumnElement, q: str) -> ColumnElement[bool] | None:
    """The condition "the event `id_column` matches `q`", or None when `q` has no word."""
    terms = words(q)
    if not terms:
        return None
    return _matches(id_column, bindparam("search_query", tuple(terms), type_=_SearchQuery(), unique=True))


# --- writing: in the caller's transaction ---------------------------------------------------


def index_event(session: Session, event_id: int, *, title: str, summary: str, body: str) -> None:
    """Replace the entry of one event."""
    search = _backend_of(session)
    search.remove(session, event_id)
    search.add(session, [Document(event_id, title, summary, body)])


def add_to_index(connection: Session | Connection, documents: Sequence[Document | Mapping]) -> None:
    """Index events not yet in the index, in one executemany (the bulk path of imports and the
    benchmark's generator). Mappings need the keys id, title, summary and body."""
    if documents:
        _backend_of(connection).add(
            connection, [d if isinstance(d, Document) else Document(**d) for d in documents]
        )


def unindex_event(session: Session, event_id: int) -> None:
    _backend_of(session).remove(session, event_id)

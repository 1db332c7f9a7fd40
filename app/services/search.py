"""Full-text search over events: titles, summaries, places, names and source quotes.

One interface, two implementations chosen by the database's dialect:
- SQLite: an FTS5 table keyed by rowid = event id (unicode61, diacritics removed; migration 0001);
- PostgreSQL: a table of tsvectors keyed by event_id with a GIN index, built with the
  `contacts_search` text search configuration: 'simple' (no stemming, no stop words) plus
  unaccent (migration 0006_postgres). 'simple', not 'english': results then match SQLite's word
  for word; English stemming would cut names ("Hegseth's" -> "hegseth", "Wei" stays, "Dong"...)
  and drop stop words, so the same query would find other events on the two backends.

Both split text into words by the same rule (`words`), match every word of the query as a
prefix, and AND the words. Reads build dialect-neutral SQLAlchemy expressions
(`matching_ids_query`, `matches`) that compile to each backend's syntax; writes (`index_event`,
`unindex_event`, `add_to_index`) run in the caller's transaction, so the index never disagrees
with the record.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Boolean, Connection, Integer, Select, String, bindparam, select, table, text
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
# The text search configuration of migration 0006_postgres (PostgreSQL only).
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


class _Search:
    """What each backend provides: `key`, the column of the event id; `query(words)`, the text
    of its query language that asks for every word as a prefix; `match_sql(query_sql)`, the
    WHERE term matching rows of the index against that query; `add(connection, documents)`;
    `replace(connection, document)` (add, or overwrite the event's entry); `remove(connection,
    event_id)`."""

    key: str

    def remove(self, connection: Session | Connection, event_id: int) -> None:
        connection.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE {self.key} = :id"),
                           {"id": event_id})


class SqliteSearch(_Search):
    key = "rowid"

    def query(self, terms: Sequence[str]) -> str:
        """Words -> an FTS5 query: every word must appear, each as a prefix."""
        return " ".join(f'"{term}"*' for term in terms)

    def match_sql(self, query_sql: str) -> str:
        return f"{SEARCH_TABLE} MATCH {query_sql}"

    def add(self, connection: Session | Connection, documents: Sequence[Document]) -> None:
        connection.execute(self._insert("INSERT"), [vars(d) for d in documents])

    def replace(self, connection: Session | Connection, document: Document) -> None:
        # FTS5 handles OR REPLACE: an entry of that rowid (a stale one, left by events deleted
        # around the services, included) goes first.
        connection.execute(self._insert("INSERT OR REPLACE"), vars(document))

    @staticmethod
    def _insert(verb: str):
        return text(f"{verb} INTO {SEARCH_TABLE} (rowid, title, summary, body) "
                    "VALUES (:id, :title, :summary, :body)")


class PostgresSearch(_Search):
    key = "event_id"

    def query(self, terms: Sequence[str]) -> str:
        """Words -> a to_tsquery() string: 'wei':* & 'feng':* (words hold no quote)."""
        return " & ".join(f"'{term}':*" for term in terms)

    def match_sql(self, query_sql: str) -> str:
        return f"{SEARCH_TABLE}.document @@ to_tsquery('{PG_CONFIG}', {query_sql})"

    def add(self, connection: Session | Connection, documents: Sequence[Document]) -> None:
        connection.execute(self._insert(""), [self._row(d) for d in documents])

    def replace(self, connection: Session | Connection, document: Document) -> None:
        connection.execute(
            self._insert(" ON CONFLICT (event_id) DO UPDATE SET document = excluded.document"),
            self._row(document))

    @staticmethod
    def _insert(conflict: str):
        return text(f"INSERT INTO {SEARCH_TABLE} (event_id, document) "
                    f"VALUES (:id, to_tsvector('{PG_CONFIG}', :text)){conflict}")

    @staticmethod
    def _row(d: Document) -> dict:
        # The text goes in as words joined by spaces, so word boundaries are those of `words`.
        return {"id": d.id, "text": " ".join(words(f"{d.title} {d.summary} {d.body}"))}


BACKENDS = {"sqlite": SqliteSearch(), "postgresql": PostgresSearch()}


def backend(dialect_name: str) -> _Search:
    try:
        return BACKENDS[dialect_name]
    except KeyError:
        raise NotImplementedError(f"no full-text search for {dialect_name!r}") from None


def _backend_of(connection: Session | Connection) -> _Search:
    return backend(connection.get_bind().dialect.name if isinstance(connection, Session)
                   else connection.dialect.name)


# --- reading: expressions that compile to each dialect's syntax ------------------------------


class _SearchQuery(TypeDecorator):
    """A bound tuple of words, sent as the dialect's query syntax."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else backend(dialect.name).query(value)


class _search_key(FunctionElement):
    """The event id column of the index: rowid (FTS5) or event_id (PostgreSQL)."""

    type = Integer()
    inherit_cache = True


class _search_match(FunctionElement):
    """The index's row matches the bound words."""

    type = Boolean()
    inherit_cache = True
    # A predicate already: without this SQLite would get "MATCH ... = 1", which its planner
    # does not see as a full-text lookup.
    _is_implicitly_boolean = True


@compiles(_search_key)
def _compile_key(element, compiler, **kw):
    return f"{SEARCH_TABLE}.{backend(compiler.dialect.name).key}"


@compiles(_search_match)
def _compile_match(element, compiler, **kw):
    (query,) = element.clauses
    return backend(compiler.dialect.name).match_sql(compiler.process(query, **kw))


def matching_ids_query(q: str) -> Select | None:
    """SELECT the ids (column `event_id`) of the events matching every word of `q`, each as a
    prefix; None when `q` has no word. A subquery, or add .limit() and run it."""
    terms = words(q)
    if not terms:
        return None
    query = bindparam("search_query", tuple(terms), type_=_SearchQuery(), unique=True)
    return (select(_search_key().label("event_id")).select_from(table(SEARCH_TABLE))
            .where(_search_match(query)))


def matches(id_column: ColumnElement, q: str) -> ColumnElement[bool] | None:
    """The condition "the event `id_column` matches `q`", or None when `q` has no word."""
    ids = matching_ids_query(q)
    return None if ids is None else id_column.in_(ids)


# --- writing: in the caller's transaction ---------------------------------------------------


def index_event(session: Session, event_id: int, *, title: str, summary: str, body: str) -> None:
    """Replace the entry of one event (one statement)."""
    _backend_of(session).replace(session, Document(event_id, title, summary, body))


def add_to_index(connection: Session | Connection, documents: Sequence[Document | Mapping]) -> None:
    """Index events not yet in the index, in one executemany (the bulk path of imports and the
    benchmark's generator). Mappings need the keys id, title, summary and body."""
    if documents:
        _backend_of(connection).add(
            connection, [d if isinstance(d, Document) else Document(**d) for d in documents]
        )


def unindex_event(session: Session, event_id: int) -> None:
    _backend_of(session).remove(session, event_id)

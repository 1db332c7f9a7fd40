"""Full-text search over events (SQLite FTS5): titles, summaries, places, names and source quotes.

The index is a separate FTS5 table keyed by event id. Services call `index_event` in the same
transaction as every write, so the index never disagrees with the record.
"""

import re
from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, text
from sqlalchemy.sql.elements import TextClause
from sqlmodel import Session

SEARCH_TABLE = "event_search"
CREATE_SEARCH_TABLE = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
    "title, summary, body, tokenize='unicode61 remove_diacritics 2')"
)
_TOKEN = re.compile(r"\w+", re.UNICODE)


def is_search_table(name: str) -> bool:
    # FTS5 keeps its data in shadow tables named after the index (event_search_data, ...).
    return name == SEARCH_TABLE or name.startswith(SEARCH_TABLE + "_")


def match_expression(q: str) -> str | None:
    """User text -> a safe FTS5 query: every word must appear, each as a prefix."""
    tokens = _TOKEN.findall(q)
    if not tokens:
        return None
    return " ".join(f'"{token}"*' for token in tokens)


def matching_ids_clause() -> TextClause:
    return text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :fts_query")


_INSERT = text(f"INSERT INTO {SEARCH_TABLE} (rowid, title, summary, body) VALUES (:id, :t, :s, :b)")


def matching_ids(session: Session, expression: str, *, limit: int) -> list[int]:
    """Up to `limit` ids of the events matching a match_expression, in no particular order."""
    return list(session.execute(
        text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q LIMIT :n"),
        {"q": expression, "n": limit},
    ).scalars())


def index_event(session: Session, event_id: int, *, title: str, summary: str, body: str) -> None:
    session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :id"), {"id": event_id})
    add_to_index(session, [{"id": event_id, "title": title, "summary": summary, "body": body}])


def add_to_index(connection: Session | Connection, documents: Sequence[Mapping]) -> None:
    """Index events not yet in the index, in one executemany: dicts of id, title, summary, body.

    The bulk path (the benchmark's generator); `index_event` replaces one event's entry."""
    if documents:
        connection.execute(
            _INSERT,
            [{"id": d["id"], "t": d["title"], "s": d["summary"], "b": d["body"]} for d in documents],
        )


def unindex_event(session: Session, event_id: int) -> None:
    session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :id"), {"id": event_id})

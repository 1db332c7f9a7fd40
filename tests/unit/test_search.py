"""Full-text search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector + GIN): every
word of the query must appear, each as a prefix; case and accents do not matter; no stemming
and no stop words; the index is written in the transaction of the change."""

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from app.models import Event
from app.schemas import EventCreate
from app.services import search
from app.services.events import create_event
from tests.factories import event_payload, make_event, search_hits


@pytest.fixture
def events(session) -> dict[str, int]:
    made = {
        "hotline": make_event(session, title="Talks on the hotline",
                              summary="Nuclear risk reduction; an e-mail exchange followed."),
        "zurich": make_event(session, title="Café meeting in Zürich", summary="Over coffee.",
                             participants=[{"name": "Dong Jun", "side": "CN", "title": "Minister"}],
                             sources=[]),
        "video": make_event(session, title="Video call", summary="Frank talk about Ukraine."),
    }
    return {key: event.id for key, event in made.items()}


@pytest.mark.parametrize("q, expected", [
    ("hotline", ["hotline"]),
    ("hot", ["hotline"]),  # each word is a prefix
    ("hotline nuclear", ["hotline"]),  # every word must appear
    ("hotline coffee", []),
    ("nucl redu", ["hotline"]),
    ("the", ["hotline"]),  # no stop words dropped
    ("talk", ["hotline", "video"]),  # "talks" by prefix, "talk" as written
    ("cafe zurich", ["zurich"]),  # accents fold both ways
    ("CAFÉ", ["zurich"]),
    ("zür", ["zurich"]),
    ("dong", ["zurich"]),  # participants' names are indexed
    ("mail", ["hotline"]),  # punctuation separates words
    ("e_mail", ["hotline"]),  # so do underscores
    ("Wei Fenghe", ["hotline", "video"]),  # the default participants
    ("coffee frank", []),
])
def test_queries(session, events, q, expected):
    assert search_hits(session, q) == sorted(events[key] for key in expected)


@pytest.mark.parametrize("q", ["'", "a:b", "&", "|", "!x", "<->", "\\", "x:*", "(a | b)", "''b'':*",
                               "NEAR(a b", "col:x", "^", "🙂", "taiwan OR", "-- x"])
def test_query_syntax_of_either_backend_is_only_text(session, events, q):
    assert isinstance(search_hits(session, q), list)


def test_text_without_words_is_no_condition():
    assert search.matches(Event.id, " '&|!:* ") is None


@pytest.mark.parametrize("text, expected", [
    ("Wei Fenghe", ["Wei", "Fenghe"]),
    ("e-mail, foo_bar; 2022-04-20", ["e", "mail", "foo", "bar", "2022", "04", "20"]),
    ("Zürich 习近平", ["Zürich", "习近平"]),
    ("'\"*:&|!", []),
])
def test_words(text, expected):
    assert search.words(text) == expected


def test_a_rolled_back_write_leaves_no_index_entry(session):
    create_event(session=session, data=EventCreate.model_validate(event_payload(title="Ghost")),
                 commit=False)
    assert len(search_hits(session, "ghost")) == 1  # visible inside the transaction
    session.rollback()
    assert search_hits(session, "ghost") == []


def test_bulk_add_to_index(session):
    ids = [make_event(session, title=f"Event {n}").id for n in range(3)]
    for event_id in ids:
        search.unindex_event(session, event_id)
    search.add_to_index(session, [
        {"id": ids[0], "title": "Bulk one", "summary": "", "body": ""},
        search.Document(ids[1], "Bulk two", "", "Hegseth"),
    ])
    assert search_hits(session, "bulk") == ids[:2]
    assert search_hits(session, "hegseth") == [ids[1]]


@pytest.mark.parametrize("dialect, expected", [
    (sqlite.dialect(), "event.id IN (SELECT event_search.rowid AS event_id FROM event_search "
                       "WHERE event_search MATCH '\"hot\"* \"line\"*')"),
    (postgresql.dialect(), "event.id IN (SELECT event_search.event_id AS event_id FROM "
                           "event_search WHERE event_search.document @@ "
                           "to_tsquery('contacts_search', '''hot'':* & ''line'':*'))"),
])
def test_one_condition_compiles_to_each_backend(dialect, expected):
    query = select(Event.id).where(search.matches(Event.id, "hot line"))
    sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    assert " ".join(sql.split()).endswith("WHERE " + expected)


def test_matching_ids_with_a_limit(session):
    ids = [make_event(session, title=f"Limited {n}").id for n in range(5)]
    found = session.scalars(search.matching_ids_query("limited").limit(3)).all()
    assert len(found) == 3 and set(found) <= set(ids)

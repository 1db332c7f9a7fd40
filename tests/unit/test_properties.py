"""Property tests (hypothesis): the filter parser and the event form never raise on anything a
browser or a script can send, only report the documented errors, and valid input round-trips."""

from datetime import date
from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.datastructures import FormData

from app.domain import Category, Initiator, Medium, Precision, Side, SourceKind, Status
from app.limits import MAX_FILTER_TEXT, MAX_FILTER_VALUES, MAX_ID
from app.schemas import EventCreate, EventUpdate
from app.services.filters import Cursor, TimelineFilter, parse_filters
from app.web.event_form_data import ROW_FIELDS, SCALAR_FIELDS, EventForm
from tests.unit.test_event_form_data import VALID

FILTER_KEYS = ["official", "medium", "status", "topic", "category", "from", "to", "q", "who",
               "order", "cursor", "pick"]
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- the filter parser -------------------------------------------------------------------------

any_key = st.one_of(st.sampled_from(FILTER_KEYS), st.sampled_from(FILTER_KEYS),
                    st.text(max_size=12))
any_value = st.one_of(
    st.text(max_size=60),
    st.text(" \t\n\u3000\xa0aB1-", max_size=12),  # whitespace in every position
    st.sampled_from([m.value for m in Medium] + [s.value for s in Status] + [
                    " two  spaces\there ", "\u3000ideographic\u3000space", "2022-04-20",
                    "2022-02-30", "0000-01-01", "9999-12-31", "newest", "oldest", "MjAyMi0wNC0yMC4x"]),
    st.dates().map(date.isoformat),
    st.builds(lambda d, i: Cursor(d, i).encode(), st.dates(), st.integers(1, 2**63 - 1)),
)


@PROPERTY
@given(st.lists(st.tuples(any_key, any_value), max_size=40))
def test_any_query_string_parses_to_a_valid_filter_or_named_errors(pairs):
    parsed = parse_filters(pairs)
    f = parsed.filter
    assert set(parsed.errors) <= set(FILTER_KEYS) - {"pick"}
    assert all(isinstance(m, str) and m for m in parsed.errors.values())
    assert set(f.media) <= {m.value for m in Medium}
    assert f.statuses and set(f.statuses) <= {s.value for s in Status}
    assert set(f.categories) <= {c.value for c in Category}
    assert f.order in ("newest", "oldest")
    assert len(f.q) <= MAX_FILTER_TEXT and len(f.who) <= MAX_FILTER_TEXT
    assert f.q == " ".join(f.q.split()) and f.who == " ".join(f.who.split())
    assert not (f.date_from and f.date_to and f.date_from > f.date_to)
    # Whatever came in, the canonical URL of the result parses back to the same filter.
    assert parse_filters(f.pairs(with_cursor=True)).filter == f


slug = st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True)
text = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=MAX_FILTER_TEXT) \
    .map(lambda t: " ".join(t.split())).filter(lambda t: len(t) <= MAX_FILTER_TEXT)


@st.composite
def filters(draw) -> TimelineFilter:
    days = sorted(draw(st.lists(st.dates(), max_size=2)))
    return TimelineFilter(
        officials=tuple(draw(st.lists(slug, unique=True, max_size=MAX_FILTER_VALUES))),
        media=tuple(draw(st.lists(st.sampled_from([m.value for m in Medium]), unique=True))),
        statuses=tuple(draw(st.lists(st.sampled_from([s.value for s in Status]), unique=True,
                                     min_size=1))),
        topics=tuple(draw(st.lists(slug, unique=True, max_size=MAX_FILTER_VALUES))),
        categories=tuple(draw(st.lists(st.sampled_from([c.value for c in Category]),
                                       unique=True))),
        date_from=days[0] if days else None,
        date_to=days[-1] if len(days) == 2 else None,
        q=draw(text),
        order=draw(st.sampled_from(["newest", "oldest"])),
        cursor=draw(st.none() | st.builds(Cursor, st.dates(), st.integers(1, MAX_ID))),
        who=draw(text),
    )


@PROPERTY
@given(filters())
def test_a_valid_filter_round_trips_through_its_url(f):
    parsed = parse_filters(parse_qsl(urlsplit(f.url(cursor=f.cursor)).query))
    assert parsed.errors == {}
    assert parsed.filter == f


# --- the event form ----------------------------------------------------------------------------

ROW_KEYS = [f"{kind}-{i}-{name}" for kind, names in ROW_FIELDS.items() for i in range(3)
            for name in names]
FORM_KEYS = [*SCALAR_FIELDS, *ROW_KEYS, "topics", "new_topics", "version", "action"]
KNOWN_ERROR_KEYS = {*SCALAR_FIELDS, *ROW_KEYS, "topics", "new_topics", "version", "form",
                    "participants", "sources", "participants-0", "participants-1",
                    "participants-2", "sources-0", "sources-1", "sources-2"}
form_value = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "Taiwan, taiwan; TAIWAN", "2022-04-20", "2022-04", "2022", "2022-02-30", "0", "-1",
                     "99999999999999999999", "phone_call", "US", "CN", "day", "month",
                     "https://example.org/a", "x" * 301, "\x00", "１２"]),
)


@PROPERTY
@given(st.booleans(), st.lists(st.tuples(st.one_of(st.sampled_from(FORM_KEYS),
                                                   st.text(max_size=20)), form_value),
                               max_size=40))
def test_any_posted_form_validates_or_reports_errors_by_field(from_valid, changes):
    pairs = (VALID if from_valid else []) + changes  # a later value of a field replaces it
    for model in (EventCreate, EventUpdate):
        form = EventForm.from_post(FormData(pairs))
        command = form.validate(model)
        assert (command is None) == bool(form.errors)
        if command is not None:  # one topic once, whatever the case it was typed in
            assert len({t.casefold() for t in command.topics}) == len(command.topics)
        assert set(form.errors) <= KNOWN_ERROR_KEYS, form.errors
        assert all(messages and all(isinstance(m, str) for m in messages)
                   for messages in form.errors.values())
    form = EventForm.from_post(FormData(pairs))
    form.validate_dates()
    assert set(form.errors) <= {"date", "date_precision", "end_date"}


words = st.text(st.characters(categories=["L", "N"]) | st.sampled_from(" .-'’"), min_size=1,
                max_size=40).map(lambda t: " ".join(t.split())).filter(bool)


def optional(strategy):
    return st.none() | strategy


@st.composite
def payloads(draw) -> dict:
    day = draw(st.dates(date(1949, 1, 1), date(2100, 12, 31)))
    participants = draw(st.lists(st.fixed_dictionaries(
        {"side": st.sampled_from([s.value for s in Side]), "name": optional(words),
         "title": words}), max_size=4))
    topics = draw(st.lists(words, max_size=4, unique_by=str.casefold))
    sources = draw(st.lists(st.fixed_dictionaries({
        "url": optional(st.from_regex(r"https://example\.org/[a-z0-9]{1,10}", fullmatch=True)),
        "publisher": words, "published": optional(st.dates().map(date.isoformat)),
        "kind": st.sampled_from([k.value for k in SourceKind]), "headline": optional(words),
        "quote": words}), max_size=3))
    end = draw(optional(st.dates(day, date(2100, 12, 31))))
    return {
        "date": day.isoformat(), "date_precision": Precision.day.value,
        "end_date": end.isoformat() if end else None,
        "medium": draw(st.sampled_from([m.value for m in Medium])),
        "channel": draw(optional(words)), "status": draw(st.sampled_from([s.value for s in Status])),
        "category": draw(st.sampled_from([c.value for c in Category])), "title": draw(words),
        "summary": draw(words), "location": draw(optional(words)),
        "duration_minutes": draw(optional(st.integers(1, 10080))),
        "initiated_by": draw(st.sampled_from([i.value for i in Initiator])),
        "uncertain_reason": draw(optional(words)),
        "participants": participants, "topics": topics, "sources": sources,
    }


def as_posted_form(payload: dict) -> list[tuple[str, str]]:
    """What a browser sends for this payload: strings, rows with indexed names."""
    pairs = [(k, str(v)) for k, v in payload.items()
             if k in SCALAR_FIELDS and v is not None]
    for kind in ("participants", "sources"):
        for i, row in enumerate(payload[kind]):
            pairs += [(f"{kind}-{i}-{k}", "" if v is None else str(v)) for k, v in row.items()]
    # Each topic typed a second time in capitals: still one topic (for letters whose capital
    # folds back to them: not Turkish dotless i, whose capital is I).
    again = [t.upper() for t in payload["topics"] if t.upper().casefold() == t.casefold()]
    pairs.append(("new_topics", ", ".join(payload["topics"] + again)))
    return pairs


@PROPERTY
@given(payloads())
def test_a_valid_event_round_trips_through_the_form(payload):
    expected = EventCreate.model_validate(payload)
    form = EventForm.from_post(FormData(as_posted_form(payload)))
    assert form.validate(EventCreate) == expected, form.errors

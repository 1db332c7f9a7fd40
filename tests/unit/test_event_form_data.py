"""The event form's fields -> EventCreate/EventUpdate payload, and errors -> form fields."""

from datetime import date

import pytest
from starlette.datastructures import FormData

from app.limits import MAX_PARTICIPANTS, MAX_SOURCES, MAX_TITLE, MAX_TOPICS
from app.schemas import EventCreate, EventUpdate
from app.web.event_form_data import (
    DATE_ERROR,
    EVENT_DATE_ERROR,
    EventForm,
    display_date,
    field_label,
)
from tests.factories import make_event

VALID = [
    ("date", "2022-04-20"), ("date_precision", "day"), ("medium", "phone_call"),
    ("status", "held"), ("category", "defense"), ("initiated_by", "US"),
    ("title", "Austin and Wei speak by phone"),
    ("participants-0-name", "Lloyd Austin"), ("participants-0-side", "US"),
    ("participants-0-title", "Secretary of Defense"),
    ("participants-1-name", "Wei Fenghe"), ("participants-1-side", "CN"),
    ("participants-1-title", "Minister of National Defense"),
    ("sources-0-url", "https://example.org/a"), ("sources-0-publisher", "AP"),
    ("sources-0-published", "2022-04-20"), ("sources-0-kind", "press"),
    ("sources-0-quote", "Austin spoke with Wei."),
]


def posted(*pairs, **fields) -> EventForm:
    data = [(k, v) for k, v in VALID if k not in fields] + list(pairs) + list(fields.items())
    return EventForm.from_post(FormData(data))


def test_valid_form_maps_to_the_api_payload():
    form = posted(("topics", "Taiwan"), new_topics="Ukraine, taiwan; Space")
    command = form.validate(EventCreate)
    assert form.errors == {}
    assert command.date == date(2022, 4, 20)
    assert [(p.name, p.side.value, p.title) for p in command.participants] == [
        ("Lloyd Austin", "US", "Secretary of Defense"),
        ("Wei Fenghe", "CN", "Minister of National Defense"),
    ]
    assert command.topics == ["Taiwan", "Ukraine", "Space"]  # "taiwan" is the same topic
    assert command.sources[0].publisher == "AP"
    assert command.duration_minutes is None and command.channel is None  # empty -> default


def test_blank_rows_are_dropped_and_errors_point_at_the_posted_row():
    form = posted(("participants-2-side", "US"), ("participants-3-title", "x" * 301),
                  ("participants-3-side", "CN"), ("sources-1-kind", "press"))
    assert form.validate(EventCreate) is None
    assert form.errors == {"participants-3-title": ["Too long: 301 characters, at most 300 allowed."]}
    assert len(form.participants) == 4 and len(form.sources) == 2  # all rows are shown again


def test_row_indexes_are_renumbered_in_order():
    form = EventForm.from_post(FormData([
        ("participants-7-name", "B"), ("participants-7-side", "CN"),
        ("participants-2-name", "A"), ("participants-2-side", "US"),
        ("participants-x-name", "ignored"), ("participants-1-colour", "ignored"),
    ]))
    assert [p["name"] for p in form.participants] == ["A", "B"]


def test_delegation_needs_only_a_title():
    form = posted(**{"participants-1-name": "", "participants-1-title": "PLA delegation"})
    command = form.validate(EventCreate)
    assert command.participants[1].name is None
    assert command.participants[1].title == "PLA delegation"


@pytest.mark.parametrize("fields, errors", [
    ({"title": ""}, {"title": ["Required."]}),
    ({"title": "   "}, {"title": ["Required."]}),
    ({"title": "t" * 301}, {"title": ["Too long: 301 characters, at most 300 allowed."]}),
    ({"medium": ""}, {"medium": ["Required."]}),
    ({"medium": "pigeon"}, {"medium": ["Choose one of the options offered."]}),
    ({"status": "imagined"}, {"status": ["Choose one of the options offered."]}),
    ({"date": ""}, {"date": ["Required."]}),
    ({"date": "2022-02-30"}, {"date": [EVENT_DATE_ERROR]}),
    ({"date": "20 April"}, {"date": [EVENT_DATE_ERROR]}),
    ({"date": "86400"}, {"date": [EVENT_DATE_ERROR]}),  # Pydantic would read a timestamp
    ({"end_date": "2022-04-19"}, {"end_date": ["The end date must not be before the date."]}),
    ({"end_date": "2022-04-22", "date_precision": "month"},
     {"end_date": ["An end date needs day precision: set the date precision to Day."]}),
    ({"end_date": "tomorrow"}, {"end_date": [DATE_ERROR]}),
    ({"duration_minutes": "forty"}, {"duration_minutes": ["Enter a whole number."]}),
    ({"duration_minutes": "4.5"}, {"duration_minutes": ["Enter a whole number."]}),
    ({"duration_minutes": "0"}, {"duration_minutes": ["Must be at least 1."]}),
    ({"duration_minutes": "9" * 40}, {"duration_minutes": ["Must be at most 10080."]}),
    ({"participants-1-side": "TW"},
     {"participants-1-side": ["Choose one of the options offered."]}),
    ({"sources-0-url": "javascript:alert(1)"},
     {"sources-0-url": ["Enter a web address starting with http:// or https://."]}),
    ({"sources-0-publisher": ""}, {"sources-0-publisher": ["Required."]}),
    ({"sources-0-published": "2022-13-01"}, {"sources-0-published": [DATE_ERROR]}),
    ({"new_topics": "a" * 101}, {"new_topics": ["Too long: 101 characters, at most 100 allowed."]}),
])
def test_invalid_input_lands_on_its_field(fields, errors):
    form = posted(**fields)
    assert form.validate(EventCreate) is None
    assert form.errors == errors
    for name, value in fields.items():  # what was typed stays in the form
        row = name.split("-")
        if row[0] in ("participants", "sources"):
            assert getattr(form, row[0])[int(row[1])][row[2]] == value
        elif name == "new_topics":
            assert form.new_topics == value
        else:
            assert form.values[name] == value


def test_too_many_rows_is_an_error_on_the_group():
    rows = [(f"participants-{i}-{k}", v) for i in range(2, MAX_PARTICIPANTS + 3) for k, v in
            (("name", f"Person {i}"), ("side", "US"))]
    form = posted(*rows)
    assert form.validate(EventCreate) is None
    assert form.errors == {"participants": [f"Too many participants: at most {MAX_PARTICIPANTS}."]}


def test_too_many_topics_is_an_error_on_the_topics():
    form = posted(new_topics=",".join(f"topic {i}" for i in range(MAX_TOPICS + 1)))
    assert form.validate(EventCreate) is None
    assert form.errors == {"topics": [f"Too many topics: at most {MAX_TOPICS}."]}


def test_too_long_says_how_long_and_the_limit():
    form = posted(title="x" * (MAX_TITLE + 12))
    assert form.validate(EventCreate) is None
    assert form.errors == {"title": [f"Too long: {MAX_TITLE + 12} characters, at most {MAX_TITLE} "
                                     "allowed."]}


@pytest.mark.parametrize("typed, precision, stored, stored_precision", [
    ("2021-03", "day", date(2021, 3, 1), "month"),
    ("2021", "day", date(2021, 1, 1), "year"),
    ("2021", "month", date(2021, 1, 1), "year"),
    ("2021-03", "year", date(2021, 3, 1), "year"),  # a coarser choice stands
    ("2021-03-09", "month", date(2021, 3, 9), "month"),
])
def test_partial_dates_set_the_precision(typed, precision, stored, stored_precision):
    command = posted(date=typed, date_precision=precision).validate(EventCreate)
    assert (command.date, command.date_precision.value) == (stored, stored_precision)


def test_update_needs_a_whole_number_version():
    form = posted(version="two")
    assert form.validate(EventUpdate) is None
    assert form.errors == {"version": ["Enter a whole number."]}
    assert posted(version="3").validate(EventUpdate).version == 3


def test_inline_date_check_reports_only_date_fields():
    form = posted(title="", date="2022-04-20", end_date="2022-04-01")
    form.validate_dates()
    assert form.errors == {"end_date": ["The end date must not be before the date."]}


def test_uploaded_file_in_a_text_field_counts_as_empty():
    from io import BytesIO

    from starlette.datastructures import UploadFile

    form = EventForm.from_post(FormData([("title", UploadFile(BytesIO(b"x"), filename="a.txt"))]))
    assert form.values["title"] == ""


def test_edit_form_round_trips_an_event(session):
    event = make_event(session, date="2021-03-01", date_precision="month", duration_minutes=45)
    form = EventForm.from_event(event)
    assert form.values["date"] == "2021-03"
    assert form.values["duration_minutes"] == "45"
    assert form.version == "1"
    assert form.participants[-1]["name"] == "" and form.sources[-1]["publisher"] == ""  # spare rows
    # Posting the rendered values back gives the same event.
    data = [(k, v) for k, v in form.values.items()] + [("version", form.version)]
    data += [(f"participants-{i}-{k}", v) for i, p in enumerate(form.participants)
             for k, v in p.items()]
    data += [(f"sources-{i}-{k}", v) for i, s in enumerate(form.sources) for k, v in s.items()]
    data += [("topics", t) for t in form.topics]
    command = EventForm.from_post(FormData(data)).validate(EventUpdate)
    # The form names people; a slug (which the API may send) is not one of its fields.
    dumped = command.model_dump(exclude={"participants": {"__all__": {"slug"}}})
    same = {k: v for k, v in dumped.items() if k != "version"}
    original = event.model_dump(include=set(same))
    original["participants"] = [{"name": p.name, "side": p.side, "title": p.title}
                                for p in event.participants]
    original["sources"] = [{k: getattr(s, k) for k in ("url", "publisher", "published", "headline",
                                                       "quote", "kind", "article_id")}
                           for s in event.sources]
    assert same == original


@pytest.mark.parametrize("value, precision, shown", [
    (date(2021, 3, 9), "day", "2021-03-09"), (date(2021, 3, 1), "month", "2021-03"),
    (date(2021, 1, 1), "year", "2021"), (None, "day", ""),
])
def test_display_date(value, precision, shown):
    assert display_date(value, precision) == shown


@pytest.mark.parametrize("key, label", [
    ("title", "Title"), ("participants-1-name", "Participant 2: Name"),
    ("sources-0-url", "Source 1: Web address (URL)"), ("participants-3", "Participant 4"),
])
def test_field_label(key, label):
    assert field_label(key) == label


def test_add_row_alternates_sides_and_stops_at_the_limit():
    form = EventForm.blank()
    form.add_row("participants")
    assert [p["side"] for p in form.participants] == ["US", "CN", "US"]
    for _ in range(MAX_SOURCES + 10):
        form.add_row("sources")
    assert len(form.sources) == MAX_SOURCES and not form.can_add("sources")

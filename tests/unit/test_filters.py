from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.services.filters import (
    DEFAULT_STATUSES,
    Cursor,
    TimelineFilter,
    chips,
    clear_url,
    parse_filters,
)


@pytest.mark.parametrize(
    "params, expected",
    [
        ([], TimelineFilter()),
        (
            [("official", "lloyd-austin"), ("official", "wei-fenghe")],
            TimelineFilter(officials=("lloyd-austin", "wei-fenghe")),
        ),
        (
            [("official", "Lloyd-Austin"), ("official", "lloyd-austin")],
            TimelineFilter(officials=("lloyd-austin",)),
        ),
        (
            [("medium", "phone_call"), ("medium", "written")],
            TimelineFilter(media=("phone_call", "written")),
        ),
        (
            [("status", "declined"), ("status", "planned")],
            TimelineFilter(statuses=("declined", "planned")),
        ),
        ([("topic", "taiwan")], TimelineFilter(topics=("taiwan",))),
        ([("category", "leader")], TimelineFilter(categories=("leader",))),
        (
            [("from", "2021-01-01"), ("to", "2021-12-31")],
            TimelineFilter(date_from=date(2021, 1, 1), date_to=date(2021, 12, 31)),
        ),
        (
            [("from", "2021-05-05"), ("to", "2021-05-05")],
            TimelineFilter(date_from=date(2021, 5, 5), date_to=date(2021, 5, 5)),
        ),
        ([("q", "  south   china sea ")], TimelineFilter(q="south china sea")),
        ([("order", "oldest")], TimelineFilter(order="oldest")),
        ([("certainty", "firm")], TimelineFilter(certainty="firm")),
        ([("certainty", "uncertain")], TimelineFilter(certainty="uncertain")),
        ([("certainty", "all")], TimelineFilter()),
        ([("who", "Wei Fenge")], TimelineFilter(who="Wei Fenge")),
        # A picked suggestion adds the official and replaces the typed name.
        ([("who", "wei"), ("pick", "wei-fenghe")], TimelineFilter(officials=("wei-fenghe",))),
        # Empty values, as a plain GET form sends them, mean "no filter".
        (
            [("medium", ""), ("q", ""), ("from", ""), ("to", " "), ("order", ""), ("cursor", "")],
            TimelineFilter(),
        ),
        # Unknown parameters are ignored.
        (
            [("utm_source", "newsletter"), ("fbclid", "x"), ("medium", "phone_call")],
            TimelineFilter(media=("phone_call",)),
        ),
    ],
)
def test_parse_valid(params, expected):
    parsed = parse_filters(params)
    assert parsed.errors == {}
    assert parsed.filter == expected


@pytest.mark.parametrize(
    "params, key, kept",
    [
        (
            [("medium", "carrier_pigeon"), ("medium", "phone_call")],
            "medium",
            {"media": ("phone_call",)},
        ),
        ([("status", "maybe")], "status", {"statuses": DEFAULT_STATUSES}),
        ([("category", "naval")], "category", {"categories": ()}),
        ([("official", "<script>")], "official", {"officials": ()}),
        ([("topic", "Taiwan Strait!")], "topic", {"topics": ()}),
        ([("from", "2021-13-01")], "from", {"date_from": None}),
        ([("from", "yesterday")], "from", {"date_from": None}),
        ([("to", "20210101")], "to", {"date_to": None}),
        (
            [("from", "2022-01-02"), ("to", "2022-01-01")],
            "to",
            {"date_from": date(2022, 1, 2), "date_to": None},
        ),
        ([("order", "random")], "order", {"order": "newest"}),
        ([("certainty", "sure")], "certainty", {"certainty": "all"}),
        ([("cursor", "not-a-cursor")], "cursor", {"cursor": None}),
        ([("cursor", "%%%")], "cursor", {"cursor": None}),
        (
            [("medium", m) for m in ["phone_call"] * 3]
            + [("official", f"p{i}") for i in range(21)],
            "official",
            {"officials": ()},
        ),
    ],
)
def test_parse_errors(params, key, kept):
    parsed = parse_filters(params)
    assert list(parsed.errors) == [key]
    assert parsed.errors[key]
    for field, value in kept.items():
        assert getattr(parsed.filter, field) == value


@pytest.mark.parametrize(
    "cursor", [Cursor(date(2022, 4, 20), 1), Cursor(date(1999, 1, 1), 123456789)]
)
def test_cursor_round_trip(cursor):
    assert Cursor.decode(cursor.encode()) == cursor
    assert parse_filters([("cursor", cursor.encode())]).filter.cursor == cursor


def _query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


@pytest.mark.parametrize(
    "f, expected",
    [
        (TimelineFilter(), "/"),
        (TimelineFilter(order="oldest"), "/?order=oldest"),
        (
            TimelineFilter(media=("phone_call", "written"), q="Taiwan"),
            "/?medium=phone_call&medium=written&q=Taiwan",
        ),
        (TimelineFilter(statuses=("held", "declined")), "/?status=held&status=declined"),
        (TimelineFilter(date_from=date(2020, 1, 1)), "/?from=2020-01-01"),
        (TimelineFilter(certainty="firm"), "/?certainty=firm"),
    ],
)
def test_url(f, expected):
    assert f.url() == expected
    assert parse_filters(_query(expected)).filter == f


def test_url_drops_cursor_unless_given():
    cursor = Cursor(date(2022, 1, 1), 5)
    f = TimelineFilter(media=("phone_call",), cursor=cursor)
    assert "cursor" not in f.url()
    assert parse_filters(_query(f.url(cursor=cursor))).filter == f


def test_chips_each_remove_one_filter():
    f = TimelineFilter(
        officials=("lloyd-austin", "wei-fenghe"),
        media=("phone_call",),
        statuses=("held", "declined"),
        topics=("taiwan",),
        categories=("defense",),
        date_from=date(2021, 1, 1),
        date_to=date(2022, 1, 1),
        q="hotline",
        certainty="firm",
        order="oldest",
    )
    result = chips(f, names={"lloyd-austin": "Lloyd Austin"}, topic_names={"taiwan": "Taiwan"})
    by_label = {(c.kind, c.label): parse_filters(_query(c.remove_url)).filter for c in result}
    assert by_label[("Official", "Lloyd Austin")].officials == ("wei-fenghe",)
    assert by_label[("Official", "wei-fenghe")].officials == ("lloyd-austin",)
    assert by_label[("Medium", "Phone call")].media == ()
    assert by_label[("Status", "Declined")].statuses == ("held",)
    assert by_label[("Topic", "Taiwan")].topics == ()
    assert by_label[("Category", "Defence")].categories == ()
    assert by_label[("From", "2021-01-01")].date_from is None
    assert by_label[("To", "2022-01-01")].date_to is None
    assert by_label[("Text", "hotline")].q == ""
    assert by_label[("Certainty", "Firm only")].certainty == "all"
    # Every chip keeps everything else, the order included.
    assert all(g.order == "oldest" and g.media in ((), ("phone_call",)) for g in by_label.values())
    assert all(g.certainty == "firm" for k, g in by_label.items() if k[0] != "Certainty")
    assert len(result) == 11


def test_removing_the_last_status_returns_to_the_default():
    [chip] = chips(TimelineFilter(statuses=("declined",)))
    assert parse_filters(_query(chip.remove_url)).filter.statuses == DEFAULT_STATUSES


def test_default_filter_has_no_chips():
    assert chips(TimelineFilter()) == []


@pytest.mark.parametrize(
    "f, base, expected",
    [
        (TimelineFilter(media=("phone_call",), q="x"), "/", "/"),
        (TimelineFilter(media=("phone_call",), order="oldest"), "/", "/?order=oldest"),
        (TimelineFilter(topics=("taiwan",)), "/topics/taiwan", "/topics/taiwan"),
    ],
)
def test_clear_url(f, base, expected):
    assert clear_url(f, base) == expected

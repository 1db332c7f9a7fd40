"""Chart buckets and silences against figures worked out by hand on tests.analyst_fixture."""

from datetime import date

import pytest

from app.services.filters import TimelineFilter
from app.services.rhythm import MONTHLY_MAX, bucket_counts, rhythm
from app.services.silences import Gap, contact_dates, gap_between, gaps, last_contact, longest
from tests.analyst_fixture import small_record


@pytest.fixture
def record(session):
    return small_record(session)


def test_monthly_buckets_over_a_short_range(session, record):
    chart = rhythm(session=session, filters=TimelineFilter())
    # Jan 2021 .. Jan 2023 is 25 months: by month, the empty ones kept.
    assert chart.unit == "month" and len(chart.buckets) == 25
    filled = {b.label: {m: n for m, n in b.counts.items() if n} for b in chart.buckets if b.total}
    assert filled == {
        "Jan 2021": {"phone_call": 1, "video_conference": 1},
        "Mar 2021": {"in_person_meeting": 1},
        "Jun 2022": {"phone_call": 1},
        "Jan 2023": {"in_person_meeting": 1},
    }
    assert chart.total == 5 and chart.max_total == 2  # the declined call is not held
    assert (chart.buckets[1].start, chart.buckets[1].end) == (date(2021, 2, 1), date(2021, 2, 28))


def test_buckets_follow_the_filters(session, record):
    only_calls = rhythm(session=session, filters=TimelineFilter(media=("phone_call",)))
    assert [b.label for b in only_calls.buckets if b.total] == ["Jan 2021", "Jun 2022"]
    # An explicit range sets the buckets, even where nothing happened.
    quiet = rhythm(session=session, filters=TimelineFilter(date_from=date(2021, 4, 1),
                                                           date_to=date(2021, 6, 30)))
    assert [(b.label, b.total) for b in quiet.buckets] == [
        ("Apr 2021", 0), ("May 2021", 0), ("Jun 2021", 0)]
    assert rhythm(session=session, filters=TimelineFilter(q="nothingmatches")) is None


def test_years_past_the_monthly_limit():
    counts = {(2018, 1): {"phone_call": 2}, (2018, 11): {"written": 1},
              (2021, 6): {"in_person_meeting": 3}}
    chart = bucket_counts(counts)
    assert chart.unit == "year"
    assert [(b.label, b.total) for b in chart.buckets] == [
        ("2018", 3), ("2019", 0), ("2020", 0), ("2021", 3)]
    assert chart.buckets[0].counts["phone_call"] == 2 and chart.buckets[0].counts["written"] == 1
    assert (chart.buckets[0].start, chart.buckets[0].end) == (date(2018, 1, 1), date(2018, 12, 31))
    # Exactly MONTHLY_MAX months (Jan 2020 .. Dec 2022) stay monthly; Jan 2018 .. Jun 2021 is 42.
    assert MONTHLY_MAX == 36
    assert bucket_counts({(2020, 1): {"other": 1}, (2022, 12): {"other": 1}}).unit == "month"


def test_gaps_between_consecutive_contacts(session, record):
    dates = contact_dates(session=session, filters=TimelineFilter())
    assert dates == [date(2021, 1, 10), date(2021, 1, 25), date(2021, 3, 5), date(2022, 6, 5),
                     date(2023, 1, 15)]
    found = gaps(dates)
    assert [(g.days, g.months) for g in found] == [(15, 0), (39, 1), (457, 15), (224, 7)]
    top = longest(found, limit=2)
    assert [(g.start, g.end) for g in top] == [(date(2021, 3, 5), date(2022, 6, 5)),
                                                (date(2022, 6, 5), date(2023, 1, 15))]
    assert longest(found, limit=10, min_months=8) == [top[0]]
    assert top[0].text == "15 months without a contact"
    assert Gap(date(2021, 1, 10), date(2021, 1, 25)).text == "15 days without a contact"
    assert Gap(date(2021, 1, 25), date(2021, 2, 25)).text == "1 month without a contact"


def test_gaps_follow_the_filters(session, record):
    chiefs = TimelineFilter(officials=("mark-milley",))
    assert gaps(contact_dates(session=session, filters=chiefs)) == []
    with_declined = TimelineFilter(statuses=("held", "declined"))
    assert date(2022, 7, 1) in contact_dates(session=session, filters=with_declined)


def test_gap_between_is_order_free_and_last_contact_ignores_the_future(session, record):
    assert gap_between(date(2023, 1, 15), date(2022, 6, 5)) == Gap(date(2022, 6, 5),
                                                                   date(2023, 1, 15))
    assert last_contact(session=session, filters=TimelineFilter(), today=date(2022, 12, 1)) == \
        date(2022, 6, 5)
    assert last_contact(session=session, filters=TimelineFilter(), today=date(2030, 1, 1)) == \
        date(2023, 1, 15)


def test_the_chart_follows_writes_though_it_is_kept(session, record):
    from tests.factories import make_event

    before = rhythm(session=session, filters=TimelineFilter())
    assert rhythm(session=session, filters=TimelineFilter()) is before  # kept
    make_event(session, date="2022-02-02", medium="written", topics=[])
    after = rhythm(session=session, filters=TimelineFilter())
    assert after.total == before.total + 1
    feb = next(b for b in after.buckets if b.label == "Feb 2022")
    assert feb.counts["written"] == 1
    # A text filter is counted from the events, and kept the same way.
    assert rhythm(session=session, filters=TimelineFilter(q="Meeting")).total == 1

from datetime import date

from app.web.grouping import month_rows
from tests.factories import make_event


def test_headings_only_where_year_or_month_changes(session):
    events = [
        make_event(session, date=d, date_precision=p, topics=[], sources=[])
        for d, p in [
            ("2022-04-20", "day"),
            ("2022-04-02", "day"),
            ("2022-01-01", "month"),
            ("2021-01-01", "year"),
        ]
    ]
    rows = month_rows(events)
    assert [(r.year, r.month) for r in rows] == [
        (2022, "April 2022"),
        (None, None),
        (None, "January 2022"),
        (2021, "2021, month unknown"),
    ]
    continued = month_rows(events[1:], after=date(2022, 4, 25))
    assert (continued[0].year, continued[0].month) == (None, None)


# --- silences and period bands --------------------------------------------------------------

from app.schemas import PeriodPublic  # noqa: E402
from app.services.events import get_event  # noqa: E402
from app.web.grouping import Band  # noqa: E402
from tests.analyst_fixture import small_record  # noqa: E402


def _held(session, record, order="newest"):
    held = [get_event(session=session, event_id=record[k].id)
            for k in ("e1", "e2", "e3", "e4", "e6")]
    return held[::-1] if order == "newest" else held


def _shape(rows):
    """Each row as the markers before it and its event: what a reader meets, in order."""
    out = []
    for r in rows:
        out += [f"end:{b.period.name}" for b in r.ends]
        out += [f"band:{b.period.name}" for b in r.starts]
        out += [f"gap:{r.gap.months}"] if r.gap else []
        out += [f"end:{b.period.name}" for b in r.passed]
        out += [r.event.title + ("*" if r.bands else "")] if r.event else []
    return out


def test_gap_markers_pass_the_threshold_in_both_orders(session):
    record = small_record(session)
    newest = month_rows(_held(session, record), gap_months=7)
    assert [r.gap.months if r.gap else None for r in newest] == [None, 7, 15, None, None]
    oldest = month_rows(_held(session, record, "oldest"), gap_months=7, newest_first=False)
    assert [r.gap.months if r.gap else None for r in oldest] == [None, None, None, 15, 7]
    assert all(r.gap is None for r in month_rows(_held(session, record)))  # no threshold


def test_gap_markers_across_load_more_pages(session):
    record = small_record(session)
    events = _held(session, record)
    # Page two starts after "Call two" (5 June 2022): the 15 months to "Chiefs meet" are
    # marked at its top.
    second = month_rows(events[2:], after=events[1].date, gap_months=12)
    assert second[0].gap.months == 15 and second[0].event.title == "Chiefs meet"
    first = month_rows(events[:2], gap_months=12)
    assert [r.gap for r in first] == [None, None]


def test_a_band_without_contacts_sits_between_the_cards(session):
    record = small_record(session)
    periods = [record["period"]]
    name = record["period"].name
    newest = month_rows(_held(session, record), periods=periods, gap_months=6, last_page=True)
    assert _shape(newest) == ["Meeting", f"band:{name}", "gap:7", f"end:{name}", "Call two",
                              "gap:15", "Chiefs meet", "Video one", "Call one"]
    oldest = month_rows(_held(session, record, "oldest"), periods=periods, newest_first=False,
                        last_page=True)
    assert _shape(oldest) == ["Call one", "Video one", "Chiefs meet", "Call two",
                              f"band:{name}", f"end:{name}", "Meeting"]


def test_bands_span_the_cards_inside_and_continue_on_the_next_page(session):
    record = small_record(session)
    wide = PeriodPublic(id=9, name="Wide", start=date(2021, 1, 20), end=date(2021, 3, 31))
    events = _held(session, record)
    rows = month_rows(events, periods=[wide], last_page=True)
    assert _shape(rows) == ["Meeting", "Call two", "band:Wide", "Chiefs meet*", "Video one*",
                            "end:Wide", "Call one"]
    # A page that starts inside the band repeats no header, and still draws the band.
    page_two = month_rows(events[3:], after=events[2].date, periods=[wide], last_page=True)
    assert _shape(page_two) == ["Video one*", "end:Wide", "Call one"]
    # An open period newer than every card is entered at the top and never left (oldest first).
    open_period = PeriodPublic(id=10, name="Open", start=date(2024, 1, 1), end=None)
    tail = month_rows(_held(session, record, "oldest"), periods=[open_period],
                      newest_first=False, last_page=True)
    assert _shape(tail)[-1] == "band:Open"
    head = month_rows(events, periods=[open_period], last_page=True)
    assert _shape(head)[:3] == ["band:Open", "end:Open", "Meeting"]


def test_band_labels():
    p = PeriodPublic(id=1, name="China suspends military exchanges", start=date(2022, 8, 5),
                     end=date(2023, 12, 21))
    assert Band(p).label == "China suspends military exchanges, Aug 2022 – Dec 2023"
    assert Band(p.model_copy(update={"end": None})).dates == "Aug 2022 – ongoing"

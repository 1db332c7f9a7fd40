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

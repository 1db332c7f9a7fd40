"""Migration 0007_analyst on a database that already has events: each gets a uuid, and the
month counts start true."""

from sqlalchemy import create_engine, text

from app.migrate import upgrade


def test_existing_events_get_uuids_and_counts(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0003_editors")
    engine = create_engine(url)
    with engine.begin() as conn:
        for month in (1, 1, 3):
            conn.execute(text(
                "INSERT INTO event (date, date_precision, medium, status, category, title, "
                "summary, initiated_by, created_at, updated_at, version) VALUES "
                f"('2022-0{month}-01', 'day', 'phone_call', 'held', 'defense', 't', '', "
                "'unknown', '2022-01-01', '2022-01-01', 1)"))
    upgrade(url)
    with engine.begin() as conn:
        uuids = conn.execute(text("SELECT uuid FROM event")).scalars().all()
        counts = conn.execute(text(
            "SELECT year, month, events FROM event_month_count ORDER BY month")).all()
        state = conn.execute(text("SELECT max_event_id FROM event_count_state")).scalar_one()
    engine.dispose()
    assert len(set(uuids)) == 3 and all(len(u) == 36 for u in uuids)
    assert [tuple(r) for r in counts] == [(2022, 1, 2), (2022, 3, 1)]
    assert state == 3


def test_month_totals_are_summed_from_the_finer_counts(tmp_path):
    """0012 on a database whose counts are true: event_month_total is the sum of
    event_month_count over category and initiator, without a recount of the events."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0011_count_certainty")
    engine = create_engine(url)
    with engine.begin() as conn:
        for category, initiated_by, n in (("defense", "US", 2), ("leader", "CN", 3),
                                          ("defense", "unknown", 4)):
            conn.execute(text(
                "INSERT INTO event_month_count VALUES "
                f"('held', '{category}', 'phone_call', '{initiated_by}', 0, 2022, 1, {n})"))
        conn.execute(text("DELETE FROM event_count_state"))  # no events: the counts stand
    upgrade(url)
    with engine.begin() as conn:
        totals = conn.execute(text(
            "SELECT status, year, month, medium, uncertain, events FROM event_month_total")).all()
    engine.dispose()
    assert [tuple(r) for r in totals] == [("held", 2022, 1, "phone_call", 0, 9)]


def test_label_totals_are_summed_over_the_months(tmp_path):
    """0013: event_label_total is event_label_count summed over year and month."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0012_month_totals")
    engine = create_engine(url)
    with engine.begin() as conn:
        for month, n in ((1, 2), (2, 3)):
            conn.execute(text(
                "INSERT INTO event_label_count VALUES "
                f"('topic', '7', 'held', 'defense', 'phone_call', 0, 2022, {month}, {n})"))
        conn.execute(text("DELETE FROM event_count_state"))
    upgrade(url)
    with engine.begin() as conn:
        totals = conn.execute(text("SELECT * FROM event_label_total")).all()
    engine.dispose()
    assert [tuple(r) for r in totals] == [("topic", "7", "held", "defense", "phone_call", 0, 5)]

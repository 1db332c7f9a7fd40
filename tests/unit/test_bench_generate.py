"""The benchmark's generator makes a database the app reads like any other."""

from collections import Counter

from sqlalchemy import func, select
from sqlmodel import Session

from app.db import make_engine
from app.models import Event, EventTopic, Official, OfficialAlias, Participation, Source
from app.services.filters import parse_filters
from app.services.timeline import list_events
from bench.generate import generate


def test_generated_record_has_the_promised_shape(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    stats = generate(url, 400, pool_size=200, progress=False)
    assert stats.events == 400
    engine = make_engine(url)
    with Session(engine) as session:
        per_event = Counter(session.execute(select(Participation.event_id)).scalars())
        assert set(per_event.values()) <= {2, 3, 4} and len(per_event) == 400
        topics = Counter(session.execute(select(EventTopic.event_id)).scalars())
        assert set(topics.values()) <= {1, 2, 3} and len(topics) == 400
        sources = session.execute(select(Source.event_id, Source.quote)).all()
        assert {e for e, _ in sources} == set(range(1, 401)) and all(q for _, q in sources)
        officials = session.execute(select(func.count()).select_from(Official)).scalar()
        aliases = session.execute(select(func.count()).select_from(OfficialAlias)).scalar()
        assert officials >= 200 and aliases > officials  # every name, and other spellings
        media = set(session.execute(select(Event.medium)).scalars())
        statuses = set(session.execute(select(Event.status)).scalars())
        assert len(media) == 5 and "held" in statuses and len(statuses) >= 4
        years = [d.year for d in session.execute(select(Event.date)).scalars()]
        assert max(years) - min(years) >= 30
        # The maintained counts are built: the first chart or /stats request counts nothing again.
        from app.services import counts

        generation, seen, newest = counts.stamp(session)
        assert seen == newest == 400
        assert sum(counts.counts(session=session, filters=parse_filters([]).filter,
                                 dims=("year",)).values()) == page_total(session)
        # The app reads it: pages, counts and the search index filled through the search module.
        page = list_events(session=session, filters=parse_filters([]).filter, limit=50)
        assert len(page.events) == 50 and page.total > 300
        newest = page.events[0]
        for q in (newest.title.split()[0], newest.sources[0].quote.split()[-2]):
            found = list_events(session=session, filters=parse_filters([("q", q)]).filter, limit=5)
            assert found.events[0].id == newest.id, q  # the newest event matching is the newest
    engine.dispose()


def page_total(session) -> int:
    return session.execute(
        select(func.count()).select_from(Event).where(Event.status == "held")).scalar()


def test_same_seed_same_record(tmp_path):
    rows = []
    for name in ("a", "b"):
        url = f"sqlite:///{tmp_path / name}.db"
        generate(url, 50, pool_size=40, progress=False)
        engine = make_engine(url)
        with Session(engine) as session:
            rows.append(session.execute(select(Event.date, Event.title).order_by(Event.id)).all())
        engine.dispose()
    assert rows[0] == rows[1]


def test_the_official_scenario_asks_only_for_officials_who_fill_a_page(tmp_path):
    from bench.scenarios import spread_officials

    url = f"sqlite:///{tmp_path / 'bench.db'}"
    generate(url, 400, pool_size=200, progress=False)
    engine = make_engine(url)
    with Session(engine) as session:
        seen = Counter(session.execute(
            select(Official.slug).join(Participation, Participation.official_id == Official.id)
        ).scalars())
    chosen = spread_officials(engine, count=6, at_least=8)
    engine.dispose()
    assert len(set(chosen)) == len(chosen) >= 3
    assert all(seen[s] >= 8 for s in chosen)  # officials seen fewer times are left out
    assert seen[chosen[0]] == max(seen.values())  # from the most often seen down
    assert seen[chosen[-1]] < seen[chosen[0]]

"""The seed articles shipped in app/data/seed_articles: verbatim copies with the README's
metadata, extracted as ../shared/seeds/README.md records, and ingested by `contacts seed`
without recording any contact twice."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from app.extract.pipeline import extract_events
from app.models import Article, Event, Source
from app.services.seed_articles import read_seed_articles

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "seeds"
ARTICLES = {a.file: a.item for a in read_seed_articles()}
# ../shared/seeds/README.md: file, publisher, publication date.
README = {"000_5114188dcac77269.txt": ("EFE", date(2021, 9, 30)),
          "004_16a2962eca6a6bb6.txt": ("AP", date(2022, 4, 20))}


def test_the_shipped_articles_are_the_seeds_verbatim_with_their_metadata():
    assert {f: (a.publisher, a.published) for f, a in ARTICLES.items()} == README
    for name, item in ARTICLES.items():
        assert item.text == (SEEDS / name).read_text(encoding="utf-8")


def summary(e):
    return (e.date, e.end_date, e.date_precision, e.medium, e.status, e.category,
            sorted(p.name for p in e.participants if p.side == "US"),
            sorted(p.name for p in e.participants if p.side == "CN"))


def test_the_extractor_reads_them_as_the_readme_records():
    efe = extract_events(ARTICLES["000_5114188dcac77269.txt"].text, published=date(2021, 9, 30),
                         publisher="EFE").events
    assert [summary(e) for e in efe] == [
        ("2021-09-28", "2021-09-29", "day", "video_conference", "held", "defense",
         ["Michael Chase"], ["Huang Xueping"])]
    ap = extract_events(ARTICLES["004_16a2962eca6a6bb6.txt"].text, published=date(2022, 4, 20),
                        publisher="AP").events
    assert [summary(e) for e in ap] == [
        ("2022-04-20", None, "day", "phone_call", "held", "defense", ["Lloyd Austin"],
         ["Wei Fenghe"]),
        # Sought, never held: the README allows it as "requested", never as held.
        ("2022-04", None, "month", "phone_call", "requested", "defense", ["Lloyd Austin"],
         ["Xu Qiliang"]),
        ("2020-08-06", None, "day", "phone_call", "held", "defense", ["Mark Esper"],
         ["Wei Fenghe"]),
        ("2022-03-18", None, "day", "video_conference", "held", "leader", ["Joe Biden"],
         ["Xi Jinping"]),
        # Their Chinese counterparts are not named.
        ("2021-03", None, "month", "in_person_meeting", "held", "diplomatic",
         ["Antony Blinken", "Jake Sullivan"], []),
    ]
    call = ap[0]
    assert (call.duration_minutes, call.initiated_by) == (45, "US")
    assert {"Taiwan", "South China Sea", "East China Sea", "Ukraine", "North Korea", "Nuclear",
            "Space", "Cyber", "Crisis communication"} <= set(call.topics)
    assert ap[2].topics == ["COVID-19"] and ap[3].topics == ["Ukraine"]
    assert all(p.name != "Wang Yi" for e in ap for p in e.participants)  # generic calls


@pytest.fixture(scope="module")
def seeded(record_engine, seeded_record):
    with Session(record_engine) as session:
        yield session, seeded_record.report


def test_seeding_stores_each_article_once_and_links_it(seeded):
    session, _ = seeded
    articles = session.exec(select(Article).order_by(Article.published)).all()
    assert [(a.publisher, a.published) for a in articles] == sorted(README.values(),
                                                                    key=lambda v: v[1])
    by_publisher = {a.publisher: a.id for a in articles}
    # Every seed event's quote of an article links it: one source per event, none doubled.
    linked = session.exec(select(Source).where(col(Source.article_id).is_not(None))).all()
    assert len(linked) == 6 and all(s.article_id == by_publisher[s.publisher] for s in linked)
    for day in (date(2022, 4, 20), date(2020, 8, 6)):  # in the record too: merged, not twice
        event = session.exec(select(Event).where(Event.date == day,
                                                 Event.medium == "phone_call")).one()
        cited = session.exec(select(Source.article_id).where(Source.event_id == event.id)).all()
        assert cited.count(by_publisher["AP"]) == 1


def test_the_seed_ingest_matched_every_confident_candidate_with_the_record(seeded):
    _, report = seeded
    actions = {r.article.publisher: [o.action for o in r.outcomes] for r in report.articles}
    assert actions == {"EFE": ["already"], "AP": ["already", "skip", "already", "already",
                                                  "already"]}
    skipped = [o for r in report.articles for o in r.outcomes if o.action == "skip"]
    assert [o.candidate.event.status for o in skipped] == ["requested"]

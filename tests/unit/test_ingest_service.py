"""app.services.ingest and articles: one article stored once, candidates matched with the
record by the rule (same medium, within a day, a shared official, live events only), saving."""

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import func, select

from app.extract.schema import CandidateEvent, CandidateParticipant
from app.models import Article, Event, Revision, Source
from app.services.articles import clean_text, content_hash, store_article
from app.services.events import delete_event
from app.services.ingest import (
    ADD_SOURCE,
    ALREADY,
    CREATE,
    SKIP,
    ArticleInput,
    Candidate,
    _resolve,
    event_command,
    ingest_article,
    matching_events,
)
from app.services.officials import import_gazetteer
from tests.factories import make_event

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
AP = json.loads((FIXTURES / "seed-004-ap-austin-wei.json").read_text(encoding="utf-8"))
AP_ITEM = ArticleInput(text=AP["text"], publisher="AP",
                       published=date.fromisoformat(AP["published"]))


@pytest.fixture
def gazetteer(session):
    import_gazetteer(session)
    session.commit()


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


# --- one article, stored once -----------------------------------------------------------------


def test_the_hash_ignores_line_ends_spacing_and_compatibility_forms():
    text = "Austin spoke with Wei.\n\nThe call lasted 45 minutes."
    assert content_hash(text) == content_hash("  Austin spoke  with Wei.\r\n\r\nThe call lasted"
                                              " 45 minutes.\n")
    assert content_hash(text) == content_hash(text.replace("45", "４５"))  # full-width digits
    assert content_hash(text) != content_hash(text.replace("45", "46"))
    assert clean_text("a\r\nb\rc  \n") == "a\nb\nc"


def test_an_article_is_stored_once(session):
    first = store_article(session, text=AP["text"], publisher="AP")
    again = store_article(session, text=AP["text"].replace("\n", "\r\n"), publisher="Reuters")
    assert first.created and not again.created
    assert again.article.id == first.article.id and again.article.publisher == "AP"
    assert count(session, Article) == 1


# --- the matching rule ------------------------------------------------------------------------


PRECISION = {10: "day", 7: "month", 4: "year"}


def candidate(session, *, date="2022-04-20", end_date=None, medium="phone_call",
              names=(("Lloyd Austin", "US"), ("Wei Fenghe", "CN"))) -> Candidate:
    people = [CandidateParticipant(name=n, side=s, title=None, mention=n, known=True)
              for n, s in names]
    event = CandidateEvent(date=date, end_date=end_date, date_precision=PRECISION[len(date)],
                           medium=medium, status="held", category="defense", participants=people,
                           topics=[], confidence=0.9, evidence=[])
    return Candidate(0, event, [_resolve(session, p.name, p.side, p.title, p.mention)
                                for p in people])


@pytest.mark.parametrize("day, matches", [
    ("2022-04-20", True), ("2022-04-21", True), ("2022-04-19", True),
    ("2022-04-22", False), ("2022-04-18", False),
])
def test_a_day_apart_matches_two_days_do_not(session, gazetteer, day, matches):
    event = make_event(session, date="2022-04-20")
    assert [e.id for e in matching_events(session, candidate(session, date=day))] == (
        [event.id] if matches else [])


def test_talks_over_several_days_match_on_any_of_their_days(session, gazetteer):
    event = make_event(session, date="2021-09-28", end_date="2021-09-29", medium="video_conference")
    assert matching_events(session, candidate(session, date="2021-09-30",
                                              medium="video_conference"))
    assert matching_events(session, candidate(session, date="2021-09-26", end_date="2021-09-27",
                                              medium="video_conference"))[0].id == event.id
    assert not matching_events(session, candidate(session, date="2021-10-01",
                                                  medium="video_conference"))


def test_another_medium_does_not_match(session, gazetteer):
    make_event(session, medium="video_conference")
    assert matching_events(session, candidate(session, medium="phone_call")) == []


def test_no_shared_participant_does_not_match(session, gazetteer):
    make_event(session, participants=[
        {"name": "Mark Esper", "side": "US", "title": "Secretary of Defense"},
        {"name": "Li Shangfu", "side": "CN", "title": "Minister of National Defense"}])
    assert matching_events(session, candidate(session)) == []
    # One shared official is enough, on either side (and an alias finds them).
    assert matching_events(session, candidate(session, names=[("Wei Fenge", "CN"),
                                                               ("Mark Esper", "US")]))


def test_people_not_on_record_cannot_match(session):
    make_event(session)  # creates Austin and Wei as officials: no gazetteer here
    assert matching_events(session, candidate(session, names=[("Someone Else", "US")])) == []


def test_deleted_events_do_not_match(session, gazetteer):
    event = make_event(session)
    delete_event(session=session, event_id=event.id)
    assert matching_events(session, candidate(session)) == []


def test_month_dates_match_the_same_month_only(session, gazetteer):
    month = make_event(session, date="2021-03-01", date_precision="month")
    make_event(session, date="2021-03-02")
    found = matching_events(session, candidate(session, date="2021-03"))
    assert [e.id for e in found] == [month.id]
    assert [e.id for e in matching_events(session, candidate(session, date="2021-03-01"))] != [
        month.id]
    assert matching_events(session, candidate(session, date="2021-04")) == []


# --- saving -----------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing(session, gazetteer):
    before = (count(session, Article), count(session, Event), count(session, Revision))
    report = ingest_article(session, AP_ITEM, save=False)
    assert not report.saved and report.article.id is None
    assert [o.action for o in report.outcomes] == [CREATE, SKIP, CREATE, CREATE, CREATE]
    assert (count(session, Article), count(session, Event), count(session, Revision)) == before


def test_saving_creates_merges_and_is_idempotent(session, gazetteer):
    recorded = make_event(session, title="Austin and Wei talk", sources=[
        {"url": "https://www.defense.gov/x", "publisher": "US Department of Defense",
         "published": "2022-04-20", "kind": "us_readout", "quote": "Readout."}])
    report = ingest_article(session, AP_ITEM, save=True)
    actions = [(o.action, o.candidate.event.date) for o in report.outcomes]
    assert actions == [(ADD_SOURCE, "2022-04-20"), (SKIP, "2022-04"), (CREATE, "2020-08-06"),
                       (CREATE, "2022-03-18"), (CREATE, "2021-03")]
    assert report.outcomes[0].event_id == recorded.id
    assert "confidence 0.65 is below 0.70" in report.outcomes[1].reason
    assert count(session, Event) == 4 and count(session, Article) == 1
    article_id = report.article.id
    cited = session.exec(select(Source.event_id).where(Source.article_id == article_id)).all()
    assert sorted(cited) == sorted([recorded.id] + [o.event_id for o in report.outcomes
                                                    if o.action == CREATE])
    editors = set(session.exec(select(Revision.editor)).all())
    assert editors == {"system"}
    again = ingest_article(session, AP_ITEM, save=True)
    assert again.stored_before and [o.action for o in again.outcomes] == [
        ALREADY, SKIP, ALREADY, ALREADY, ALREADY]
    assert count(session, Event) == 4 and count(session, Source) == 5


def test_the_created_event_is_what_the_article_says(session, gazetteer):
    report = ingest_article(session, AP_ITEM, save=True)
    esper = session.get(Event, report.outcomes[2].event_id)
    assert (esper.title, esper.date.isoformat(), esper.medium) == (
        "Esper and Wei speak by phone", "2020-08-06", "phone_call")
    source = session.exec(select(Source).where(Source.event_id == esper.id)).one()
    assert (source.publisher, source.kind, source.article_id) == ("AP", "press", report.article.id)
    assert "most recently on August 6, 2020" in source.quote


def test_a_candidate_without_a_publisher_waits_for_review(session, gazetteer):
    report = ingest_article(session, ArticleInput(text=AP["text"]), save=False, min_confidence=0)
    assert {o.action for o in report.outcomes} == {SKIP}
    assert "needs the article's publisher" in report.outcomes[0].reason


def test_an_unsided_person_is_left_out_of_an_unreviewed_save(session):
    c = candidate(session, names=[("Lloyd Austin", "US"), ("Someone", None)])
    article = Article(id=1, content_hash="x", text="", publisher="AP")
    command = event_command(article, c)
    assert [p.name for p in command.participants] == ["Lloyd Austin"]

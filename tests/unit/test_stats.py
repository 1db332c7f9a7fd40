"""/stats figures against the small record, worked out by hand."""

from datetime import date

from app.schemas import PeriodIn
from app.services.filters import TimelineFilter
from app.services.official_profile import get_profile
from app.services.periods import create_period
from app.services.stats import statistics
from tests.analyst_fixture import LI, MILLEY, small_record
from tests.factories import make_event

TODAY = date(2023, 2, 14)


def test_statistics_of_the_held_contacts(session):
    small_record(session)
    s = statistics(session=session, filters=TimelineFilter(), today=TODAY)
    assert s.total == 5
    assert [(y.year, y.events) for y in s.by_year] == [(2021, 3), (2022, 1), (2023, 1)]
    y2021 = {m.medium.value: m.events for m in s.by_year[0].by_medium}
    assert y2021 == {"phone_call": 1, "video_conference": 1, "in_person_meeting": 1,
                     "written": 0, "other": 0}
    assert [(c.value, c.events, c.share) for c in s.by_category] == [
        ("defense", 4, 0.8), ("leader", 1, 0.2), ("diplomatic", 0, 0.0)]
    assert [(t.label, t.events) for t in s.by_topic] == [("Taiwan", 3), ("Cyber", 1)]
    assert [(i.value, i.events) for i in s.initiated_by] == [("US", 1), ("CN", 1), ("unknown", 3)]
    assert [(p.us.name, p.cn.name, p.events, p.first, p.last) for p in s.person_pairs] == [
        ("Lloyd Austin", "Wei Fenghe", 4, date(2021, 1, 10), date(2023, 1, 15)),
        ("Mark Milley", "Li Zuocheng", 1, date(2021, 3, 5), date(2021, 3, 5))]
    assert [(p.us, p.cn, p.events) for p in s.office_pairs] == [
        ("Secretary of Defense", "Minister of National Defense", 4),
        ("Chairman of the Joint Chiefs of Staff",
         "Chief of the Joint Staff Department (PLA General Staff)", 1)]
    assert [(g.start, g.days, g.months) for g in s.longest_gaps[:2]] == [
        (date(2021, 3, 5), 457, 15), (date(2022, 6, 5), 224, 7)]
    assert s.longest_gaps[1].periods == ["China suspends military exchanges"]
    assert s.longest_gaps[0].periods == []
    assert s.last_contact == date(2023, 1, 15) and s.days_since_last_contact == 30


def test_statistics_follow_the_filters(session):
    small_record(session)
    chiefs = statistics(session=session, filters=TimelineFilter(officials=("mark-milley",)),
                        today=TODAY)
    assert chiefs.total == 1 and chiefs.longest_gaps == []
    assert [p.us.name for p in chiefs.person_pairs] == ["Mark Milley"]
    declined = statistics(session=session, filters=TimelineFilter(statuses=("declined",)),
                          today=TODAY)
    assert declined.total == 1 and declined.last_contact == date(2022, 7, 1)
    long_only = statistics(session=session, filters=TimelineFilter(gap=10), today=TODAY)
    assert [g.months for g in long_only.longest_gaps] == [15]


def test_an_office_pair_is_counted_once_per_contact(session):
    # Two Americans and two Chinese in one meeting: one contact, counted as the counterpart pair.
    make_event(session, date="2020-01-01", participants=[
        MILLEY, {"name": "Mark Esper", "side": "US", "title": "Secretary of Defense"},
        LI, {"name": "Wei Fenghe", "side": "CN", "title": "Minister of National Defense"}])
    s = statistics(session=session, filters=TimelineFilter(), today=TODAY)
    assert [(p.us, p.events) for p in s.office_pairs] == [("Secretary of Defense", 1)]
    assert len(s.person_pairs) == 4  # each face-to-face pair of people


def test_official_counterparts_count_held_contacts_per_medium(session):
    small_record(session)
    profile = get_profile(session=session, slug="lloyd-austin")
    [wei] = profile.counterparts
    assert wei.official.name == "Wei Fenghe"
    assert (wei.held, wei.not_held) == (4, 1)  # the declined call is counted apart
    assert wei.by_medium == [("phone_call", 2), ("in_person_meeting", 1),
                             ("video_conference", 1)]
    assert (wei.first.date, wei.last.date) == (date(2021, 1, 10), date(2023, 1, 15))
    assert [(t.title, t.events) for t in profile.titles] == [("Secretary of Defense", 5)]


def test_open_periods_overlap_every_later_silence(session):
    small_record(session)
    create_period(session=session, data=PeriodIn(name="Open", start=date(2021, 6, 1)))
    s = statistics(session=session, filters=TimelineFilter(), today=TODAY)
    assert s.longest_gaps[0].periods == ["Open"]


def test_cached_figures_follow_every_write(session):
    record = small_record(session)
    assert statistics(session=session, filters=TimelineFilter(), today=TODAY).total == 5
    make_event(session, date="2022-12-01", topics=[])
    assert statistics(session=session, filters=TimelineFilter(), today=TODAY).total == 6
    from app.services.events import delete_event

    delete_event(session=session, event_id=record["e1"].id)
    again = statistics(session=session, filters=TimelineFilter(), today=TODAY)
    assert again.total == 5 and again.person_pairs[0].first == date(2021, 1, 25)


def test_cached_silences_name_a_period_recorded_since(session):
    small_record(session)
    assert statistics(session=session, filters=TimelineFilter(), today=TODAY
                      ).longest_gaps[0].periods == []
    create_period(session=session, data=PeriodIn(name="Freeze", start=date(2021, 6, 1),
                                                 end=date(2021, 8, 1)))
    assert statistics(session=session, filters=TimelineFilter(), today=TODAY
                      ).longest_gaps[0].periods == ["Freeze"]


def _label_figures(session, f):
    """Topics and office pairs from the maintained table, and as counted from the events."""
    from collections import Counter

    from app.services import label_counts
    from app.services.stats import _office_pairs
    from app.services.timeline import where_clause

    kept_topics = label_counts.label_counts(session, f, label_counts.TOPIC,
                                            lambda g: label_counts.topics_from_events(session, g))
    kept_offices = label_counts.label_counts(
        session, f, label_counts.OFFICES,
        lambda g: label_counts.office_counts_from_events(session, where_clause(g)))
    counted = (Counter(label_counts.topics_from_events(session, f)),
               +label_counts.office_counts_from_events(session, where_clause(f)))
    assert _office_pairs(session, f, 50)  # the figure /stats shows reads the same table
    return (kept_topics, kept_offices), counted


def test_maintained_topic_and_office_counts_follow_every_write(session):
    """The table /stats reads its topics and office pairs from stays equal to counting the
    events, after a create, an edit (new topics, new offices, another month), a delete and a
    restore, for the whole record and a filter cut by dates."""
    from app.schemas import EventUpdate
    from app.services.events import delete_event, restore_event, update_event
    from app.services.revisions import snapshot

    small_record(session)
    filters = [TimelineFilter(), TimelineFilter(media=("phone_call",)),
               TimelineFilter(date_from=date(2021, 1, 15), date_to=date(2022, 6, 20))]

    def check():
        for f in filters:
            kept, counted = _label_figures(session, f)
            assert kept == counted, f

    check()
    new = make_event(session, title="A new call", date="2021-02-03", topics=["Nuclear"])
    check()
    data = snapshot(new) | {"date": "2022-06-10", "medium": "video_conference",
                            "topics": ["Space", "Taiwan"],
                            "participants": [{"name": "Mark Milley", "side": "US",
                                              "title": "Chairman of the Joint Chiefs of Staff"},
                                             {"name": "Li Zuocheng", "side": "CN",
                                              "title": "Chief of the Joint Staff Department"}]}
    edited = update_event(session=session, event_id=new.id, data=EventUpdate.model_validate(data))
    check()
    delete_event(session=session, event_id=new.id)
    check()
    restore_event(session=session, event_id=new.id, version=edited.version + 1)
    check()


def test_label_counts_are_rebuilt_after_a_load_around_the_services(session):
    from app.models import EventCountState, EventLabelCount

    small_record(session)
    session.execute(EventLabelCount.__table__.delete())  # rows lost, and the state says that
    session.execute(EventCountState.__table__.update().values(max_event_id=0))  # events came
    session.commit()  # in around the services (a bulk load): the next read counts again
    kept, counted = _label_figures(session, TimelineFilter())
    assert kept == counted and sum(kept[0].values()) > 0

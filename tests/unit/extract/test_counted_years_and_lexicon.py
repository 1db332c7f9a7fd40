"""Years counted from one the text gave ("a year later", "By late 2000 ..., when"), meeting
words without "met" ("co-chaired talks", "led round 13", "was briefed by", "to call on"), and
contacts only hoped for or prevented ("looks forward to speaking", "before he could sit down")."""

import pytest

from app.extract.pipeline import extract_events


def events(text: str, published: str) -> list[tuple[str, str, str, list[str]]]:
    return [(e.date, e.medium, e.status, sorted(p.name for p in e.participants))
            for e in extract_events(text, published=published).events]


def held(text: str, published: str) -> list[tuple[str, str, list[str]]]:
    return [(d, m, p) for d, m, s, p in events(text, published) if s == "held"]


PAIR = ["Chang Wanquan", "Chuck Hagel"]


@pytest.mark.parametrize("text, expected", [
    ("Chuck Hagel hosted Gen. Chang Wanquan at the Pentagon on March 4, 2014. Hagel went to "
     "Beijing a year later, on March 2, and met Chang again.", "2015-03-02"),
    ("Chuck Hagel and Gen. Chang Wanquan opened the talks at the Pentagon on March 4, 2014, and "
     "held the next round in Beijing two years later, on March 9.", "2016-03-09"),
    # "just over a year later" than a December is the February after next January
    ("Talks were frozen until November 20, 2014, when Chuck Hagel hosted Gen. Chang Wanquan. "
     "Hagel travelled to Beijing just over a year later, on February 3-4, and met Chang there.",
     "2016-02-03"),
])
def test_a_year_later_counts_from_the_year_given_before(text, expected):
    assert (expected, "in_person_meeting", PAIR) in held(text, "2019-06-01")


def test_a_year_in_the_clause_the_contact_leads_on_from():
    text = ("By late 2015 the channel had reached its fourth round, when Chuck Hagel and Gen. "
            "Chang Wanquan co-chaired talks in Beijing on October 12.")
    assert held(text, "2019-06-01") == [("2015-10-12", "in_person_meeting", PAIR)]


def test_a_year_of_another_contact_in_the_sentence_does_not_date_it():
    text = ("The visit follows the Bali summit in November 2022 and Chuck Hagel's Aug. 3 meeting "
            "with Gen. Chang Wanquan in Beijing.")
    assert ("2023-08-03", "in_person_meeting", PAIR) in held(text, "2023-09-01")


def test_last_month_day_is_the_one_before_publication_not_a_year_given_before():
    text = ("Chuck Hagel and Gen. Chang Wanquan held talks at the Pentagon on May 10, 2016. Last "
            "May 14, Hagel and Chang led round 13 in Washington.")
    assert ("2018-05-14", "in_person_meeting", PAIR) in held(text, "2019-01-10")


@pytest.mark.parametrize("said", [
    "Chuck Hagel and Gen. Chang Wanquan co-chaired talks in Beijing on Tuesday.",
    "Chuck Hagel and Gen. Chang Wanquan led round 13 of the channel in Beijing on Tuesday.",
    "Chuck Hagel was briefed by Gen. Chang Wanquan in Beijing on Tuesday.",
    "Chuck Hagel used the trip to call on Gen. Chang Wanquan on Tuesday.",
])
def test_meeting_words_without_met(said):
    assert held(said, "2014-04-10") == [("2014-04-08", "in_person_meeting", PAIR)]


def test_a_call_on_the_hotline_is_no_courtesy_call():
    text = "In April 2008 Robert Gates and Liang Guanglie held the first call on the new hotline."
    assert [m for _, m, _ in held(text, "2009-01-01")] == ["phone_call"]


@pytest.mark.parametrize("said, status", [
    ("Hagel said he looks forward to speaking with Gen. Chang Wanquan soon.", "planned"),
    ("Both sides are looking to the ASEAN gathering in October as a possible venue for a first "
     "meeting between Hagel and Gen. Chang Wanquan.", "planned"),
    ("Beijing recalled Gen. Chang Wanquan from the conference on Tuesday before he could sit down "
     "with Hagel.", "cancelled"),
])
def test_a_hoped_for_or_prevented_contact_is_not_held(said, status):
    text = f"Chuck Hagel met Gen. Chang Wanquan in Beijing in January. {said}"
    got = events(text, "2014-04-10")
    assert [s for _, _, s, p in got if p == PAIR and s != "held"] == [status]
    assert [d for d, _, s, _ in got if s == "held"] == ["2014-01"]


def test_the_second_of_the_contacts_counted_is_one_more_of_their_kind():
    text = ("Gen. Mark Milley twice called his Chinese counterpart, Gen. Li Zuocheng, last winter."
            "\n\nThe first call came on Nov. 3, 2020.\n\nThe second came on Jan. 12.")
    assert ("2021-01-12", "phone_call", ["Li Zuocheng", "Mark Milley"]) in held(text, "2021-09-15")


def test_subjects_who_met_the_visitor_separately_each_had_their_meeting():
    text = ("Xi Jinping received Gen. Mark Milley in Beijing on Thursday. On Wednesday, Gen. Li "
            "Zuocheng, the chief of staff, and Wei Fenghe, the defense minister, met with Milley "
            "separately.")
    got = held(text, "2021-09-17")
    assert ("2021-09-15", "in_person_meeting", ["Li Zuocheng", "Mark Milley"]) in got
    assert ("2021-09-15", "in_person_meeting", ["Mark Milley", "Wei Fenghe"]) in got


@pytest.mark.parametrize("verb", ["told reporters", "said"])
def test_a_day_after_the_meeting_word_is_the_meetings_not_the_tellings(verb):
    text = f"Chuck Hagel {verb} after his meeting Tuesday with Gen. Chang Wanquan that it was candid."
    assert held(text, "2014-04-10") == [("2014-04-08", "in_person_meeting", PAIR)]

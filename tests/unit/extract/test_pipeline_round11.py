"""Phrasings first met in the h241-h260 holdout set, written as other writers would put them."""

import pytest

from app.extract.pipeline import extract_events


def held(result):
    return [e for e in result.events if e.status == "held"]


def people(event):
    return {p.name for p in event.participants}


@pytest.mark.parametrize("text", [
    "Michele Flournoy and Gen. Ma Xiaotian led the Defense Consultative Talks on Friday, the 11th "
    "round of a dialogue that began in 1997.",
    "Michele Flournoy and Gen. Ma Xiaotian co-chaired the talks on Friday, part of a series first "
    "held in 1997.",
    "Michele Flournoy met Gen. Ma Xiaotian on Friday for consultations, which were launched in "
    "1997.",
])
def test_the_year_a_series_of_talks_began_is_not_the_rounds(text):
    [event] = held(extract_events(text, published="2010-12-10"))
    assert event.date == "2010-12-10"
    assert people(event) == {"Michele Flournoy", "Ma Xiaotian"}


def test_an_undated_named_round_joins_the_dated_lede_without_names():
    text = ("WASHINGTON, Dec 10 (Reuters) - Senior U.S. and Chinese defense officials held talks at "
            "the Pentagon on Friday.\n\n"
            "Under Secretary Michele Flournoy and General Ma Xiaotian led the annual Defense "
            "Consultative Talks, the 11th round of a dialogue that began in 1997.")
    [event] = held(extract_events(text, published="2010-12-10"))
    assert (event.date, people(event)) == ("2010-12-10", {"Michele Flournoy", "Ma Xiaotian"})


@pytest.mark.parametrize("name", ["Qian Li-hua", "Qian Lihua"])
def test_a_given_name_hyphenated_between_its_syllables_is_the_gazetteers(name):
    text = f"David Sedney held talks with Maj. Gen. {name} in Shanghai on Friday."
    [event] = held(extract_events(text, published="2008-03-01"))
    assert people(event) == {"David Sedney", "Qian Lihua"}


@pytest.mark.parametrize("text, expected", [
    ("The two ministries signed an agreement Feb. 29.\n\nDavid Sedney signed for the United States "
     "in Shanghai at the end of two days of talks with Maj. Gen. Qian Lihua.",
     ("2008-02-28", "2008-02-29")),
    ("David Sedney met Maj. Gen. Qian Lihua in Shanghai on Feb. 29, capping three days of talks.",
     ("2008-02-27", "2008-02-29")),
    ("The accord was signed in Qingdao on Feb. 29, at the close of two days of Defense Policy "
     "Coordination Talks. David Sedney signed for the U.S. side and Qian Lihua for the Chinese side.",
     ("2008-02-28", "2008-02-29")),
])
def test_a_contact_at_the_close_of_days_of_talks_spans_those_days(text, expected):
    [event] = held(extract_events(text, published="2008-03-03"))
    assert (event.date, event.end_date) == expected

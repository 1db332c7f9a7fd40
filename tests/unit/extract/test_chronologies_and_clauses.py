"""Chronologies headed by year lines (first met in h331-h350), month adjectives, a contact's own
which-clause, a since-date bounded by taking a post, third nations' officials, 'still not'."""

from datetime import date

import pytest

from app.extract.dates import DateContext, find_dates
from app.extract.pipeline import extract_events

REF = DateContext(date(2022, 1, 20), 2022, "published")


def held(result):
    return [e for e in result.events if e.status == "held"]


def event_dates(text: str):
    return [(d.date.isoformat(), d.end_date.isoformat() if d.end_date else None, d.precision)
            for d in find_dates(text, 0, len(text), REF) if d.role == "event"]


@pytest.mark.parametrize("head", ["2018", "## 2018", "**2018**", "2018:", "— 2018 —", "Year 2018",
                                  "=== 2018 ===", "2018 —", "* 2018", "### 2018"])
@pytest.mark.parametrize("item, expected", [
    ("14 June – Adm. John Richardson and V.Adm. Shen Jinlong hold a video teleconference.",
     ("2018-06-14", "video_conference")),
    ("June 14: Adm. John Richardson and V.Adm. Shen Jinlong hold a video teleconference.",
     ("2018-06-14", "video_conference")),
    ("18 October - Jim Mattis and Gen. Wei Fenghe meet in Singapore.", ("2018-10-18", "in_person_meeting")),
    ("Nov. 9 — Jim Mattis meets Gen. Wei Fenghe in Washington.", ("2018-11-09", "in_person_meeting")),
    ("December – Jim Mattis and Gen. Wei Fenghe speak by telephone.", ("2018-12", "phone_call")),
])
def test_a_year_line_gives_its_year_to_the_items_under_it(head, item, expected):
    text = (f"Timeline of contacts\n\n{head}\n{item}\n3 March – Secretary of State Mike Pompeo "
            f"visits Japan.\n\n2019\n31 May – Patrick Shanahan meets Gen. Wei Fenghe at the "
            f"Shangri-La Dialogue.\n")
    events = held(extract_events(text, published="2022-01-20"))
    assert [(e.date, e.medium) for e in events] == [expected, ("2019-05-31", "in_person_meeting")]


def test_a_lone_year_line_is_no_section():
    text = "2018\n\nJim Mattis met Gen. Wei Fenghe on 18 October in Singapore."
    events = held(extract_events(text, published="2019-01-20"))
    assert [e.date for e in events] == ["2018-10-18"]


@pytest.mark.parametrize("text, expected", [
    ("28–29 September", ("2021-09-28", "2021-09-29", "day")),
    ("14-16 December", ("2021-12-14", "2021-12-16", "day")),
    ("14 to 16 December", ("2021-12-14", "2021-12-16", "day")),
    ("3rd of May", ("2021-05-03", None, "day")),
    ("the 3rd-5th of May", ("2021-05-03", "2021-05-05", "day")),
    ("met 28 — 29 September 2021", ("2021-09-28", "2021-09-29", "day")),
    ("an August video call", ("2021-08-01", None, "month")),
    ("their March meeting", ("2021-03-01", None, "month")),
    ("the October trip", ("2021-10-01", None, "month")),
    ("a May phone call", ("2021-05-01", None, "month")),
    ("his November visit to Beijing", ("2021-11-01", None, "month")),
    ("the September round of talks", ("2021-09-01", None, "month")),
    ("a December video teleconference", ("2021-12-01", None, "month")),
    ("their January conversation", ("2022-01-01", None, "month")),
    ("the April consultations", ("2021-04-01", None, "month")),
    ("\nSeptember – China recalls Shen", ("2021-09-01", None, "month")),
    ("\nMarch: the two navies talk", ("2021-03-01", None, "month")),
])
def test_more_ways_to_write_a_day_range_or_a_month(text, expected):
    assert event_dates(text)[:1] == [expected]


@pytest.mark.parametrize("text", ["the March 2023 meeting", "a May 5 call", "at the August First Building",
                                  "in the August heat", "the June fourth anniversary"])
def test_a_month_adjective_needs_its_contact_noun_and_no_day(text):
    assert [p for *_, p in event_dates(text)] in ([], ["day"]) or "2023" in text


@pytest.mark.parametrize("clause", [
    "which does not take place", "which did not take place", "which never took place",
    "which never happened", "which did not go ahead", "which never materialized",
    "which was never held", "which is now off", "which didn't happen", "which won't go ahead",
])
def test_a_contacts_own_which_clause_cancels_it(clause):
    text = (f"In September China recalled Adm. Shen Jinlong from the United States before a "
            f"scheduled meeting with Adm. John Richardson, {clause}.")
    events = extract_events(text, published="2018-12-01").events
    assert [e.status for e in events] == ["cancelled"]


@pytest.mark.parametrize("post", ["took over the US Navy", "took command", "took up the post",
                                  "took charge of the Navy", "took the helm", "entered office",
                                  "came into office", "was promoted", "retired", "took up his job"])
def test_taking_a_post_bounds_a_since_date(post):
    text = f"It was the second time they have talked since Richardson {post} in September."
    assert event_dates(text) == []


@pytest.mark.parametrize("nation", [
    "Australia's", "New Zealand's", "Japan's", "India's", "the Philippines'", "South Korea's",
    "Canada's", "Britain's", "France's", "Vietnam's", "Singapore's", "Indonesia's"])
def test_a_third_nations_minister_is_no_us_side(nation):
    text = (f"{nation} Foreign Minister Jane Ramsey raised it directly with China's Foreign "
            f"Minister Wang Yi on the sidelines of the G20 meeting in Johannesburg on Friday.")
    assert held(extract_events(text, published="2025-02-24")) == []


@pytest.mark.parametrize("verb", [
    "has still not spoken with", "still has not spoken with", "has not yet spoken with",
    "has yet not spoken with", "still hasn't spoken with", "has not actually met",
    "has not personally met", "has still not met", "has not directly talked with",
    "has not even spoken with"])
def test_still_not_is_no_contact(verb):
    text = (f"Two months into the job, Defense Secretary Pete Hegseth {verb} his Chinese "
            f"counterpart, Adm. Dong Jun. Asked on Thursday about a possible conversation "
            f"between the two ministers, a spokesperson said the militaries maintain communication.")
    assert held(extract_events(text, published="2025-03-31")) == []


@pytest.mark.parametrize("head", ["27 June – ", "June 27: ", "27 June - ", "June 27, 2018 — ",
                                  "27 June 2018: "])
@pytest.mark.parametrize("second", ["is received by President Xi Jinping",
                                    "meets President Xi Jinping", "then meets President Xi Jinping",
                                    "is later received by President Xi Jinping"])
def test_an_items_heading_date_dates_each_of_its_contacts(head, second):
    text = (f"2017\n3 May – Jim Mattis visits Japan.\n\n2018\n{head}Secretary of Defense Jim "
            f"Mattis holds talks with Gen. Wei Fenghe at the Bayi Building and {second} at the "
            f"Great Hall of the People.\n")
    events = held(extract_events(text, published="2022-01-20"))
    assert sorted((e.date, e.participants[-1].name) for e in events) == [
        ("2018-06-27", "Wei Fenghe"), ("2018-06-27", "Xi Jinping")]


@pytest.mark.parametrize("clause", [
    "since Washington announced a big arms package for Taiwan in September",
    "since the United States approved an arms sale in September",
    "since Beijing froze military exchanges in September",
    "since China suspended the talks in September",
    "since a US warship sailed past the reef in September",
    "since the Pentagon disinvited China in September",
    "since Congress passed the act in September",
    "since the two militaries broke off contact in September",
    "since Taiwan's president transited Los Angeles in September",
    "since Washington imposed sanctions in September",
])
def test_a_since_clauses_own_act_does_not_date_the_contact(clause):
    text = (f"Under Secretary Michele Flournoy was in Beijing yesterday for talks with General Ma "
            f"Xiaotian. It is the first high-level defense meeting {clause}.")
    events = held(extract_events(text, published="2011-12-08"))
    assert [e.date for e in events] == ["2011-12-07"]


def test_a_since_clause_with_a_meeting_still_dates_that_meeting():
    assert event_dates("their first talks since they met in Malta in September") != []


@pytest.mark.parametrize("act, denial", [
    ("traded barbs from the stage at the Shangri-La Dialogue", "the two did not hold a bilateral meeting"),
    ("exchanged sharp words at the forum", "the two did not meet"),
    ("traded barbs in their speeches", "they have not met"),
    ("clashed over Taiwan at the forum", "the two never met"),
    ("sparred from the podium", "the two did not hold talks"),
    ("traded accusations at the conference", "they had no bilateral meeting"),
    ("exchanged words across the hall", "they did not speak"),
    ("traded barbs at the dialogue", "the two ministers did not hold a meeting"),
    ("clashed in their speeches at the dialogue", "the two have yet to meet"),
    ("traded jabs from the stage", "they held no talks"),
])
def test_a_joint_act_beside_a_denied_contact_is_no_contact(act, denial):
    text = (f"Last week General Fan Changlong, vice chairman of China's Central Military "
            f"Commission, spent several days in the United States. His trip deserves attention."
            f"\n\nThe centrepiece was a meeting at the Pentagon on Thursday 11 June with Defense "
            f"Secretary Ash Carter. Carter used it to press Beijing to halt land reclamation.\n\n"
            f"Two caveats. Only a fortnight earlier, Carter and Admiral Sun Jianguo {act}; {denial}.")
    events = held(extract_events(text, published="2015-06-16"))
    assert all("Sun Jianguo" not in [p.name for p in e.participants] for e in events)

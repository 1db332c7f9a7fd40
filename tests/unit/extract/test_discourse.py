"""Contacts whose date or cast stands outside the sentence that reports them, and the clauses
that do not qualify a contact although they sit in its sentence."""

from app.extract.pipeline import extract_events


def held(text: str, published: str) -> list[tuple[str, str, list[str]]]:
    return [(e.date, e.medium, [p.name for p in e.participants])
            for e in extract_events(text, published=published).events if e.status == "held"]


def test_their_talks_are_the_talks_of_the_pair_just_named():
    text = ("Austin met Wei Fenghe in Singapore on Saturday, their second encounter, following "
            "their video call in April.")
    assert ("2022-04", "video_conference", ["Lloyd Austin", "Wei Fenghe"]) in held(text, "2022-06-13")


def test_a_participle_after_a_comma_qualifies_the_noun_before_it():
    text = ("President Joe Biden and Xi Jinping met in Bali in November and restored the dialogue "
            "channels, suspended by China after a congressional visit to Taiwan.")
    assert held(text, "2023-01-10") == [("2022-11", "in_person_meeting", ["Joe Biden", "Xi Jinping"])]


def test_a_second_verb_after_and_plans_its_own_contact():
    text = ("Lloyd Austin met Wei Fenghe in Phnom Penh last week and agreed to resume theater-level "
            "talks.")
    assert [e[:2] for e in held(text, "2022-11-28")] == [("2022-11-21", "in_person_meeting")]


def test_a_date_closing_another_clause_is_not_a_second_contact():
    text = ("Mark Milley spoke with Li Zuocheng in May 2021, two months after Chinese jets "
            "buzzed a US destroyer in March 2021.")
    assert held(text, "2021-06-01") == [("2021-05", "phone_call", ["Mark Milley", "Li Zuocheng"])]


def test_a_dateline_dates_the_undated_contact_of_its_lede():
    text = ("Talks on the hotline\n\n"
            "WASHINGTON, March 4 (Reuters) - Defense Secretary Lloyd Austin said progress was made "
            "after talks with Chinese Defense Minister Dong Jun.\n\n"
            "Dong called the exchange candid.")
    assert held(text, "2024-03-04") == [("2024-03-04", "in_person_meeting", ["Lloyd Austin", "Dong Jun"])]


def test_a_heading_line_dates_the_paragraphs_of_its_timeline_item():
    text = ("How the channels came back\n\n"
            "## November 2022\n\n"
            "Lloyd Austin held talks with Wei Fenghe in Cambodia.\n\n"
            "Austin told Wei the United States wanted open lines.\n\n"
            "## 2024: Video talks\n\n"
            "Austin spoke with Dong Jun by video conference.")
    assert held(text, "2024-05-01") == [
        ("2022-11", "in_person_meeting", ["Lloyd Austin", "Wei Fenghe"]),
        ("2024", "video_conference", ["Lloyd Austin", "Dong Jun"])]


def test_a_lone_date_line_under_a_headline_governs_no_later_paragraph():
    text = ("Austin and Dong keep talking\n\n"
            "April 3, 2024\n\n"
            "Officials gave no details.\n\n"
            "Nobody said more.\n\n"
            "Lloyd Austin has held talks with Dong Jun.")
    assert held(text, "2024-04-03") == []


def test_the_side_a_contact_leaves_unnamed_comes_from_the_next_sentence():
    text = ("Lloyd Austin held a video call with his opposite number on Tuesday. On the Chinese "
            "end of the line sat Admiral Dong Jun, appointed in December.")
    assert held(text, "2024-04-17") == [("2024-04-16", "video_conference", ["Lloyd Austin", "Dong Jun"])]


def test_a_sentence_of_the_paragraph_before_gives_no_cast():
    text = ("Dong Jun spoke at a forum in Beijing.\n\n"
            "Lloyd Austin held a video call with his opposite number on Tuesday.")
    assert held(text, "2024-04-17") == []

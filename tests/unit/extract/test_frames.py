"""Frames of discourse the sentence rules work within: a transcript's speaker turns, where "I"
is the speaker and a reference does not reach into the next speaker's words."""

import pytest

from app.extract import discourse
from app.extract.people import PeopleFinder, load_gazetteer
from app.extract.pipeline import extract_events
from app.extract.text import split_sentences


def held(text: str, published: str) -> list[tuple[str, str, list[str]]]:
    return [(e.date, e.medium, sorted(p.name for p in e.participants))
            for e in extract_events(text, published=published).events if e.status == "held"]


US_LABELS = ["SECRETARY OF DEFENSE LLOYD AUSTIN", "SECRETARY AUSTIN", "SEC. AUSTIN",
             "Secretary Austin", "LLOYD J. AUSTIN III (Secretary of Defense)", "Lloyd Austin"]
CN_LABELS = ["GEN. WEI FENGHE (through translator)", "GEN. WEI", "Wei Fenghe", "MINISTER WEI"]
FIRST_PERSON = [
    ("General Wei and I spoke by phone in April.", ("2021-04", "phone_call")),
    ("In April I spoke by phone with General Wei.", ("2021-04", "phone_call")),
    ("General Wei called me in April.", ("2021-04", "phone_call")),
    ("My video call with General Wei in April was candid.", ("2021-04", "video_conference")),
    ("I held a video call with Gen. Wei in April.", ("2021-04", "video_conference")),
]


@pytest.mark.parametrize("label", US_LABELS)
@pytest.mark.parametrize("said, expected", FIRST_PERSON)
def test_in_a_speakers_turn_i_is_the_speaker(label, said, expected):
    text = (f"Press conference at the Pentagon\n\n{label}: Good afternoon. Thank you all for "
            f"coming, it has been a long week here in the building. Let me start with the region. "
            f"{said} We discussed the region.\n\nQ: Mr. Secretary, what about Taiwan?\n\n{label}: We talked about "
            f"that too.\n")
    assert (*expected, ["Lloyd Austin", "Wei Fenghe"]) in held(text, "2021-06-01")


@pytest.mark.parametrize("label", CN_LABELS)
def test_a_chinese_speaker_is_the_chinese_side(label):
    # (a surname alone is a person once the article has named them in full)
    text = (f"Transcript\n\nPresenters: Secretary Lloyd Austin; General Wei Fenghe\n\n"
            f"Q: Did you speak with the Americans?\n\n{label}: Thank you for the question, which is "
            f"a fair one and one I hear often from friends here. Secretary Austin "
            f"and I spoke by phone in April.\n\nQ: Thank you.\n")
    assert ("2021-04", "phone_call", ["Lloyd Austin", "Wei Fenghe"]) in held(text, "2021-06-01")


def test_a_spokespersons_i_takes_no_part():
    text = ("Briefing\n\nPRESS SECRETARY JOHN KIRBY: I spoke by phone with General Wei in April."
            "\n\nQ: Thank you.\n")
    assert not any("John Kirby" in e[2] for e in held(text, "2022-06-01"))


def _turns(text: str):
    sentences = split_sentences(text)
    mentions = PeopleFinder(load_gazetteer()).find(text, [(0, len(text))])
    return discourse.speaker_turns(text, sentences, mentions)


def test_turns_need_two_labels_and_a_label_is_a_speaker_or_a_role():
    one = "Note: Lloyd Austin met Wei Fenghe in April."
    assert _turns(one) == []
    prose = "We covered a lot of ground: Taiwan, trade.\n\nThey said: nothing new.\n"
    assert _turns(prose) == []
    talk = "Q: Did you meet him?\n\nSEC. AUSTIN: I did.\n\nhost: Thanks.\n"
    turns = _turns(talk)
    assert [t.speaker.person.name if t.speaker else None for t in turns] == [None, "Lloyd Austin", None]
    assert talk[turns[1].body:turns[1].end].strip() == "I did."


def test_a_reference_does_not_look_ahead_into_the_next_turn():
    text = ("ANCHOR: Right now Pete Hegseth is sitting down with Admiral Dong Jun in Kuala Lumpur. "
            "Our correspondent joins us. What do we know?\n\n"
            "CORRESPONDENT: They went in an hour ago. Officials tell me a lot. The two have "
            "spoken once before -- a video call on September 9, the secretary's first with any "
            "Chinese counterpart.\n\n"
            "ANCHOR: And this comes after the president's own meeting with Xi.\n\n"
            "CORRESPONDENT: That's right. President Trump sat down with Xi Jinping on Thursday.\n")
    calls = [e for e in held(text, "2025-10-31") if e[1] == "video_conference"]
    assert all("Xi Jinping" not in e[2] for e in calls)


@pytest.mark.parametrize("phrase", [
    "{us} and {cn} held consultations in Beijing on Tuesday.",
    "{us} held two rounds of consultations with {cn} in Beijing on Tuesday.",
    "{us} and {cn} had an exchange of views in Beijing on Tuesday.",
    "{us} had a candid exchange of views with {cn} in Beijing on Tuesday.",
    "{us} and {cn} held a working lunch in Beijing on Tuesday.",
    "{us} had a working lunch with {cn} in Beijing on Tuesday.",
    "{us} and his counterpart, {cn}, engaged in talks in Beijing on Tuesday.",
    "{us} engaged {cn} in frank talks in Beijing on Tuesday.",
    "{us} and {cn} continued their conversation in person on Tuesday.",
    "{cn} escorted {us} through a command center on Tuesday.",
    "{cn} guided {us} around the base on Tuesday.",
])
@pytest.mark.parametrize("us, cn", [("Lloyd Austin", "Wei Fenghe"),
                                    ("Adm. John Aquilino", "Gen. Wu Yanan")])
def test_meeting_phrasings_without_met(phrase, us, cn):
    text = phrase.format(us=us, cn=cn)
    [(day, medium, names)] = held(text, "2021-06-03")
    assert (day, medium, len(names)) == ("2021-06-01", "in_person_meeting", 2)


@pytest.mark.parametrize("said", [
    "I've just come out of a full day with General Ma Xiaotian and his delegation.",
    "I spent a long morning with General Ma Xiaotian.",
    "I held a morning of talks with General Ma Xiaotian.",
])
def test_a_day_spent_with_the_other_side_is_a_meeting(said):
    text = (f"DoD News Briefing\n\nDecember 10, 2010\n\nUNDER SECRETARY MICHELE FLOURNOY: Good "
            f"afternoon. {said} I led "
            f"our side.\n\nQ: Did General Ma raise Taiwan?\n\nUNDER SECRETARY FLOURNOY: He did.\n")
    assert ("2010-12-10", "in_person_meeting", ["Ma Xiaotian", "Michele Flournoy"]) in held(
        text, "2010-12-10")


STORY = ("BEIJING, Oct. 19, 2005 -- Defense Secretary Donald Rumsfeld toured a missile base "
         "today.\n\nReporters were kept outside. They waited by the gate.\n\nThe visit is "
         "the first by a defense secretary in years.\n\n{said}\n\n")


@pytest.mark.parametrize("said", [
    "Rumsfeld, who arrived last night, also met Gen. Guo Boxiong.",
    "Rumsfeld held talks with Gen. Guo Boxiong, a vice chairman of the commission.",
    "Gen. Guo Boxiong received Rumsfeld at the Bayi Building.",
])
def test_an_undated_contact_of_a_dateline_story_is_the_storys_day(said):
    events = held(STORY.format(said=said), "2005-10-20")
    assert [e[0] for e in events if "Guo Boxiong" in e[2]] == ["2005-10-19"]


def test_the_dateline_day_ends_where_the_story_turns_to_another_date():
    text = STORY.format(said="Adm. William Fallon visited Beijing last month.") + (
        "Rumsfeld met Gen. Guo Boxiong, a vice chairman of the commission.\n")
    assert "2005-10-19" not in [e[0] for e in held(text, "2005-10-20") if "Guo Boxiong" in e[2]]


def test_a_later_contact_of_a_visit_takes_the_visits_day_before_the_datelines():
    text = ("BEIJING, Jan 15 (Reuters) - General Richard Myers urged China's generals on Wednesday "
            "to lean on Pyongyang.\n\nMyers spent more than two hours with General Liang "
            "Guanglie.\n\n\"We had a very frank exchange,\" Myers said.\n\nHe was later received "
            "by Defence Minister Cao Gangchuan.\n")
    assert ("2004-01-14", "in_person_meeting", ["Cao Gangchuan", "Richard Myers"]) in held(
        text, "2004-01-15")


@pytest.mark.parametrize("told, medium", [
    ("held a video call on Tuesday", "video_conference"),
    ("spoke by phone on Tuesday", "phone_call"),
    ("met in Singapore on Tuesday", "in_person_meeting"),
])
@pytest.mark.parametrize("previous", [
    "The previous one was held on Oct. 29.",
    "The previous round took place on Oct. 29.",
    "Their last one came on Oct. 29.",
    "The earlier call came on Oct. 29.",
    "The previous conversation was held on Oct. 29.",
    "Their prior session had been on Oct. 29.",
])
def test_the_previous_one_is_another_contact_of_the_kind_just_told(told, medium, previous):
    if "call" in previous and medium == "in_person_meeting":
        return  # a call is not the previous one of a meeting
    text = (f"Adm. John Richardson and Adm. Wu Shengli {told}. It was the second time the two "
            f"chiefs have spoken. {previous}")
    events = held(text, "2016-01-21")
    assert ("2015-10-29", medium, ["John Richardson", "Wu Shengli"]) in events
    assert len(events) == 2


@pytest.mark.parametrize("act", ["watched their staffs sign a framework",
                                 "looked on as their deputies signed a framework",
                                 "witnessed the signing of a framework"])
@pytest.mark.parametrize("shift", ["The next day", "On the following day", "A day later,"])
def test_the_next_day_a_pair_with_one_of_the_last_contact_has_its_own(act, shift):
    text = (f"Gen. Fan Changlong met Ash Carter at the Pentagon on Thursday 11 June.\n\n{shift} Fan "
            f"and General Ray Odierno {act}.")
    assert held(text, "2015-06-16") == [
        ("2015-06-11", "in_person_meeting", ["Ashton Carter", "Fan Changlong"]),
        ("2015-06-12", "in_person_meeting", ["Fan Changlong", "Raymond Odierno"])]


def test_the_next_day_counts_from_a_day_past_a_month_named_between():
    text = ("Gen. Fan Changlong met Ash Carter at the Pentagon on Thursday 11 June. The two sides "
            "reported progress on the memorandum the governments signed last November.\n\n"
            "The next day Fan and General Ray Odierno witnessed the signing of a framework.")
    assert ("2015-06-12", "in_person_meeting", ["Fan Changlong", "Raymond Odierno"]) in held(
        text, "2015-06-16")


@pytest.mark.parametrize("asked", [
    "Mr. Secretary, did you speak with General Wei Fenghe by phone last Tuesday?",
    "Did you and General Wei Fenghe hold a video call last Tuesday?",
    "Did you meet General Wei Fenghe in Singapore on Tuesday?",
])
@pytest.mark.parametrize("answer, told", [
    ("I did. We talked about the South China Sea.", True),
    ("Yes, and it was a good conversation.", True),
    ("That's right. It went well.", True),
    ("No, not yet. We hope to.", False),
    ("I won't get into private conversations.", False),
])
def test_a_question_the_answer_says_yes_to_is_told(asked, answer, told):
    text = (f"Press briefing\n\nQ: {asked}\n\nSECRETARY LLOYD AUSTIN: {answer}\n\n"
            f"Q: Thank you, sir.\n\nSECRETARY AUSTIN: Thank you.\n")
    events = held(text, "2021-06-03")
    assert any(e[2] == ["Lloyd Austin", "Wei Fenghe"] for e in events) is told


def test_a_question_without_an_answer_tells_nothing():
    text = "Analysis\n\nDid Lloyd Austin speak with General Wei Fenghe last week? Yes, he did.\n"
    assert held(text, "2021-06-03") == []


@pytest.mark.parametrize("said", [
    "The tour came after talks with Gen. Cao Gangchuan, who welcomed his guest with an honor guard.",
    "The tour came after talks with Gen. Cao Gangchuan, who greeted the visitor at the door.",
    "Gen. Cao Gangchuan held talks at the Bayi Building with his guest.",
])
def test_a_guest_or_visitor_is_the_other_side_of_the_host_named(said):
    text = ("BEIJING, Oct. 19, 2005 -- Defense Secretary Donald Rumsfeld toured a missile base "
            f"today.\n\n{said}\n")
    assert ("2005-10-19", "in_person_meeting", ["Cao Gangchuan", "Donald Rumsfeld"]) in held(
        text, "2005-10-19")


@pytest.mark.parametrize("group", [
    "senior PLA leaders", "top Chinese military leaders",
    "officials of the Central Military Commission",
    "senior officers of the People's Liberation Army", "officials from China's Defense Ministry",
])
def test_a_meeting_with_a_group_of_the_other_side_is_held_with_one_name(group):
    text = f"Adm. William Fallon visited Beijing in September and met {group} to prepare the trip."
    assert held(text, "2005-10-19") == [("2005-09", "in_person_meeting", ["William Fallon"])]


@pytest.mark.parametrize("clause", [
    "and the Pentagon points out that Robert Gates came to Beijing in January",
    "but officials noted that the talks had resumed in January",
    "while the ministry said exchanges resumed in July",
])
def test_a_date_in_a_clause_someone_else_tells_is_not_a_second_contact(clause):
    text = f"Barack Obama met Chinese President Hu Jintao in Honolulu in November, {clause}."
    assert [e[0] for e in held(text, "2011-12-08") if "Hu Jintao" in e[2]] == ["2011-11"]


def test_dates_listed_under_one_verb_are_still_one_contact_each():
    text = "Mark Milley called Li Zuocheng in October 2020 and January 2021, and officials said so."
    assert [e[0] for e in held(text, "2021-09-15")] == ["2020-10", "2021-01"]


@pytest.mark.parametrize("host", [
    "the admiral and his host, General Chen Bingde, the chief of the general staff, are in talks",
    "the admiral and General Chen Bingde, the chief of the general staff, are in talks",
])
def test_the_counterpart_described_is_the_one_named_a_few_sentences_on(host):
    text = ("ANCHOR: The top U.S. military officer is in Beijing right now, and as we speak he is "
            "sitting down with his Chinese counterpart. Admiral Mike Mullen is the first chairman "
            "to visit in four years. Our correspondent is in the capital. David, what is on the "
            f"table?\n\nCORRESPONDENT: Laura, {host} at the Bayi Building right now. The big "
            "issue is the South China Sea.\n\nANCHOR: And after today?\n\nCORRESPONDENT: "
            "Tomorrow he tours a missile base, hosted by its commander, General Jing Zhiyuan.\n"
            ).upper()  # (a rush transcript)
    assert [e for e in held(text, "2011-07-11") if e[0] == "2011-07-11"] == [
        ("2011-07-11", "in_person_meeting", ["Chen Bingde", "Mike Mullen"])]

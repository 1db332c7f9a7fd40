import pytest

from app.extract import media


def medium_of(text: str) -> list[str]:
    return [t.medium for t in media.find_triggers(text, 0, len(text)) if not t.generic]


@pytest.mark.parametrize("text, medium", [
    ("Austin held a phone call with Wei.", "phone_call"),
    ("Austin spoke by phone with Wei.", "phone_call"),
    ("Austin held a telephone conversation with Wei.", "phone_call"),
    ("They talked over the Defense Telephone Link.", "phone_call"),
    ("Biden held a video call with Xi.", "video_conference"),
    ("They held a video conference.", "video_conference"),
    ("Chase spoke via video conference with Huang.", "video_conference"),
    ("They held virtual talks.", "video_conference"),
    ("Chase conducted a secure video conference with Huang.", "video_conference"),
    ("They held talks by video link.", "video_conference"),
    ("They talked via videolink on Monday.", "video_conference"),
    ("Carter met Chang in Kuala Lumpur.", "in_person_meeting"),
    ("Xi held talks with Biden in Woodside.", "in_person_meeting"),
    ("Austin met Wei on the sidelines of the Shangri-La Dialogue.", "in_person_meeting"),
])
def test_medium(text, medium):
    assert medium_of(text) == [medium]


def test_generic_mentions_are_marked():
    text = "There have been a number of phone and video calls between them."
    assert all(t.generic for t in media.find_triggers(text, 0, len(text)))


def test_called_on_is_not_a_call():
    text = "The Secretary called on the PRC to honor its commitments."
    assert media.find_triggers(text, 0, len(text)) == []


@pytest.mark.parametrize("text, channel", [
    ("They spoke over the Defense Telephone Link.", "Defense Telephone Link"),
    ("They held talks under the Military Maritime Consultative Agreement.",
     "Military Maritime Consultative Agreement talks"),
    ("They met on the sidelines of the Shangri-La Dialogue in Singapore.",
     "Sidelines of the Shangri-La Dialogue"),
    ("They met in Beijing.", None),
])
def test_channel_is_kept_apart_from_medium(text, channel):
    assert media.find_channel(text, 0, len(text)) == channel


@pytest.mark.parametrize("text, minutes", [
    ("The call lasted about 45 minutes.", 45),
    ("The call lasted more than two hours.", 120),
    ("During the 30-minute call they talked.", 30),
    ("The meeting lasted about an hour.", 60),
    ("The call was short.", None),
])
def test_duration(text, minutes):
    found = media.find_duration(text, 0, len(text))
    assert (found[0] if found else None) == minutes


@pytest.mark.parametrize("text, medium", [
    ("Milley made telephone contact with his opposite number.", "phone_call"),
    ("They held a virtual meeting.", "video_conference"),
    ("Smith and Ye co-chaired the defense policy talks.", "in_person_meeting"),
    ("Austin met Wei on the margins of the forum.", "in_person_meeting"),
    ("Locklear hosted Gen. Chang Wanquan at Camp Smith.", "in_person_meeting"),
    ("Fan Changlong received Admiral Harry Harris in Beijing.", "in_person_meeting"),
])
def test_more_ways_to_say_the_medium(text, medium):
    assert medium_of(text) == [medium]


def test_received_and_call_need_a_person_not_a_thing():
    assert medium_of("Biden received any assurances from the Chinese leader.") == []
    assert [t.needs_person_after for t in media.find_triggers(
        "Biden's March 18 call with Xi", 0, 29)] == [False]


@pytest.mark.parametrize("text", [
    "Austin hadn’t even spoken with Wei since taking office.",
    "Austin has not yet spoken with his counterpart.",
    "The two ministers have yet to meet.",
    "Austin didn't meet Li in Singapore.",
    "The two ministers nodded to each other at the banquet but held no formal talks.",
])
def test_negated_contacts(text):
    assert media.NEGATION.search(text)


def test_a_held_contact_is_not_negated():
    assert not media.NEGATION.search("Austin has met Wei twice and they have spoken often.")


@pytest.mark.parametrize("text, channel", [
    ("They met on the margins of the ASEAN Defense Ministers' Meeting-Plus in Bangkok.",
     "Sidelines of the ASEAN Defense Ministers' Meeting-Plus"),
    ("The two met on the fringes of the Shangri-La Dialogue.", "Sidelines of the Shangri-La Dialogue"),
])
def test_margins_and_fringes_are_sidelines(text, channel):
    assert media.find_channel(text, 0, len(text)) == channel


@pytest.mark.parametrize("text, minutes", [
    ("The meeting was scheduled for 30 minutes but lasted a little less than an hour.", 60),
    ("The call lasted just over two hours.", 120),
])
def test_duration_qualifiers(text, minutes):
    assert media.find_duration(text, 0, len(text))[0] == minutes


def triggers(text: str) -> list[media.Trigger]:
    return media.find_triggers(text, 0, len(text))


@pytest.mark.parametrize("text, joint", [
    ("Wei and Esper talked on Tuesday.", "pair"),
    ("Gates and Liang agreed to set up a hotline.", "pair"),
    ("The two sides exchanged views on Taiwan.", "pair"),
    ("Wei and Austin sat down on Friday.", "pair"),
    ("Liang told Gates that arms sales hurt ties.", "object"),
    ("Paparo urged Gen. Wu Yanan to rein in his forces.", "object"),
])
def test_joint_acts_are_neutral_and_need_both_sides(text, joint):
    (t,) = [t for t in triggers(text) if t.joint]
    assert t.joint == joint and t.neutral and not t.strong
    assert t.needs_person_after == (joint == "object")


@pytest.mark.parametrize("text", [
    "Ma conferred with Flournoy.",
    "Flournoy paid a courtesy call on Liang.",
    "Chen was received by Gates.",
    "Xi was welcomed to the Pentagon by Panetta.",
    "Gates held a testy session with Chang.",
    "Wang had a meeting with Sullivan.",
    "Myers spent more than two hours with Liang.",
    "Austin held more than an hour of talks with Dong.",
    "Qi called on Deputy Secretary Carter.",
])
def test_more_meeting_phrases(text):
    assert "in_person_meeting" in [t.medium for t in triggers(text) if t.strong]


@pytest.mark.parametrize("text", [
    "Esper called on Wei to respect the rules.",
    "They had a video call on December 21.",
])
def test_calling_on_to_act_or_a_call_on_a_day_is_no_visit(text):
    assert "in_person_meeting" not in [t.medium for t in triggers(text)]


def test_an_appositive_noun_is_the_contact_just_reported():
    text = "Sullivan met Thursday with one of China's top generals, a rare meeting."
    assert len(triggers(text)) == 1
    text = ("They met in Singapore in May with their senior aides, and a 75-minute meeting "
            "followed in June.")
    assert len(triggers(text)) == 2  # coordinated: two contacts


def cue(text: str) -> set[str]:
    return {status for pattern, status in media.STATUS_CUES if pattern.search(text)}


@pytest.mark.parametrize("text, status", [
    ("Esper hopes to visit China before the end of the year.", "requested"),
    ("The two sides have agreed to hold talks later this year.", "planned"),
    ("A meeting between the two presidents could follow.", "planned"),
    ("The meeting would be the first in-person talks since December.", "planned"),
    ("He intends to visit China in the autumn.", "planned"),
    ("Wei Fenghe, Lloyd Austin expected to meet this weekend", "planned"),  # a headline
    ("Their expected meeting in Singapore comes at a tense time.", "planned"),
])
def test_more_status_cues(text, status):
    assert status in cue(text)


def test_no_plans_is_a_negated_cue_and_a_negation():
    text = "The U.S. had no plans to attack China."
    m = next(p.search(text) for p, status in media.STATUS_CUES if status == "planned")
    assert media.NEGATED_CUE.search(text, 0, m.start())
    assert media.NEGATION.search("Austin has no plans to meet Dong.")


@pytest.mark.parametrize("text, medium", [
    ("Milley telephoned Li on Oct. 30.", "phone_call"),
    ("Austin rang his Chinese counterpart on Wednesday.", "phone_call"),
    ("Esper held a teleconference with Wei.", "phone_call"),
    ("Esper held a video teleconference with Wei.", "video_conference"),
    ("Carter and Chang held a telephonic conversation.", "phone_call"),
    ("The two had conversed by telephonic link in October.", "phone_call"),
    ("Carter conversed with Chang via a secure line.", "phone_call"),
    ("Gates huddled with Xu on Tuesday.", "in_person_meeting"),
    ("Carter had a one-on-one with Chang.", "in_person_meeting"),
    ("Austin held a bilateral with Wei on Friday.", "in_person_meeting"),
    ("Xi played host to Harris on Thursday.", "in_person_meeting"),
    ("Gates was granted an audience with Hu Jintao.", "in_person_meeting"),
    ("They had last spoken in person in Beijing.", "in_person_meeting"),
    ("Austin briefly chatted with Li at the opening dinner.", "in_person_meeting"),
])
def test_words_of_the_fifth_round(text, medium):
    assert medium_of(text) == [medium]


@pytest.mark.parametrize("text", [
    "The two defence ministries set up a direct telephone link.",
    "China hopes the US will meet China halfway.",
    "Austin and Wei have met twice this year.",
    "The two chiefs talk regularly.",
])
def test_no_single_contact(text):
    assert medium_of(text) == []


@pytest.mark.parametrize("text, status", [
    ("China has said no to a US proposal for Austin to speak with Xu.", "declined"),
    ("China has said no to a US proposal for Austin to speak with Xu.", "requested"),
    ("A visit by a PLA delegation has been shelved.", "postponed"),
    ("The meeting was put on ice.", "postponed"),
    ("A call between the two fell through on Saturday.", "cancelled"),
    ("The two sides agreed to work toward a summit in November.", "planned"),
])
def test_fifth_round_status_cues(text, status):
    assert status in cue(text)


@pytest.mark.parametrize("text, status", [
    ("Both admirals tried to get their Chinese opposite numbers on the phone.", "requested"),
    ("The ambassador attempted to reach the vice foreign minister.", "requested"),
])
def test_trying_to_reach_someone_is_a_request(text, status):
    assert status in cue(text)


@pytest.mark.parametrize("text", [
    "Officials called the talks useful but declined to say how long they ran.",
    "The ministry declined to give details of the conversation.",
])
def test_declining_to_give_a_detail_is_no_status(text):
    assert cue(text) == set()


def test_days_of_talks_with_a_longer_name():
    assert medium_of("It closed three days of maritime security consultation talks.") == [
        "in_person_meeting"]


@pytest.mark.parametrize("text", [
    "Beijing said its defense minister would not be available to meet the admiral.",
    "The ministry would not make Admiral Dong, its new chief, available for talks.",
])
def test_not_making_someone_available_declines(text):
    assert "declined" in cue(text)


@pytest.mark.parametrize("text", [
    "Their overtures were met with silence.",
    "The proposal was met with skepticism in Beijing.",
])
def test_met_with_a_reception_is_no_meeting(text):
    assert "in_person_meeting" not in [t.medium for t in triggers(text)]


def test_rejecting_a_request_is_declining_it():
    assert "declined" in cue("Beijing rejects the Pentagon's request for a meeting in Singapore.")


@pytest.mark.parametrize("text", [
    "The request was in a letter handed by Ambassador Nicholas Burns to Vice Minister Xie Feng.",
    "Xi Jinping sent a personal letter to Joe Biden on Monday.",
])
def test_a_letter_is_a_written_contact(text):
    assert medium_of(text) == ["written"]


def test_co_chairing_a_long_named_round_of_talks_is_a_meeting():
    text = ("Smith and Maj. Gen. Ye co-chaired the 20th round of the U.S.-China Defense Policy "
            "Coordination Talks on May 3.")
    assert medium_of(text) == ["in_person_meeting"]


@pytest.mark.parametrize("text, verb", [
    ("Milley first called Gen. Li Zuocheng on Oct. 30.", True),
    ("Milley second called Gen. Li Zuocheng on Jan. 8.", True),
    ("Austin's first call Li Zuocheng took was in May.", False),
])
def test_first_called_is_a_verb_and_the_first_call_a_noun(text, verb):
    calls = [t for t in media.find_triggers(text, 0, len(text)) if t.needs_person_after]
    assert bool(calls) is verb


def test_a_forum_left_unnamed_is_cut_at_its_noun():
    text = ("The two are expected to meet on the sidelines of a prominent security summit "
            "resuming in Singapore after a two-year pandemic hiatus.")
    assert media.find_channel(text, 0, len(text)) == "Sidelines of a prominent security summit"


@pytest.mark.parametrize("channels, expected", [
    (["Sidelines of a security summit"], "Sidelines of the 19th Shangri-La Dialogue"),
    (["Sidelines of a security summit", "Defense Telephone Link"], "Defense Telephone Link"),
    (["Military Maritime Consultative Agreement talks", "Sidelines of a security summit"],
     "Military Maritime Consultative Agreement talks"),
])
def test_a_contact_names_the_forum_its_sentences_name(channels, expected):
    text = ("They will meet on the sidelines of a security summit. Ministers from 42 countries "
            "come together at the 19th Shangri-La Dialogue from Friday.")
    assert media.contact_channel(text, channels, [(0, len(text))]) == expected


def test_an_unnamed_forum_stays_unnamed_when_no_sentence_names_it():
    text = "They will meet on the sidelines of a security summit in Singapore."
    assert media.contact_channel(text, ["Sidelines of a security summit"], [(0, len(text))]) == \
        "Sidelines of a security summit"

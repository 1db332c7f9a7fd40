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

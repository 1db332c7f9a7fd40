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

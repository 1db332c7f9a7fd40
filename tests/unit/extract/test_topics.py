import pytest

from app.extract.pipeline import extract_events
from app.extract.topics import load_taxonomy


def test_taxonomy_patterns():
    found = {name for name, _ in load_taxonomy().find(
        "They discussed Taiwan, the South China Sea, Russia's war in Ukraine, North Korea's "
        "nuclear program, COVID-19 and crisis communications.")}
    assert found == {"Taiwan", "South China Sea", "Ukraine", "North Korea", "Nuclear", "COVID-19",
                     "Crisis communication"}



@pytest.mark.parametrize("sentence, topic", [
    ("The two traded warnings over the self-governing island.", "Taiwan"),
    ("Milley urged keeping lines of communication open to avoid a crisis.", "Crisis communication"),
    ("The other lays out rules of behavior for encounters between warships.", "Maritime safety"),
    ("The U.S. side pressed for safe conduct by PLA ships and aircraft.", "Maritime safety"),
])
def test_words_of_the_fifth_round_name_their_topic(sentence, topic):
    assert topic in {name for name, _ in load_taxonomy().find(sentence)}


@pytest.mark.parametrize("text, published, topics", [
    # only the contact and its readout, not the rest of the article
    ("Defense Secretary Lloyd Austin spoke by phone with Chinese Defense Minister Wei Fenghe on "
     "Wednesday. Austin raised concerns about the South China Sea.\n\nSeparately, analysts worry "
     "about a nuclear-powered submarine pact and Taiwan.", "2022-04-20", ["South China Sea"]),
    # what experts make of the contact is not what it discussed
    ("Chinese Defense Minister Dong Jun held a video call with US Secretary of War Pete Hegseth on "
     "Tuesday. Chinese experts told the Global Times that the call helps prevent miscalculation. "
     "The two sides also exchanged views on the South China Sea, the ministry said.", "2025-09-10",
     ["South China Sea"]),
    # the readout reads on through attributions and "On regional security issues"
    ("Austin met Chinese Defense Minister Wei Fenghe in Singapore on Friday.\n\nThe Chinese army "
     "will safeguard sovereignty over Taiwan, he said.\n\nOn regional security issues, the two "
     "discussed North Korea.\n\nThey also discussed Russia's invasion of Ukraine.", "2022-06-11",
     ["Taiwan", "North Korea", "Ukraine"]),
])
def test_topics_come_from_the_contact_and_its_readout_only(text, published, topics):
    assert extract_events(text, published=published).events[0].topics == topics


def test_a_back_reference_to_the_calls_belongs_to_every_call():
    text = ("Gen. Mark Milley called Gen. Li Zuocheng on Oct. 30, 2020, to reassure him.\n\n"
            "Milley called Li again on Jan. 8, 2021.\n\n"
            "\"These calls remain critical to decreasing the risk of a crisis,\" a spokesman said.")
    events = extract_events(text, published="2021-09-15").events
    assert [e.date for e in events] == ["2020-10-30", "2021-01-08"]
    assert all("Crisis communication" in e.topics for e in events)


def test_a_readout_after_an_older_contact_goes_to_the_news():
    text = ("BEIJING — Adm. Mike Mullen held talks with Gen. Chen Bingde on Monday.\n\n"
            "The visit returned one that Chen made in May, when he held talks with Mullen.\n\n"
            "Mullen said the two militaries needed to build trust to avoid miscalculation.")
    events = extract_events(text, published="2011-07-12").events
    assert [(e.date, set(e.topics)) for e in events] == [
        ("2011-07-11", {"Military relations", "Crisis communication"}), ("2011-05", set())]


@pytest.mark.parametrize("text, topics", [
    ("tensions in the East and South China Seas", {"East China Sea", "South China Sea"}),
    ("patrols near the Xisha and Nansha islands", {"South China Sea"}),
    ("Kim Jong Un's missile launches", {"North Korea"}),
    ("China's 2007 anti-satellite test", {"Space"}),
    ("exchanges between the two militaries", {"Military relations"}),
])
def test_more_ways_to_name_a_topic(text, topics):
    assert {name for name, _ in load_taxonomy().find(text)} == topics


def test_a_readout_goes_on_about_the_people_by_description():
    text = ("Gen. CQ Brown held a video teleconference today with Gen. Liu Zhenli.\n\n"
            "The CJCS discussed the need to avoid miscalculation.\n\n"
            "Gen. Brown also raised the South China Sea.\n\n"
            "Separately, Taiwan held elections.")
    event = extract_events(text, published="2023-12-21").events[0]
    assert event.topics == ["Crisis communication", "South China Sea"]

from app.extract.pipeline import extract_events
from app.extract.topics import load_taxonomy


def test_taxonomy_patterns():
    found = {name for name, _ in load_taxonomy().find(
        "They discussed Taiwan, the South China Sea, Russia's war in Ukraine, North Korea's "
        "nuclear program, COVID-19 and crisis communications.")}
    assert found == {"Taiwan", "South China Sea", "Ukraine", "North Korea", "Nuclear", "COVID-19",
                     "Crisis communication"}


def test_topics_come_from_the_contact_and_its_readout_only():
    text = ("Defense Secretary Lloyd Austin spoke by phone with Chinese Defense Minister Wei Fenghe "
            "on Wednesday. Austin raised concerns about the South China Sea.\n\n"
            "Separately, analysts worry about a nuclear-powered submarine pact and Taiwan.")
    event = extract_events(text, published="2022-04-20").events[0]
    assert event.topics == ["South China Sea"]

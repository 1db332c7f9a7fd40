import json

from app.extract.pipeline import extract_events


def held(result):
    return [e for e in result.events if e.status == "held"]


def test_several_contacts_are_separate_events_and_repeats_are_one():
    text = ("WASHINGTON (AP) - Defense Secretary Lloyd Austin spoke by phone with Chinese Defense "
            "Minister Wei Fenghe on Wednesday. The call lasted about 45 minutes.\n\n"
            "Austin requested the call, a defense official said. In the call, Austin raised Taiwan.\n\n"
            "Austin's predecessor Mark Esper last spoke with Wei on August 6, 2020.")
    result = extract_events(text, published="2022-04-20", publisher="AP")
    events = held(result)
    assert [(e.date, e.medium) for e in events] == [("2022-04-20", "phone_call"),
                                                    ("2020-08-06", "phone_call")]
    main = events[0]
    assert [p.name for p in main.participants] == ["Lloyd Austin", "Wei Fenghe"]
    assert main.duration_minutes == 45 and main.initiated_by == "US"
    assert len(main.evidence) >= 3
    for ev in main.evidence:
        assert text[ev.start:ev.end] == ev.text
    assert "Taiwan" in main.topics
    assert [p.name for p in events[1].participants] == ["Mark Esper", "Wei Fenghe"]


def test_refused_and_planned_contacts_are_never_held():
    text = ("China declined a request from Defense Secretary Lloyd Austin for a phone call with "
            "Chinese Defense Minister Wei Fenghe on Saturday.\n\n"
            "Austin is expected to meet Chinese Defense Minister Dong Jun in Singapore later this "
            "month.")
    result = extract_events(text, published="2023-02-09")
    assert held(result) == []
    assert {e.status for e in result.events} == {"declined", "planned"}


def test_postponed_and_cancelled():
    text = ("Talks between U.S. Defense Secretary Jim Mattis and his Chinese counterpart, Wei "
            "Fenghe, planned for Beijing in October, have been postponed.")
    assert [e.status for e in extract_events(text, published="2018-10-01").events] == ["postponed"]


def test_undated_generic_mentions_are_not_events():
    text = ("Since then, there have been a number of phone and video calls between Secretary of "
            "State Antony Blinken and Chinese Foreign Minister Wang Yi.")
    assert extract_events(text, published="2022-04-20").events == []


def test_an_article_without_contacts_gives_nothing():
    text = ("China's Defense Ministry on Thursday urged the United States to stop provocations in "
            "the Taiwan Strait. A spokesperson said military ties should rest on mutual respect.")
    assert extract_events(text, published="2021-11-25").events == []


def test_location_category_and_channel():
    text = ("SINGAPORE - Chinese Defense Minister Wei Fenghe met US Secretary of Defense Lloyd "
            "Austin on the sidelines of the Shangri-La Dialogue in Singapore on Friday.")
    event = extract_events(text, published="2022-06-11").events[0]
    assert (event.date, event.medium, event.category) == ("2022-06-10", "in_person_meeting",
                                                          "defense")
    assert event.location == "Singapore"
    assert event.channel == "Sidelines of the Shangri-La Dialogue"


def test_leader_and_diplomatic_categories():
    text = ("President Joe Biden held a video call with President Xi Jinping on March 18. "
            "In March 2021, Secretary of State Antony Blinken met Wang Yi in Anchorage, Alaska.")
    events = extract_events(text, published="2022-04-20").events
    assert [(e.date, e.category) for e in events] == [("2022-03-18", "leader"),
                                                      ("2021-03", "diplomatic")]
    assert events[1].date_precision == "month"


def test_delegation_leaders_join_the_talks():
    text = ("U.S. and Chinese military officials held maritime safety talks by video last week.\n"
            "Rear Adm. John Roe, deputy director for operations at Indo-Pacific Command, led the "
            "U.S. delegation. Senior Col. Zhang Sanfeng, deputy director of the PLA Navy's "
            "operations department, led the Chinese side.")
    event = extract_events(text, published="2021-12-22").events[0]
    assert {(p.name, p.side, p.known) for p in event.participants} == {
        ("John Roe", "US", False), ("Zhang Sanfeng", "CN", False)}
    assert (event.date, event.end_date) == ("2021-12-13", "2021-12-19")


def test_without_publication_date_confidence_is_lower():
    text = ("WASHINGTON (AP) - Defense Secretary Lloyd Austin spoke by phone with Chinese Defense "
            "Minister Wei Fenghe on April 20.\nCopyright 2022 The Associated Press.")
    with_date = extract_events(text, published="2022-04-20").events[0]
    without = extract_events(text).events[0]
    assert without.date == "2022-04-20"
    assert without.confidence < with_date.confidence


def test_result_matches_the_contract_shape():
    result = extract_events("Lloyd Austin spoke by phone with Wei Fenghe on Wednesday.",
                            published="2022-04-20", publisher="AP", url="https://example.org/a")
    data = json.loads(result.to_json())
    assert set(data) == {"article", "events"}
    assert set(data["article"]) == {"published", "publisher", "url", "title"}
    assert set(data["events"][0]) == {
        "date", "end_date", "date_precision", "medium", "channel", "status", "category",
        "participants", "topics", "duration_minutes", "initiated_by", "location", "confidence",
        "evidence"}
    assert set(data["events"][0]["participants"][0]) == {"name", "side", "title", "mention",
                                                         "known"}

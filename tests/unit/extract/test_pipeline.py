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


def test_hosting_and_receiving_are_meetings():
    text = ("WASHINGTON (AFP) - US Defense Secretary Chuck Hagel hosted his Chinese counterpart "
            "General Chang Wanquan at the Pentagon on Monday.\n\n"
            "BEIJING, Nov. 3 (Xinhua) -- Fan Changlong, vice chairman of China's Central Military "
            "Commission, received Admiral Harry Harris, commander of the U.S. Pacific Command, in "
            "Beijing on Tuesday.")
    events = held(extract_events(text, published="2015-11-04"))
    assert [(e.medium, [p.name for p in e.participants]) for e in events] == [
        ("in_person_meeting", ["Chuck Hagel", "Chang Wanquan"]),
        ("in_person_meeting", ["Harry Harris", "Fan Changlong"])]


def test_a_contact_that_never_happened_is_no_event():
    text = ("Defense Secretary Lloyd Austin III hadn’t even spoken with his Chinese counterpart, "
            "General Wei Fenghe, since stepping into his role as Pentagon chief in January 2021.")
    assert extract_events(text, published="2022-04-22").events == []


def test_a_follow_up_keeps_the_two_contacts_apart():
    text = ("On Wednesday, April 20, Defense Secretary Lloyd Austin spoke with Chinese Defense "
            "Minister Wei Fenghe.\n\nThe 45-minute discussion was a follow-up to President Joe "
            "Biden's March 18 call with Chinese President Xi Jinping.")
    events = extract_events(text, published="2022-04-22").events
    assert [(e.date, e.duration_minutes, e.initiated_by) for e in events] == [
        ("2022-04-20", 45, "unknown"), ("2022-03-18", None, "unknown")]
    assert [p.name for p in events[1].participants] == ["Joe Biden", "Xi Jinping"]


def test_people_of_the_summit_a_call_follows_are_not_the_call_s():
    text = ("Secretary of Defense Lloyd J. Austin III spoke today with Minister of National "
            "Defense Adm. Dong Jun by video teleconference, noting that the call follows the "
            "November summit between President Biden and President Xi.")
    event = extract_events(text, published="2024-04-16").events[0]
    assert [p.name for p in event.participants] == ["Lloyd Austin", "Dong Jun"]


def test_calls_on_two_dates_are_two_events_with_both_sides():
    text = ("Milley twice made telephone contact with his opposite number in Beijing, Gen. Li "
            "Zuocheng, according to a new book slated for release in September.\n\n"
            "The Post reported on Tuesday that Milley's calls—first in October 2020 and again this "
            "January—were made to assure China's military leaders.")
    events = held(extract_events(text, published="2021-09-16"))
    assert [(e.date, e.medium) for e in events] == [("2020-10", "phone_call"),
                                                    ("2021-01", "phone_call")]
    assert all([p.name for p in e.participants] == ["Mark Milley", "Li Zuocheng"] for e in events)


def test_earlier_in_the_day_is_the_day_reported_before():
    text = ("BEIJING, Nov. 3 (Xinhua) -- Fan Changlong received Admiral Harry Harris in Beijing on "
            "Tuesday.\n\nFan urged restraint.\n\nEarlier in the day, Fang Fenghui, chief of the "
            "General Staff, held talks with Harris.")
    events = held(extract_events(text, published="2015-11-04"))
    assert [(e.date, e.participants[-1].name) for e in events] == [
        ("2015-11-03", "Fan Changlong"), ("2015-11-03", "Fang Fenghui")]


def test_a_planned_meeting_on_a_weekday_is_dated_ahead():
    text = ("Acting Defense Secretary Patrick Shanahan is expected to meet Chinese Defense "
            "Minister Wei Fenghe on Friday in Singapore, a U.S. official said on Wednesday.")
    event = extract_events(text, published="2019-05-29").events[0]
    assert (event.status, event.date) == ("planned", "2019-05-31")


def test_a_video_call_over_the_hotline_keeps_medium_and_channel_apart():
    text = ("Austin held a video call with Chinese Defense Minister Dong Jun over the Defense "
            "Telephone Link on Tuesday at the request of the US side.")
    event = extract_events(text, published="2024-04-17").events[0]
    assert (event.medium, event.channel, event.initiated_by) == (
        "video_conference", "Defense Telephone Link", "US")


def test_location_leaves_the_date_out():
    text = ("Secretary of Defense Lloyd J. Austin III meets with Chinese Defense Minister Gen. Wei "
            "Fenghe at the Shangri-La Dialogue in Singapore, June 10, 2022.")
    assert extract_events(text, published="2022-06-10").events[0].location == "Singapore"


def test_a_host_s_guests_may_carry_appositive_titles():
    text = ("WASHINGTON, June 21 (Reuters) - Secretary of State Rex Tillerson and Defense Secretary "
            "Jim Mattis hosted China's top diplomat, State Councilor Yang Jiechi, and Gen. Fang "
            "Fenghui on Wednesday for the inaugural U.S.-China Diplomatic and Security Dialogue.")
    event = extract_events(text, published="2017-06-21").events[0]
    assert {p.name for p in event.participants} == {"Rex Tillerson", "James Mattis",
                                                    "Yang Jiechi", "Fang Fenghui"}
    assert (event.date, event.channel) == ("2017-06-21", "Diplomatic and Security Dialogue")


def test_since_they_met_is_an_earlier_contact_of_the_same_people():
    text = ("Wang Yi and US National Security Adviser Jake Sullivan held talks in Bangkok on "
            "Friday and Saturday, their first meeting since they met in Malta in September.")
    events = extract_events(text, published="2024-01-28").events
    assert [(e.date, e.end_date, [p.name for p in e.participants]) for e in events] == [
        ("2024-01-26", "2024-01-27", ["Jake Sullivan", "Wang Yi"]),
        ("2023-09", None, ["Jake Sullivan", "Wang Yi"])]


def test_a_question_and_its_answer_are_one_contact():
    text = ("Question: The Chinese and US navy chiefs reportedly held a video call last week.\n\n"
            "Wu Qian: Admiral Wu Shengli held a video call with Admiral John Richardson at the "
            "request of the US side. The two sides agreed to abide by the Code for Unplanned "
            "Encounters at Sea.")
    events = extract_events(text, published="2016-01-28").events
    assert len(events) == 1
    assert [p.name for p in events[0].participants] == ["John Richardson", "Wu Shengli"]
    assert (events[0].date, events[0].end_date) == ("2016-01-18", "2016-01-24")
    assert "Maritime safety" in events[0].topics


def test_a_suspension_the_talks_follow_is_not_their_status():
    text = ("U.S. and Chinese defense officials held a day of talks at the Pentagon on Friday, the "
            "first such talks since China suspended military contacts in January.\n\n"
            "Undersecretary of Defense for Policy Michele Flournoy and Gen. Ma Xiaotian led the two "
            "delegations.\n\nFlournoy said the talks covered North Korea.")
    event = extract_events(text, published="2010-12-11").events[0]
    assert (event.status, event.date) == ("held", "2010-12-10")
    assert [p.name for p in event.participants] == ["Michele Flournoy", "Ma Xiaotian"]
    assert event.topics == ["North Korea"]


def test_a_trip_that_had_been_due_is_not_held():
    text = ("US Defense Secretary Robert Gates had been due to stop in Beijing this week, but "
            "China said the timing was not convenient. Gates was supposed to hold talks with "
            "Defense Minister Liang Guanglie.")
    assert held(extract_events(text, published="2010-06-04")) == []


def test_met_one_evening_and_again_the_next_morning_is_one_meeting():
    text = ("WASHINGTON — President Obama and President Hu Jintao of China met Tuesday evening and "
            "again Wednesday morning.")
    event = extract_events(text, published="2011-01-20").events[0]
    assert (event.date, event.end_date) == ("2011-01-18", "2011-01-19")


def test_signing_together_is_meeting_and_the_two_men_are_the_pair_just_named():
    text = ("BEIJING — Gen. Joseph Dunford and Gen. Fang Fenghi, chief of the Joint Staff "
            "Department, signed an agreement on Tuesday.\n\nThe two men last met in Washington in "
            "June.")
    events = held(extract_events(text, published="2017-08-17"))
    assert [(e.date, [p.name for p in e.participants]) for e in events] == [
        ("2017-08-15", ["Joseph Dunford", "Fang Fenghui"]),
        ("2017-06", ["Joseph Dunford", "Fang Fenghui"])]

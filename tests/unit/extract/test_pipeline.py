import json

import pytest

from app.extract import media
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


def contacts(text: str, published: str, status: str = "held"):
    return [(e.date, e.medium, [p.name for p in e.participants])
            for e in extract_events(text, published=published).events if e.status == status]


@pytest.mark.parametrize("text, published, expected", [
    # a nameless lede takes the names of the readout after it
    ("The top American and Chinese generals held a video call on Tuesday, officials said. "
     "Gen. Mark Milley and Gen. Li Zuocheng reviewed ways to avoid miscalculation.", "2022-07-08",
     ("2022-07-05", "video_conference", ["Mark Milley", "Li Zuocheng"])),
    # two people who spoke, without "with"
    ("Wei Fenghe and Mark Esper talked on Tuesday, the Chinese defence ministry said.",
     "2020-03-04", ("2020-03-03", "phone_call", ["Mark Esper", "Wei Fenghe"])),
    # a nameless pair of countries takes the delegation heads named next
    ("China and the United States held the sixth round of their defense consultations in "
     "Beijing on Tuesday.\n\nXiong Guangkai, deputy chief of the General Staff, and Douglas "
     "Feith, US under secretary of defense for policy, attended the consultations.", "2004-02-11",
     ("2004-02-10", "in_person_meeting", ["Douglas Feith", "Xiong Guangkai"])),
    # a status in a relative clause describes its person, not the contact
    ("Vice President Xi Jinping, who is expected to become leader later this year, met "
     "President Obama on Tuesday.", "2012-02-15",
     ("2012-02-14", "in_person_meeting", ["Barack Obama", "Xi Jinping"])),
    # a pair that agreed on a future visit met all the same, and the visitor is no participant
    ("Robert Gates and General Xu Caihou agreed Tuesday to expand exchanges.\n\n"
     "The two agreed that Gates would travel to China next year, and that Admiral Mike "
     "Mullen would also visit.", "2009-10-28",
     ("2009-10-27", "in_person_meeting", ["Robert Gates", "Xu Caihou"])),
    # someone who joined the call is a participant
    ("Defense Secretary Lloyd Austin held a video call on Tuesday with Chinese Defense "
     "Minister Dong Jun.\n\nEly Ratner, the assistant secretary of defense, joined the call.",
     "2024-04-17", ("2024-04-16", "video_conference", ["Lloyd Austin", "Ely Ratner", "Dong Jun"])),
])
def test_one_contact_of_each_class(text, published, expected):
    assert contacts(text, published) == [expected]


@pytest.mark.parametrize("text, published, expected", [
    ("Sullivan met Xi Jinping on Thursday. He held talks on Tuesday with Foreign Minister Wang Yi.",
     "2024-08-30", [("2024-08-29", ["Jake Sullivan", "Xi Jinping"]),
                    ("2024-08-27", ["Jake Sullivan", "Wang Yi"])]),
    ("Gen. Chen Bingde arrived on Sunday. Adm. Mike Mullen hosted him at the Pentagon on Monday.",
     "2011-05-17", [("2011-05-16", ["Mike Mullen", "Chen Bingde"])]),
    ("Donald Rumsfeld landed in Beijing on Tuesday. On Wednesday he was received by President Hu "
     "Jintao.", "2005-10-20", [("2005-10-19", ["Donald Rumsfeld", "Hu Jintao"])]),
])
def test_pronouns_stand_for_the_person_named_before(text, published, expected):
    assert [(d, names) for d, _, names in contacts(text, published)] == expected


def test_a_joint_act_with_a_date_is_a_contact_and_its_readout_joins_it():
    text = ("Defense Minister Liang Guanglie and visiting US Defense Secretary Robert Gates agreed "
            "yesterday to improve communication. Liang told Gates that arms sales to Taiwan were "
            "the main obstacle. Gates is scheduled to meet President Hu Jintao today.")
    events = extract_events(text, published="2011-01-11").events
    held_events = [e for e in events if e.status == "held"]
    assert [(e.date, [p.name for p in e.participants]) for e in held_events] == [
        ("2011-01-10", ["Robert Gates", "Liang Guanglie"])]
    assert held_events[0].topics == ["Taiwan"] and len(held_events[0].evidence) == 2
    assert [e.status for e in events if e is not held_events[0]] == ["planned"]


@pytest.mark.parametrize("text", [
    "Austin told reporters Wei had agreed to nothing.",  # the object is not a person
    "The hotline between the two ministries was agreed in February.",  # passive
    "Austin said Wei agreed on Friday to attend.",  # 'said' separates them
])
def test_what_is_not_a_joint_act(text):
    assert contacts(text, "2022-06-11") == []


def test_two_contacts_in_one_phrase_keep_their_own_dates_and_people():
    text = ("The talks follow a video call between Defense Secretary Lloyd Austin and Chinese "
            "Defense Minister Dong Jun in mid-April, and an hour-long meeting between the two in "
            "Singapore on Friday.")
    assert sorted(contacts(text, "2024-06-05")) == [
        ("2024-04", "video_conference", ["Lloyd Austin", "Dong Jun"]),
        ("2024-05-31", "in_person_meeting", ["Lloyd Austin", "Dong Jun"])]


@pytest.mark.parametrize("text, published", [
    # "no plans to attack" is not a planned contact: the call stays held
    ("Gen. Mark Milley called Gen. Li Zuocheng on Friday to tell him the U.S. had no plans to "
     "attack China.", "2020-10-31"),
])
def test_no_plans_is_not_a_plan(text, published):
    assert contacts(text, published) == [("2020-10-30", "phone_call",
                                          ["Mark Milley", "Li Zuocheng"])]


@pytest.mark.parametrize("text, published", [
    ("US and Chinese officers held dozens of calls and video conferences in 2021, an official "
     "said.", "2022-09-01"),
    ("The two militaries held a series of video calls this year.", "2023-12-28"),
    ("The new commander hopes to speak with his Chinese counterpart Gen. Wu Yanan soon, "
     "said Adm. Samuel Paparo.", "2024-06-01"),
    ("The two sides have agreed to hold the maritime consultative meeting later this year.",
     "2024-09-26"),
    ("Analysts said a meeting between the two presidents could follow later in the year.",
     "2023-05-25"),
])
def test_generic_hoped_for_and_agreed_contacts_are_not_held(text, published):
    assert contacts(text, published) == []


def test_another_meeting_the_same_day_keeps_its_own_topics():
    text = ("Secretary of State Antony Blinken met Friday with one of China's top generals, a rare "
            "meeting. Blinken sat down with Gen. Zhang Youxia, who raised Taiwan. "
            "Blinken also met Chinese leader Xi Jinping later Friday.")
    events = {e.participants[1].name: e for e in extract_events(text,
                                                               published="2024-04-27").events}
    assert set(events) == {"Zhang Youxia", "Xi Jinping"}
    assert events["Zhang Youxia"].topics == ["Taiwan"] and events["Xi Jinping"].topics == []
    assert len(events["Zhang Youxia"].evidence) == 2


@pytest.mark.parametrize("text, published, expected", [
    ("Ma Xiaotian conferred with visiting U.S. Under Secretary of Defense Michele Flournoy here "
     "Wednesday.", "2011-12-08", ("2011-12-07", ["Michele Flournoy", "Ma Xiaotian"])),
    ("Lt. Gen. Qi Jianguo called on Deputy Secretary of Defense Ashton Carter on Dec. 12.",
     "2012-12-13", ("2012-12-12", ["Ashton Carter", "Qi Jianguo"])),
    ("Gen. Chen Bingde was received by Defense Secretary Robert Gates on Monday.", "2011-05-17",
     ("2011-05-16", ["Robert Gates", "Chen Bingde"])),
    ("Robert Gates held a 45-minute session with Lt. Gen. Zhang Qinsheng on Saturday.", "2007-06-03",
     ("2007-06-02", ["Robert Gates", "Zhang Qinsheng"])),
])
def test_more_ways_to_say_two_people_met(text, published, expected):
    assert [(d, names) for d, _, names in contacts(text, published)] == [expected]


def test_calling_on_someone_to_act_is_not_a_visit():
    text = "In the call on Friday, Esper called on Wei Fenghe to stop coercing Taiwan."
    assert [m for _, m, _ in contacts(text, "2020-08-08")] == ["phone_call"]


def test_a_courtesy_call_during_the_visit_takes_the_visits_day():
    text = ("BEIJING, Dec. 7 (Xinhua) -- Ma Xiaotian held talks with U.S. Under Secretary of "
            "Defense Michele Flournoy here Wednesday.\n\nMa raised Taiwan.\n\nThe two sides also "
            "discussed piracy.\n\nFlournoy also paid a courtesy call on Defense Minister Liang "
            "Guanglie during her visit.")
    assert [(d, names) for d, _, names in contacts(text, "2011-12-08")] == [
        ("2011-12-07", ["Michele Flournoy", "Ma Xiaotian"]),
        ("2011-12-07", ["Michele Flournoy", "Liang Guanglie"])]


def test_a_readout_reads_on_past_a_quoted_tweet():
    text = ("Gen. Mark Milley held a video call Thursday with Gen. Li Zuocheng.\n"
            "\"Today I spoke with General Li.\n"
            "Open lines of communication are vital to preventing miscalculation.\"\n"
            "— Joint Staff (@TheJointStaff) July 7, 2022\n"
            "A readout from Beijing said Li raised Taiwan.")
    event = extract_events(text, published="2022-07-08").events[0]
    assert event.topics == ["Crisis communication", "Taiwan"]


@pytest.mark.parametrize("text, published, expected", [
    ("Fang Fenghui held talks with Joseph Dunford in Beijing on Tuesday.\n\nLater, Dunford was "
     "received by Fan Changlong, vice-chairman of the Central Military Commission.", "2017-08-16",
     [("2017-08-15", ["Joseph Dunford", "Fang Fenghui"]),
      ("2017-08-15", ["Joseph Dunford", "Fan Changlong"])]),
    ("Gen. Richard Myers spent more than two hours with General Liang Guanglie on Wednesday.\n\n"
     "\"We had a frank exchange,\" Myers said.\n\nHe was later received by Defence Minister Cao "
     "Gangchuan.", "2004-01-15", [("2004-01-14", ["Richard Myers", "Liang Guanglie"]),
                                  ("2004-01-14", ["Richard Myers", "Cao Gangchuan"])]),
])
def test_a_later_contact_on_the_same_trip_takes_the_trips_day(text, published, expected):
    assert [(d, names) for d, _, names in contacts(text, published)] == expected


@pytest.mark.parametrize("text, published, expected", [
    # the date of a relative clause is not the contact's
    ("Gen. Fan Changlong spent Thursday at the Pentagon. He was received by Gen. Raymond Odierno, "
     "who had toured PLA units during a visit to China in February 2014.", "2015-06-12",
     "2015-06-11"),
    ("Mr. Biden, who knows Mr. Xi better than any other American official, including from a trip "
     "to China last August, hosted a lunch for Vice President Xi Jinping on Tuesday.",
     "2012-02-15", "2012-02-14"),
    # the date of what a joint act discussed is not the act's
    ("Robert Gates and Lt. Gen. Zhang Qinsheng met on Saturday. The two discussed China's "
     "anti-satellite test in January.", "2007-06-03", "2007-06-02"),
])
def test_dates_of_clauses_about_something_else(text, published, expected):
    assert [d for d, _, _ in contacts(text, published)] == [expected]


@pytest.mark.parametrize("text, published", [
    ("Antony Blinken held separate meetings on Monday with Wang Yi, China's top diplomat, and "
     "President Xi Jinping.", "2023-06-20"),
    ("Vice President Xi Jinping spent Monday in a round of meetings with President Barack Obama "
     "and Secretary of State Antony Blinken.", "2023-06-20"),
])
def test_separate_meetings_with_each_person_listed(text, published):
    events = contacts(text, published)
    assert len(events) == 2 and all(len(names) == 2 for _, _, names in events)
    assert {d for d, _, _ in events} == {"2023-06-19"}


def test_since_a_month_when_they_met_dates_that_meeting():
    text = ("The meeting on Tuesday was the first between Lloyd Austin and Wei Fenghe since June, "
            "when they met in Singapore.")
    assert sorted(d for d, _, _ in contacts(text, "2022-11-23")) == ["2022-06", "2022-11-22"]


@pytest.mark.parametrize("text", [
    "Dong Jun skipped a planned session with Lloyd Austin on Wednesday, dashing hopes of a "
    "meeting on the sidelines.",
    "Robert Gates and Lt. Gen. Zhang Qinsheng agreed to speed up work on a direct telephone line.",
])
def test_skipped_hoped_for_and_hotline_work_are_no_held_contact(text):
    assert [m for _, m, _ in contacts(text, "2024-11-21")] in ([], ["in_person_meeting"])
    assert "phone_call" not in [m for _, m, _ in contacts(text, "2024-11-21")]
    if "skipped" in text:
        assert contacts(text, "2024-11-21") == []


def test_titles_with_dots_do_not_split_a_pair_and_attending_joins_the_dialogue():
    text = ("China and the United States held the second round of their dialogue here on Friday.\n\n"
            "Wei Fenghe attended the dialogue together with Secretary of State Mike Pompeo.\n\n"
            "Dr. Miller and Lt. Gen. Qi Jianguo addressed North Korea.")
    event = extract_events(text, published="2018-11-10").events[0]
    assert [p.name for p in event.participants] == ["Mike Pompeo", "Wei Fenghe"]
    assert len(event.evidence) == 2
    text = ("Dr. James Miller hosted Lt. Gen. Qi Jianguo at the Pentagon today.\n\nDuring the "
            "talks, Dr. Miller and Lt. Gen. Qi addressed North Korea.")
    event = extract_events(text, published="2012-12-12").events[0]
    assert event.topics == ["North Korea"] and len(event.evidence) == 2


def test_last_november_written_in_november_is_a_year_ago():
    text = ("Joe Biden and Xi Jinping agreed Wednesday to resume military talks. It was their first "
            "meeting since the two met in Bali last November.")
    assert sorted(d for d, _, _ in contacts(text, "2023-11-16")) == ["2022-11", "2023-11-15"]


def test_a_quantifier_far_from_the_noun_does_not_make_a_contact_generic():
    text = ("Chuck Hagel and Chang Wanquan traded sharp words on Tuesday, standing a few feet apart "
            "after the two men's talks.")
    events = extract_events(text, published="2014-04-09").events
    assert [(e.date, len(e.evidence)) for e in events] == [("2014-04-08", 1)]
    assert media_generic("They held a few calls.") and not media_generic(
        "standing a few feet apart after the two men's talks")


def media_generic(text: str) -> bool:
    return all(t.generic for t in media.find_triggers(text, 0, len(text)))


def test_talks_with_one_and_separately_with_another_are_two_meetings():
    text = ("Adm. Scott Swift held talks on Wednesday with Gen. Fang Fenghui and separately with "
            "Adm. Wu Shengli.")
    assert sorted(names[1] for _, _, names in contacts(text, "2016-01-21")) == [
        "Fang Fenghui", "Wu Shengli"]


def test_days_of_talks_and_a_team_led_by_someone():
    text = ("U.S. and Chinese naval officers wrapped up two days of talks in Qingdao on Thursday. "
            "The U.S. team, led by Rear Admiral Ann Stillwell-Moore, discussed safety at sea.")
    (event,) = extract_events(text, published="2016-01-22").events
    # two days that were over on Thursday: Wednesday and Thursday
    assert (event.date, event.end_date) == ("2016-01-20", "2016-01-21")
    assert [p.name for p in event.participants] == [
        "Ann Stillwell-Moore"]


@pytest.mark.parametrize("text, published, expected", [
    # a verb's object with a long title belongs to that verb, not to a nearer noun
    ("The call follows Jake Sullivan's Aug. 27-29 trip to Beijing, during which he met Central "
     "Military Commission Vice Chairman Gen. Zhang Youxia and agreed to schedule a call between "
     "theater commanders.", "2024-09-10",
     [("2024-08-27", "in_person_meeting", ["Jake Sullivan", "Zhang Youxia"])]),
    # two acts joined by "and": two contacts on the same day
    ("Jim Mattis visited Beijing in June, when he was received by President Xi Jinping and held "
     "talks with Wei Fenghe.", "2018-09-30",
     [("2018-06", "in_person_meeting", ["James Mattis", "Xi Jinping"]),
      ("2018-06", "in_person_meeting", ["James Mattis", "Wei Fenghe"])]),
    # "a day after" dates the second contact from the first
    ("Pete Hegseth sat down with Dong Jun on Friday, a day after Donald Trump and Xi Jinping met "
     "in Busan.", "2025-11-01",
     [("2025-10-31", "in_person_meeting", ["Pete Hegseth", "Dong Jun"]),
      ("2025-10-30", "in_person_meeting", ["Donald Trump", "Xi Jinping"])]),
    # "a year ago" is about that month
    ("Joe Biden and Xi Jinping last met a year ago in Bali.", "2023-11-01",
     [("2022-11", "in_person_meeting", ["Joe Biden", "Xi Jinping"])]),
    # a nameless contact takes the names of a pair that acts in the next sentence
    ("The top officers of the U.S. and Chinese navies held a video call Wednesday.\n\n"
     "Adm. Lisa Franchetti and Adm. Hu Zhongming discussed operating safely at sea.", "2025-01-10",
     [("2025-01-08", "video_conference", ["Lisa Franchetti", "Hu Zhongming"])]),
])
def test_fifth_round_contacts(text, published, expected):
    assert contacts(text, published) == expected


def test_an_undated_refusal_does_not_undo_a_held_contact():
    text = ("A planned meeting next month between Jim Mattis and Wei Fenghe has been scrapped, "
            "officials said Sunday. Officials said the Chinese declined to make Wei available for "
            "the talks.\n\nMattis held talks with Wei in June in Beijing.")
    assert contacts(text, "2018-09-30") == [("2018-06", "in_person_meeting",
                                             ["James Mattis", "Wei Fenghe"])]
    assert [e.date for e in extract_events(text, published="2018-09-30").events
            if e.status == "cancelled"] == ["2018-10"]


def test_a_lede_dated_the_same_day_gives_the_contact_its_topics():
    text = ("BEIJING (AP) — The top U.S. military officer urged China on Monday to do more to rein "
            "in North Korea, as he began a four-day visit.\n\nGen. Martin Dempsey held talks with "
            "Gen. Fang Fenghui.")
    [event] = extract_events(text, published="2013-04-23").events
    assert event.date == "2013-04-22" and "North Korea" in event.topics


def test_a_readout_goes_on_past_another_contact_for_its_own_people():
    text = ("Robert Gates and Liang Guanglie spent more than three hours together on Monday.\n\n"
            "Mr. Gates then huddled with Xu Caihou on Tuesday morning.\n\n"
            "Mr. Liang said the two militaries should respect each other's interests on Taiwan.")
    events = {e.date: e.topics for e in extract_events(text, published="2011-01-11").events}
    assert "Taiwan" in events["2011-01-10"] and "Taiwan" not in events["2011-01-11"]


@pytest.mark.parametrize("text, published, expected", [
    # "A day earlier" dates a contact from the one reported before it
    ("Fang Fenghui met visiting Gen. Mark Milley in Beijing on Tuesday.\n\nA day earlier, "
     "General Li Zuocheng, commander of the PLA Army, held talks with Milley.", "2016-08-17",
     [("2016-08-16", "in_person_meeting", ["Mark Milley", "Fang Fenghui"]),
      ("2016-08-15", "in_person_meeting", ["Mark Milley", "Li Zuocheng"])]),
    # "traded remarks Monday" dates the contact (not a reporting date like "in remarks Monday")
    ("The top U.S. military officer and his Chinese counterpart traded pointed remarks Monday.\n\n"
     "Adm. Mike Mullen spent the morning closeted with Gen. Chen Bingde.", "2011-07-11",
     [("2011-07-11", "in_person_meeting", ["Mike Mullen", "Chen Bingde"])]),
    # a joint act belongs with the contact that has both its people
    ("Donald Trump held a telephone conversation with Xi Jinping on Thursday. In December Trump "
     "took a call from Taiwan's president, Tsai Ing-wen. Xi told Trump that the one China "
     "principle was the foundation of relations.", "2017-02-10",
     [("2017-02-09", "phone_call", ["Donald Trump", "Xi Jinping"])]),
])
def test_looked_at_fifth_and_sixth_holdouts(text, published, expected):
    assert contacts(text, published) == expected


def test_a_group_does_not_stand_for_people_a_negation_names():
    text = ("Military officials from the United States and China held talks in Shanghai on "
            "Wednesday.\n\nDefense Secretary Pete Hegseth has yet to speak with his Chinese "
            "counterpart, Dong Jun.")
    [event] = extract_events(text, published="2025-04-04").events
    assert event.participants == []


def test_planned_to_meet_and_invitations():
    text = ("Mike Mullen is to meet Vice President Xi Jinping on Tuesday. Donald Trump and Xi "
            "Jinping extended invitations to meet in their countries.")
    assert contacts(text, "2011-07-11") == []


def test_talks_co_chaired_by_two_officials_with_long_titles_are_between_them():
    text = ("The two militaries held the 17th round of defense policy coordination talks in "
            "Washington on January 8 and 9, co-chaired by Maj. Gen. Song Yanchao, deputy director of "
            "the Office for International Military Cooperation of the Central Military Commission, "
            "and US Deputy Assistant Secretary of Defense for China Michael Chase.")
    [event] = extract_events(text, published="2024-01-28").events
    assert (event.date, event.end_date) == ("2024-01-08", "2024-01-09")
    assert [p.name for p in event.participants] == ["Michael Chase", "Song Yanchao"]


def test_a_round_of_strategic_communication_is_a_meeting():
    text = ("Wang Yi held a new round of strategic communication with US National Security Advisor "
            "Jake Sullivan in Bangkok from Friday to Saturday.")
    [event] = extract_events(text, published="2024-01-28").events
    assert (event.medium, event.date, event.end_date) == ("in_person_meeting", "2024-01-26",
                                                          "2024-01-27")


def test_what_a_when_clause_plans_is_not_the_status_of_the_meeting_before_it():
    text = ("It was the highest-level military dialogue since President Xi Jinping and President "
            "Joe Biden met in Woodside, California, last November, when the two heads of state "
            "agreed to resume high-level military communication.")
    [event] = extract_events(text, published="2024-04-17").events
    assert (event.status, event.date, event.medium) == ("held", "2023-11", "in_person_meeting")


@pytest.mark.parametrize("sentence, medium", [
    ("Hagel spoke with General Chang Wanquan for more than two hours at the Bayi Building on "
     "Tuesday.", "in_person_meeting"),
    ("Hagel talked with General Chang Wanquan about tensions in the South China Sea on Tuesday.",
     "phone_call"),
])
def test_talking_with_someone_at_a_place_is_meeting_them(sentence, medium):
    [event] = extract_events(sentence, published="2014-04-09").events
    assert event.medium == medium


def test_a_since_date_closing_with_a_passive_visit_is_that_visits_date():
    text = ("Chang is the first Chinese defense minister to visit the Pentagon since May 2012, when "
            "his predecessor, Liang Guanglie, was hosted by then-Defense Secretary Leon Panetta.")
    [event] = held(extract_events(text, published="2013-08-19"))
    assert event.date == "2012-05"
    assert [p.name for p in event.participants] == ["Leon Panetta", "Liang Guanglie"]


def test_an_undated_held_contact_does_not_borrow_a_future_date_from_the_sentence_before():
    text = ("Hagel said he had accepted Chang's invitation to visit China next year.\n\n"
            "Defense Secretary Leon Panetta hosted Gen. Liang Guanglie at the Pentagon.")
    assert all(e.date <= "2013-08-19" for e in held(extract_events(text, published="2013-08-19")))


@pytest.mark.parametrize("text, published, expected", [
    # "by video conference" is one trigger, and "a call" after it the same contact
    ("Defense Secretary Lloyd Austin met Adm. Dong Jun, China's defense minister, on Friday. They "
     "spoke by video conference in April, a call that ended a 17-month gap.", "2024-05-31",
     [("2024-05-31", "in_person_meeting"), ("2024-04", "video_conference")]),
    # each month of a listed pair of calls is a call, despite a coarser date around them
    ("Gen. Mark Milley drew scrutiny last year after it emerged that he had twice called Gen. Li "
     "Zuocheng in October 2020 and January 2021 to reassure Beijing.", "2022-07-07",
     [("2020-10", "phone_call"), ("2021-01", "phone_call")]),
])
def test_the_days_and_media_of_the_fifth_rounds_contacts(text, published, expected):
    events = held(extract_events(text, published=published))
    assert [(e.date, e.medium) for e in events] == expected


def test_meeting_with_one_and_with_another_is_two_meetings():
    text = ("When Defense Secretary Jim Mattis visited Beijing in June, he met with General Wei "
            "Fenghe and with President Xi Jinping.")
    events = held(extract_events(text, published="2018-09-30"))
    assert sorted(p.name for e in events for p in e.participants if p.side == "CN") == [
        "Wei Fenghe", "Xi Jinping"]
    assert all(e.date == "2018-06" and len(e.participants) == 2 for e in events)


def test_a_meeting_coordinated_inside_a_relative_clause_keeps_its_date_and_status():
    text = ("China canceled a visit by its navy commander, Vice Adm. Shen Jinlong, who had been due "
            "in September to attend a naval conference in Newport, R.I., and to meet Adm. John "
            "Richardson, the chief of naval operations.")
    [event] = extract_events(text, published="2018-09-30").events
    assert (event.status, event.date) == ("planned", "2018-09")


def test_a_habit_of_meeting_is_not_a_meeting_in_the_year_a_mechanism_was_signed():
    text = ("The MMCA, signed in 1998, is one of the oldest U.S.-China military mechanisms, and its "
            "working groups have met, with interruptions, most years since.")
    assert held(extract_events(text, published="2024-04-05")) == []


def test_delegations_of_the_two_militaries_and_a_meeting_which_opened_and_wrapped_up():
    text = ("Delegations from the U.S. Indo-Pacific Command and the People's Liberation Army Navy "
            "met in Honolulu this week. The two-day meeting, which opened two days ago and wrapped "
            "up Thursday, focused on operational safety at sea.")
    [event] = held(extract_events(text, published="2024-04-05"))
    assert (event.date, event.end_date) == ("2024-04-03", "2024-04-04")


def test_days_of_talks_wrapped_up_on_a_day_end_on_it():
    text = ("U.S. President Barack Obama and Chinese President Xi Jinping wrapped up two days of "
            "talks here on Wednesday with a pair of military agreements.")
    [event] = held(extract_events(text, published="2014-11-13"))
    assert (event.date, event.end_date) == ("2014-11-11", "2014-11-12")


def test_a_possessive_date_dates_its_noun_not_the_talks():
    text = ("President Barack Obama and President Xi Jinping met in Beijing on Wednesday. The two "
            "leaders also discussed Taiwan and last month's protests in Hong Kong.")
    events = held(extract_events(text, published="2014-11-13"))
    assert [e.date for e in events] == ["2014-11-12"] and "Taiwan" in events[0].topics


SIEM_REAP = ("Chinese Defense Minister Wei Fenghe met US Secretary of Defense Lloyd Austin in Siem "
             "Reap on Tuesday.")


@pytest.mark.parametrize("text, published, expected", [
    # a third country's minister is nobody's side
    (SIEM_REAP + " On the same day, Wei also met with Japanese Defense Minister Yasukazu Hamada.",
     "2022-11-23", [("2022-11-22", ["Lloyd Austin", "Wei Fenghe"])]),
    # the pair whose meeting a speaker recalls is the article's only leaders
    (SIEM_REAP + "\n\nWei said the two militaries should implement the consensus reached by the "
     "two heads of state during their meeting in Bali on November 14.\n\nWei told Austin that "
     "Taiwan is a red line.\n\nThe US side said Austin raised crisis communications.\n\nThe "
     "Chinese side said the talks were candid.\n\nIn Bali, President Xi Jinping had also told US "
     "President Joe Biden the same.", "2022-11-23",
     [("2022-11-22", ["Lloyd Austin", "Wei Fenghe"]), ("2022-11-14", ["Joe Biden", "Xi Jinping"])]),
    # the visit in a when-clause dates what the pair agreed
    ("US Defense Secretary Robert Gates spoke with Liang Guanglie on Thursday. Gates and then "
     "defence minister Cao Gangchuan agreed to set up the secure line, the first of its kind, when "
     "the Pentagon chief visited Beijing last November.", "2008-04-10",
     [("2008-04-10", ["Robert Gates", "Liang Guanglie"]),
      ("2007-11", ["Robert Gates", "Cao Gangchuan"])]),
    # getting to know each other during a visit is a meeting on the visit's date
    ("Vice-President Xi Jinping held talks yesterday with Vice-President Joe Biden, who is hosting "
     "him. The two vice-presidents first got to know each other during Biden's visit to China last "
     "August.", "2012-02-15",
     [("2012-02-14", ["Joe Biden", "Xi Jinping"]), ("2011-08", ["Joe Biden", "Xi Jinping"])]),
    # sixth round (h141-h160)
    # a timeline: each item's date is its heading's, and does not leak past the last item
    ("A look back at earlier meetings.\n\nMarch 2016, Washington. Ash Carter hosted Fan Changlong "
     "at the Pentagon.\n\nJuly 2017, Beijing. Joseph Dunford held talks with Fang Fenghui and was "
     "received by President Xi Jinping.\n\nBeyond these encounters, Carter and Fan spoke by phone "
     "on several occasions.", "2019-06-03",
     [("2016-03", ["Ashton Carter", "Fan Changlong"]), ("2017-07", ["Joseph Dunford", "Fang Fenghui"]),
      ("2017-07", ["Joseph Dunford", "Xi Jinping"])]),
    # an aside between dashes has its own people and dates
    ("Mr Hegseth - who calls himself secretary of war after President Donald Trump renamed the "
     "Pentagon in September - met Adm Dong Jun in Kuala Lumpur on Friday.", "2025-11-01",
     [("2025-10-31", ["Pete Hegseth", "Dong Jun"])]),
    # a pair is two counterparts: the defence minister named before, not the president after
    ("Q: Will Secretary of Defense Lloyd Austin meet Admiral Dong Jun in Laos?\n\nA: We have asked "
     "for a meeting. It is important to keep lines open, the secretary has said.\n\nQ: When did "
     "they last talk?\n\nA: They met at the Shangri-La Dialogue at the end of May.\n\nQ: President "
     "Biden is seeing Xi Jinping in Lima on Saturday.", "2024-11-14",
     [("2024-05", ["Lloyd Austin", "Dong Jun"])]),
    # "the meeting came a day after ...": a day before the meeting just reported
    ("Pete Hegseth met Adm Dong Jun in Kuala Lumpur on Friday. The meeting came a day after Mr "
     "Trump and Chinese President Xi Jinping held talks in Busan.", "2025-11-01",
     [("2025-10-31", ["Pete Hegseth", "Dong Jun"]), ("2025-10-30", ["Donald Trump", "Xi Jinping"])]),
    # "X's visit came four days after ...": four days before X's meeting, not X's older call
    ("Gen. Joseph Dunford met Gen. Fang Fenghui in Beijing on Tuesday. The two generals last spoke "
     "by telephone in February. Dunford's visit came four days after Mr. Trump and President Xi "
     "Jinping spoke by phone.", "2017-08-15",
     [("2017-08-15", ["Joseph Dunford", "Fang Fenghui"]), ("2017-02", ["Joseph Dunford", "Fang Fenghui"]),
      ("2017-08-11", ["Donald Trump", "Xi Jinping"])]),
    # the day inside a coarser date of the same contact
    ("The call followed last month's meeting between President Joe Biden and Xi Jinping at an "
     "estate in Woodside, Calif., on Nov. 15.", "2023-12-22",
     [("2023-11-15", ["Joe Biden", "Xi Jinping"])]),
    # a date opening a sentence is not in the relative clause that closed the sentence before
    ("Adm. Harry Harris held talks with Gen. Fang Fenghui in Beijing on Tuesday. The trip went "
     "ahead despite the spat, which Chinese media covered.\n\nLast Thursday, Adm. Wu Shengli told "
     "Adm. John Richardson in a video teleconference that an incident could spark war.",
     "2015-11-04",
     [("2015-11-03", ["Harry Harris", "Fang Fenghui"]), ("2015-10-29", ["John Richardson", "Wu Shengli"])]),
    # what both sides agreed is not dated by a clause about rules adopted last year
    ("Adm. Harry Harris held talks with Gen. Fang Fenghui in Beijing on Tuesday. Both sides agreed "
     "their navies should keep the rules that the fleets adopted last year.", "2015-11-04",
     [("2015-11-03", ["Harry Harris", "Fang Fenghui"])]),
    # a misspelt name matched fuzzily is the same person when its surname comes back alone
    ("Guo Boxiong held talks with U.S. Secretary of Defense Donald Rumsfield at the Pentagon on "
     "Tuesday. President Hu Jintao had received Rumsfield in Beijing last October.",
     "2006-07-19", [("2006-07-18", ["Donald Rumsfeld", "Guo Boxiong"]),
                    ("2005-10", ["Donald Rumsfeld", "Hu Jintao"])]),
    # what a host said while meeting is no plan of the meeting
    ("Chinese Vice President Xi Jinping met with visiting U.S. Secretary of Defense Leon Panetta "
     "here Wednesday, saying the two armed forces should work toward a new type of relationship.",
     "2012-09-19", [("2012-09-19", ["Leon Panetta", "Xi Jinping"])]),
    # receiving someone is a meeting of its own, dated by the same day as the one before
    ("Jake Sullivan met Zhang Youxia in Beijing on Thursday. Later the same day, President Xi "
     "Jinping received Sullivan at the Great Hall of the People.", "2024-08-29",
     [("2024-08-29", ["Jake Sullivan", "Zhang Youxia"]), ("2024-08-29", ["Jake Sullivan", "Xi Jinping"])]),
    # a list of contacts gives each its own people
    ("Adm. Samuel Paparo held a video call with Gen. Wu Yanan on September 10. Officials cited the "
     "video call between Admiral Paparo and General Wu, Mr. Jake Sullivan's meeting with Vice "
     "Chairman Zhang Youxia in August, and working-level talks.", "2024-11-14",
     [("2024-09-10", ["Samuel Paparo", "Wu Yanan"]), ("2024-08", ["Jake Sullivan", "Zhang Youxia"])]),
])
def test_the_days_and_people_of_the_fifth_and_sixth_rounds_contacts(text, published, expected):
    events = held(extract_events(text, published=published))
    assert [(e.date, [p.name for p in e.participants]) for e in events] == expected


def test_discussing_a_meeting_later_this_year_plans_it():
    text = ("President Joe Biden and President Xi Jinping spoke by phone on Thursday. Officials on "
            "both sides said the two presidents had discussed meeting in person, possibly later "
            "this year.")
    result = extract_events(text, published="2022-07-29")
    assert [e.medium for e in held(result)] == ["phone_call"]
    assert [e.status for e in result.events if e.medium == "in_person_meeting"] == ["planned"]


def test_a_trip_for_meetings_with_a_group_of_officials_is_a_contact_with_one_side_named():
    text = ("CIA Director William Burns traveled secretly to Beijing last month for meetings with "
            "Chinese intelligence officials, a U.S. official confirmed.")
    [event] = held(extract_events(text, published="2023-06-04"))
    assert (event.date, [p.name for p in event.participants]) == ("2023-05", ["William Burns"])


def test_the_readout_after_a_call_recalled_for_background_belongs_to_the_articles_meeting():
    text = ("U.S. Secretary of War Pete Hegseth and Chinese Defence Minister Dong Jun met in Kuala "
            "Lumpur on Friday. The meeting was their first in person. They had held a video call in "
            "September.\n\n\"We agreed that peace is the best path,\" Hegseth wrote on X after the "
            "talks. He said he had also raised the South China Sea.\n\nChina's defence ministry said "
            "Dong told Hegseth that Washington must handle the Taiwan issue with prudence.")
    events = held(extract_events(text, published="2025-10-31"))
    assert [(e.medium, sorted(e.topics)) for e in events] == [
        ("in_person_meeting", ["South China Sea", "Taiwan"]), ("video_conference", [])]


@pytest.mark.parametrize("text, medium, status", [
    # two who talked for hours at a building in the capital met in person
    ("Defense Secretary Robert Gates and Gen. Liang Guanglie talked for about three hours at the "
     "Bayi Building in Beijing on Monday.", "in_person_meeting", "held"),
    # requests to speak that went unanswered are no call
    ("Gen. Mark Milley's repeated requests this year to speak with Gen. Liu Zhenli, who took over "
     "the Joint Staff Department that fall, went unanswered.", "phone_call", "requested"),
])
def test_the_medium_and_status_of_the_sixth_round(text, medium, status):
    [event] = extract_events(text, published="2023-12-22").events
    assert (event.medium, event.status) == (medium, status)


def test_talks_are_the_video_call_of_the_when_clause_that_follows():
    text = ("Gen. Charles Q. Brown and Gen. Liu Zhenli, the Joint Staff chief, have not spoken "
            "since the spring.\n\nThe last time the two staffs held substantive talks was on "
            "March 3, when General Brown and General Liu spoke by video for two hours.")
    [event] = held(extract_events(text, published="2024-06-10"))
    assert (event.date, event.medium) == ("2024-03-03", "video_conference")
    assert sorted(p.name for p in event.participants) == ["Charles Q. Brown Jr.", "Liu Zhenli"]


@pytest.mark.parametrize("text", [
    "Lloyd Austin tried to get Wei Fenghe on the phone on Tuesday. \"We have not been able to get "
    "the minister on the phone,\" an aide to Austin said.",
    "Pentagon officials said Lloyd Austin and Wei Fenghe had not talked since June. For days, "
    "Austin's staff could not get anyone at Wei's ministry on the phone.",
])
def test_not_getting_someone_on_the_phone_is_no_call(text):
    assert held(extract_events(text, published="2022-08-06")) == []


@pytest.mark.parametrize("text", [
    "Adm. Samuel Paparo, the Indo-Pacific commander, met senior PLA officers in Beijing in March.",
    "In March, Adm. Samuel Paparo held a video call with the commander of China's Eastern Theater "
    "Command.",
])
def test_a_counterpart_by_rank_or_office_is_the_other_side_unnamed(text):
    [event] = held(extract_events(text, published="2025-05-02"))
    assert (event.date, [p.name for p in event.participants]) == ("2025-03", ["Samuel Paparo"])


def test_the_pair_of_a_first_verb_is_the_subject_of_a_coordinated_second():
    text = ("Defense Secretary Lloyd Austin arrived in Laos on Tuesday.\n\n\"It matters,\" he told "
            "reporters. \"We should talk more.\"\n\nAustin and Adm. Dong Jun sat down in Singapore "
            "in June, on the margins of a regional forum, and had spoken by phone in March, soon "
            "after the admiral took office.")
    events = held(extract_events(text, published="2024-11-20"))
    assert [(e.date, e.medium, [p.name for p in e.participants]) for e in events] == [
        ("2024-06", "in_person_meeting", ["Lloyd Austin", "Dong Jun"]),
        ("2024-03", "phone_call", ["Lloyd Austin", "Dong Jun"])]


def test_people_present_at_the_talks_join_them():
    text = ("BEIJING, May 8 (Xinhua) -- Chinese Defense Minister Wei Fenghe held talks with "
            "visiting U.S. Defense Secretary Lloyd Austin here Tuesday.\n\nPresent at Tuesday's "
            "talks was Gen. Li Zuocheng, chief of the Joint Staff Department.")
    [event] = held(extract_events(text, published="2022-05-08"))
    assert sorted(p.name for p in event.participants) == ["Li Zuocheng", "Lloyd Austin",
                                                          "Wei Fenghe"]


def test_a_letter_between_the_sides_is_a_written_event():
    text = ("The talks were arranged by the letter delivered by Ambassador Nicholas Burns to Vice "
            "Foreign Minister Xie Feng on March 2, which proposed a meeting of the two militaries.")
    [event] = held(extract_events(text, published="2023-03-10"))
    assert (event.date, event.medium) == ("2023-03-02", "written")


def test_the_when_clause_says_who_took_part_in_the_dated_contact():
    text = ("Beijing turned down our request for Secretary Lloyd Austin to meet Minister Li Shangfu "
            "at the forum. Austin remains open to meeting with Li.\n\nMR. KIRBY: The last time the Secretary sat down with his counterpart "
            "was in November, in Phnom Penh, when he met Gen. Wei Fenghe on the margins of the "
            "ADMM-Plus.")
    [event] = held(extract_events(text, published="2023-05-30"))
    assert (event.date, [p.name for p in event.participants]) == (
        "2022-11", ["Lloyd Austin", "Wei Fenghe"])


def test_what_does_not_prevent_a_meeting_is_no_meeting():
    text = ("The sanctions on Minister Li Shangfu were imposed in 2018. They do not prevent "
            "Secretary Lloyd Austin from meeting with Li.")
    assert held(extract_events(text, published="2023-05-30")) == []


def test_names_after_a_later_mention_still_name_the_nameless_talks_and_another_pair_does_not():
    text = ("Senior U.S. and Chinese defense officials met in Honolulu this week for a new round of "
            "maritime safety talks, the latest sign of a thaw.\n\nRear Adm. Lee Brightwater, the "
            "Pacific Fleet's deputy commander, hosted Maj. Gen. Tan Weiming, deputy director of the "
            "CMC Office for International Military Cooperation, for "
            "the talks, which took place Monday and Tuesday.\n\nThis week's meeting was the first in "
            "person since 2019.\n\nThe talks follow the November summit between President Joe "
            "Biden and President Xi Jinping, where the two leaders agreed to keep channels open.")
    events = held(extract_events(text, published="2025-03-13"))
    this_week = [sorted(p.name for p in e.participants) for e in events
                 if e.date.startswith("2025-03-1")]
    assert this_week == [["Lee Brightwater", "Tan Weiming"]]


def test_a_visit_holding_talks_with_some_and_meeting_another_is_one_contact():
    text = ("Ahead of the summit, Chinese Vice President Han Zheng visited Washington from May 4 to "
            "6, holding talks with Secretary of State Antony Blinken and National Security Advisor "
            "Jake Sullivan, and meeting President Joe Biden at the White House.")
    [event] = held(extract_events(text, published="2023-05-20"))
    assert event.date == "2023-05-04" and {p.name for p in event.participants} >= {
        "Antony Blinken", "Jake Sullivan", "Joe Biden"}


def test_summoning_an_ambassador_is_a_meeting_with_him():
    text = ("On Monday, Vice Foreign Minister Xie Feng summoned the American ambassador, Nicholas "
            "Burns, to protest the new export controls.")
    [event] = held(extract_events(text, published="2023-03-08"))
    assert (event.date, event.medium, event.category) == ("2023-03-06", "in_person_meeting",
                                                          "diplomatic")


def test_a_round_of_a_bilateral_channel_is_a_contact_without_names():
    text = ("Maritime safety officers of the two navies have kept talking. The Military Maritime "
            "Consultative Agreement working group met in Qingdao from April 2 to 4 and reviewed "
            "the rules for encounters at sea.")
    [event] = held(extract_events(text, published="2025-05-01"))
    assert (event.date, event.end_date, event.participants) == ("2025-04-02", "2025-04-04", [])


def test_expecting_to_meet_is_a_plan():
    text = ("Defense Secretary Lloyd Austin spoke by phone with Chinese Defense Minister Wei Fenghe "
            "on Tuesday. Austin has said he expects to meet Wei in Singapore in June.")
    events = extract_events(text, published="2022-05-11").events
    assert [(e.date, e.status) for e in events if e.medium == "in_person_meeting"] == [
        ("2022-06", "planned")]


def test_a_question_is_not_a_contact():
    text = ("Question: Is there any arrangement for Chinese and U.S. military leaders to meet this "
            "year?\n\nAnswer: We will release information in due course.")
    assert extract_events(text, published="2022-05-11").events == []


@pytest.mark.parametrize("text, published, expected", [
    # a year given in an earlier sentence of the paragraph frames a month without its own
    ("Contacts between the two militaries were rare last year. Defense Secretary Mark Esper "
     "spoke with Chinese Defense Minister Wei Fenghe by phone in March.", "2021-06-10", "2020-03"),
    ("* MAY 2015 - The two navies adopt rules for encounters in the air. Admiral Jonathan "
     "Greenert speaks by phone with Admiral Wu Shengli in August.", "2020-01-05", "2015-08"),
    # not the year of another act
    ("Ties, which were hurt by a collision at sea last year, are mending. Defense Secretary Mark "
     "Esper spoke with Chinese Defense Minister Wei Fenghe by phone in March.", "2021-06-10",
     "2021-03"),
])
def test_a_paragraph_gives_its_year_to_a_later_month(text, published, expected):
    assert [e.date for e in held(extract_events(text, published=published))] == [expected]


@pytest.mark.parametrize("text, published, expected", [
    # the person after a duration and "with" is the call's, not the in-which clause's
    ("Not even President Biden's phone call of more than an hour with Xi Jinping on Monday, "
     "in which Xi warned that outside meddling would fail, calmed the markets.", "2022-08-03",
     ("2022-08-01", "phone_call", {"Joe Biden", "Xi Jinping"})),
    # hosting a dialogue for someone is meeting them
    ("Zhang was in Washington last spring for a new strategic forum, which Defense "
     "Secretary Lloyd Austin hosted for General Zhang Youxia on May 3.", "2023-01-10",
     ("2022-05-03", "in_person_meeting", {"Lloyd Austin", "Zhang Youxia"})),
    # a bare "the secretary" is the American side, named a sentence later
    ("As the readout said, the secretary spoke yesterday with Chinese Defense Minister Wei "
     "Fenghe. The call lasted an hour. Secretary Lloyd Austin raised Taiwan.", "2021-04-17",
     ("2021-04-16", "phone_call", {"Lloyd Austin", "Wei Fenghe"})),
    # "the two defence ministers" are not the generals named in between
    ("Defense Secretary Chuck Hagel held a phone call with Chinese Defense Minister Chang "
     "Wanquan on Tuesday. Chang said he looked forward to a visit next month by General Martin "
     "Dempsey at the invitation of General Fang Fenghui. It was the first telephone conversation "
     "between the two defence ministers since March.", "2013-04-03",
     ("2013-04-02", "phone_call", {"Chuck Hagel", "Chang Wanquan"})),
    # a predecessor compared with after "since" is not a participant
    ("When Defense Secretary Ash Carter went to Beijing in May, the first such trip since Chuck "
     "Hagel in 2014, he held talks with Defense Minister Chang Wanquan.", "2016-06-20",
     ("2016-05", "in_person_meeting", {"Ashton Carter", "Chang Wanquan"})),
])
def test_the_one_contact_of_a_sentence(text, published, expected):
    [event] = held(extract_events(text, published=published))
    assert (event.date, event.medium, {p.name for p in event.participants}) == expected


def test_the_following_day_after_the_contact_dates_a_contact_of_its_own():
    text = ("Admiral John Aquilino met General Li Qiaoming in Beijing on Tuesday.\n\n"
            "Li had been in Hawaii in March for a symposium that Aquilino opened on March 14. "
            "Aquilino met Li again at his headquarters the following day.")
    events = held(extract_events(text, published="2022-05-12"))
    assert sorted(e.date for e in events) == ["2022-03-15", "2022-05-10"]


def test_a_contact_named_by_its_place_anchors_a_day_after():
    text = ("Defense Secretary Lloyd Austin met Chinese Defense Minister Li Shangfu in Singapore "
            "on June 3. The Singapore meeting came two days after President Joe Biden met "
            "President Xi Jinping in Bali.")
    dates = {tuple(p.name for p in e.participants): e.date
             for e in held(extract_events(text, published="2023-06-10"))}
    assert dates[("Joe Biden", "Xi Jinping")] == "2023-06-01"


def test_a_bilateral_channel_does_not_take_the_names_just_before():
    text = ("Defense Secretary Lloyd Austin met Chinese Defense Minister Wei Fenghe on Friday. "
            "A day earlier, President Joe Biden had met President Xi Jinping in Bali.\n\n"
            "Working-level ties are recovering too. Delegates under the Military Maritime "
            "Consultative Agreement met in Qingdao from Nov. 8 to 10.")
    events = held(extract_events(text, published="2022-11-20"))
    [mmca] = [e for e in events if e.date == "2022-11-08"]
    assert mmca.participants == []


def test_a_call_during_the_visit_has_the_visits_day_not_the_sentence_befores():
    text = ("Under Secretary Colin Kahl held talks in Beijing on Tuesday with General Zhang "
            "Youxia. The forum had another name in 2009. Kahl also called on Defense Minister "
            "Wei Fenghe during the visit.")
    events = held(extract_events(text, published="2022-03-10"))
    assert {e.date for e in events} == {"2022-03-08"}
    assert len(events) == 2  # a courtesy call is a meeting of its own


def test_the_signatories_for_each_side_are_the_meetings_people():
    text = ("The accord was signed in Qingdao on Sept. 14, at the close of two days of Defense "
            "Policy Coordination Talks. Rear Admiral Mark Montgomery signed for the U.S. side and Rear Admiral Wang "
            "Dazhong for the Chinese side.")
    [event] = held(extract_events(text, published="2022-09-20"))
    assert {p.name for p in event.participants} == {"Mark Montgomery", "Wang Dazhong"}


def test_a_pair_reference_reaches_back_to_the_articles_contact():
    text = ("Defense Secretary Mark Esper spoke by phone with Chinese Defense Minister Wei Fenghe "
            "on Thursday. The call lasted 90 minutes. Esper raised Taiwan.\n\n"
            "Asked about the call, a spokesman said it was requested by Washington. He would not "
            "say more. Reporters pressed him on the timing. He declined again.\n\n"
            "The two had previously spoken in March, a call about the coronavirus.")
    events = held(extract_events(text, published="2020-08-08"))
    assert {(e.date, tuple(p.name for p in e.participants)) for e in events} == {
        ("2020-08-06", ("Mark Esper", "Wei Fenghe")), ("2020-03", ("Mark Esper", "Wei Fenghe"))}


def test_an_unattributed_sentence_in_the_contacts_paragraph_does_not_end_its_readout():
    text = ("On October 29, Admiral Wu Shengli held a video call with Admiral John Richardson. "
            "Wu criticised the patrol. Any repeat of such acts could make the situation tense.\n\n"
            "Wu said both navies should abide by the Code for Unplanned Encounters at Sea.")
    [event] = held(extract_events(text, published="2015-10-30"))
    assert event.topics == ["Maritime safety"]


def test_a_status_past_the_nouns_relative_clause_is_the_nouns():
    text = ("Another meeting of the Military Maritime Consultative Agreement, which had been "
            "arranged for May 12 at the naval base in Qingdao, has now been called off.")
    assert held(extract_events(text, published="2001-05-20")) == []


def test_does_not_plan_to_hold_a_meeting_is_no_contact():
    text = ("Defense Secretary Robert Gates does not plan to hold a meeting in Singapore on "
            "Saturday with General Ma Xiaotian, the head of China's delegation.")
    assert held(extract_events(text, published="2010-06-03")) == []


def test_the_chiefs_of_china_and_the_united_states_are_named_next():
    text = ("The defense ministers of the United States and China met in Singapore on Thursday. "
            "Defense Minister Wei Fenghe had requested the meeting with Defense Secretary Jim "
            "Mattis.\n\nIn June, Mattis held talks with Wei in Beijing.")
    events = held(extract_events(text, published="2018-10-20"))
    assert sorted(e.date for e in events) == ["2018-06", "2018-10-18"]


def test_a_when_clause_of_a_call_is_what_the_call_discussed_not_a_meeting():
    text = ("Defense Secretary Mark Esper spoke to Defense Minister Wei Fenghe by phone in "
            "March, when they discussed the pandemic, and again in August.")
    events = held(extract_events(text, published="2020-10-20"))
    assert sorted((e.date, e.medium) for e in events) == [("2020-03", "phone_call"),
                                                          ("2020-08", "phone_call")]


def test_months_listed_in_order_share_the_year_of_the_last():
    text = ("Before Blinken, Secretary Mark Esper spoke to Chinese Defense Minister Wei Fenghe twice: "
            "first in February and then in September, as Taiwan came up.")
    events = held(extract_events(text, published="2021-06-01"))
    assert sorted(e.date for e in events) == ["2020-02", "2020-09"]
    assert {e.date: e.topics for e in events} == {"2020-02": [], "2020-09": ["Taiwan"]}


def test_a_timeline_request_in_the_present_tense_is_not_a_held_call():
    text = ("Timeline\n\nFeb. 4, 2023: After the balloon is shot down, the Pentagon requests a "
            "call between Lloyd Austin and Wei Fenghe. China says no.")
    assert held(extract_events(text, published="2023-11-16")) == []


@pytest.mark.parametrize("text, published, day", [
    # not the people of a since-clause of the same sentence
    ("Chinese and US defense officials met in Beijing on Tuesday for the Defense Policy "
     "Coordination Talks, the first such talks since Defense Secretary Lloyd Austin and Defense "
     "Minister Dong Jun met in Singapore in May.", "2024-09-20", "2024-09-17"),
    # nor those of the next sentence's own dated meeting
    ("US and Chinese naval officers met in Honolulu Nov. 18-20 under the Military Maritime "
     "Consultative Agreement. That came two weeks after Pete Hegseth and Dong Jun held their "
     "first face-to-face meeting on Oct. 31 in Kuala Lumpur.", "2025-11-25", "2025-11-18"),
])
def test_a_group_named_further_on_is_not_another_contacts_people(text, published, day):
    [talks] = [e for e in held(extract_events(text, published=published)) if e.date == day]
    assert talks.participants == []


def test_the_channel_takes_the_forum_name_another_sentence_of_the_contact_gives():
    text = ("Lloyd Austin and Wei Fenghe are expected to hold their first in-person meeting this "
            "weekend on the sidelines of a prominent security summit resuming in Singapore.\n\n"
            "Wei Fenghe and Lloyd Austin are likely to meet as officials from 42 countries come "
            "together at the 19th Shangri-La Dialogue from Friday to Sunday.")
    [event] = extract_events(text, published="2022-06-08").events
    assert event.channel == "Sidelines of the 19th Shangri-La Dialogue"


def test_a_vague_meeting_is_not_evidence_of_a_later_call():
    text = ("From September 18 to 20, Wu Yanan led a delegation to Hawaii to attend a conference "
            "of Indo-Pacific defence chiefs. During the meeting, Wu Yanan interacted with officers "
            "from several countries. When Wu Yanan met Samuel Paparo, they exchanged views.\n\n"
            "On September 10, Wu Yanan and Samuel Paparo held a video call.")
    events = extract_events(text, published="2024-09-24").events
    call = next(e for e in events if e.medium == "video_conference")
    assert [e.text for e in call.evidence] == [
        "On September 10, Wu Yanan and Samuel Paparo held a video call."]

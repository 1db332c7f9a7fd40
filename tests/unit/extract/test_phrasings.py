"""Contact phrasings end to end, each in the ways other writers would put it (first met in the
h241-h260 holdout set): dates, visits, readouts, what is no contact."""

import pytest

from app.extract.pipeline import extract_events


def held(result):
    return [e for e in result.events if e.status == "held"]


def people(event):
    return {p.name for p in event.participants}


@pytest.mark.parametrize("text", [
    "Michele Flournoy and Gen. Ma Xiaotian led the Defense Consultative Talks on Friday, the 11th "
    "round of a dialogue that began in 1997.",
    "Michele Flournoy and Gen. Ma Xiaotian co-chaired the talks on Friday, part of a series first "
    "held in 1997.",
    "Michele Flournoy met Gen. Ma Xiaotian on Friday for consultations, which were launched in "
    "1997.",
])
def test_the_year_a_series_of_talks_began_is_not_the_rounds(text):
    [event] = held(extract_events(text, published="2010-12-10"))
    assert event.date == "2010-12-10"
    assert people(event) == {"Michele Flournoy", "Ma Xiaotian"}


@pytest.mark.parametrize("text, published, expected, topic", [
    # the year the series began is not the named round's
    ("WASHINGTON, Dec 10 (Reuters) - Senior U.S. and Chinese defense officials held talks at the "
     "Pentagon on Friday.\n\nUnder Secretary Michele Flournoy and General Ma Xiaotian led the "
     "annual Defense Consultative Talks, the 11th round of a dialogue that began in 1997.",
     "2010-12-10", ("2010-12-10", {"Michele Flournoy", "Ma Xiaotian"}), None),
    # a weak trigger ("signed an agreement") without names
    ("The Pentagon and China's Ministry of National Defense signed an agreement Feb. 29 to set up "
     "a secure telephone link between the two ministries.\n\nDavid Sedney signed for the United "
     "States in Shanghai at the end of two days of talks with Maj. Gen. Qian Lihua.", "2008-03-03",
     ("2008-02-28", {"David Sedney", "Qian Lihua"}), "Crisis communication"),
])
def test_the_names_of_the_next_sentence_take_the_dated_lede(text, published, expected, topic):
    [event] = held(extract_events(text, published=published))
    assert (event.date, people(event)) == expected and len(event.evidence) >= 2
    assert topic is None or topic in event.topics


@pytest.mark.parametrize("name", ["Qian Li-hua", "Qian Lihua"])
def test_a_given_name_hyphenated_between_its_syllables_is_the_gazetteers(name):
    text = f"David Sedney held talks with Maj. Gen. {name} in Shanghai on Friday."
    [event] = held(extract_events(text, published="2008-03-01"))
    assert people(event) == {"David Sedney", "Qian Lihua"}


@pytest.mark.parametrize("text, expected", [
    ("The two ministries signed an agreement Feb. 29.\n\nDavid Sedney signed for the United States "
     "in Shanghai at the end of two days of talks with Maj. Gen. Qian Lihua.",
     ("2008-02-28", "2008-02-29")),
    ("David Sedney met Maj. Gen. Qian Lihua in Shanghai on Feb. 29, capping three days of talks.",
     ("2008-02-27", "2008-02-29")),
    ("The accord was signed in Qingdao on Feb. 29, at the close of two days of Defense Policy "
     "Coordination Talks. David Sedney signed for the U.S. side and Qian Lihua for the Chinese side.",
     ("2008-02-28", "2008-02-29")),
])
def test_a_contact_at_the_close_of_days_of_talks_spans_those_days(text, expected):
    [event] = held(extract_events(text, published="2008-03-03"))
    assert (event.date, event.end_date) == expected


def test_the_person_a_who_clause_follows_is_its_contacts():
    text = ("The ground had been prepared by Admiral William Fallon, commander of U.S. Pacific "
            "Command, who spent several days in Beijing in September meeting senior PLA officers.")
    [event] = held(extract_events(text, published="2005-11-08"))
    assert (event.date, people(event)) == ("2005-09", {"William Fallon"})


def test_an_undated_contact_does_not_take_the_month_of_someone_elses():
    text = ("Donald Rumsfeld's three-day visit to Beijing (October 18-20) was carefully "
            "choreographed.\n\n"
            "The ground had been prepared by Admiral William Fallon, who spent several days in "
            "Beijing in September meeting senior PLA officers.\n\n"
            "Rumsfeld's talks with Defense Minister Cao Gangchuan followed a familiar script.")
    events = {frozenset(people(e)): e for e in held(extract_events(text, published="2005-11-08"))}
    talks = events[frozenset({"Donald Rumsfeld", "Cao Gangchuan"})]
    assert (talks.date, talks.end_date) == ("2005-10-18", "2005-10-20")


def test_the_same_month_dates_a_contact_by_the_one_before():
    text = ("The last talks took place in November, when Austin met Gen. Wei Fenghe in Cambodia. "
            "That meeting followed a summit between President Joe Biden and Xi Jinping in Bali the "
            "same month.")
    dates = {frozenset(people(e)): e.date for e in held(extract_events(text, published="2023-06-04"))}
    assert dates[frozenset({"Joe Biden", "Xi Jinping"})] == "2022-11"


VISIT = ("Donald Rumsfeld held talks with Defense Minister Cao Gangchuan in Beijing during a "
         "three-day visit, October 18-20.\n\n"
         "Both men said they wanted to expand military exchanges. Neither moved the other. The "
         "secretary pressed for transparency about Chinese military spending.\n\n"
         "Analysts were unimpressed.\n\n")


@pytest.mark.parametrize("text, counterpart", [
    # a definite mention naming one side, and the next sentence's exchange naming the other
    ("More telling were the meetings with President Hu Jintao, who sits atop the PLA. Hu told "
     "Rumsfeld that China would never accept Taiwan's separation.", "Hu Jintao"),
    ("The hosts also took Rumsfeld to the headquarters of the Second Artillery, where he was "
     "received by its commander, General Jing Zhiyuan.", "Jing Zhiyuan"),
])
def test_an_undated_meeting_of_the_visitor_takes_the_days_of_the_visit(text, counterpart):
    events = {frozenset(people(e)): e for e in held(extract_events(VISIT + text,
                                                                   published="2005-11-08"))}
    meeting = events[frozenset({"Donald Rumsfeld", counterpart})]
    assert (meeting.date, meeting.end_date) == ("2005-10-18", "2005-10-20")


def test_a_contact_under_way_as_the_text_is_written_is_held_today():
    text = ("Right now at the State Department, Rex Tillerson and Jim Mattis are hosting State "
            "Councilor Yang Jiechi and General Fang Fenghui for the Diplomatic and Security "
            "Dialogue.")
    [event] = held(extract_events(text, published="2017-06-21"))
    assert event.date == "2017-06-21"
    assert people(event) == {"Rex Tillerson", "James Mattis", "Yang Jiechi", "Fang Fenghui"}


@pytest.mark.parametrize("text", [
    "General Fang Fenghui is not done after today. Tomorrow he comes to the Pentagon to sit down "
    "with General Joseph Dunford.",
    "Tomorrow General Fang Fenghui sits down with General Joseph Dunford at the Pentagon.",
])
def test_a_contact_tomorrow_is_planned_for_the_next_day(text):
    events = extract_events(text, published="2017-06-21").events
    assert [(e.date, e.status) for e in events] == [("2017-06-22", "planned")]


@pytest.mark.parametrize("text", [
    "Hagel will speak to reporters when the session wraps.",
    "Hagel spoke to the press after the talks in Beijing on Tuesday.",
])
def test_speaking_to_reporters_is_no_contact(text):
    assert extract_events(text, published="2013-11-27").events == []


@pytest.mark.parametrize("text", [
    "Admiral Jonathan Greenert was escorted by his host, Admiral Wu Shengli, on a tour of the "
    "Lushun naval base on Thursday.",
    "Admiral Jonathan Greenert was shown around the Lushun naval base by Admiral Wu Shengli on "
    "Thursday.",
])
def test_a_visitor_escorted_by_his_host_met_him(text):
    [event] = held(extract_events(text, published="2014-07-18"))
    assert (event.date, people(event)) == ("2014-07-17", {"Jonathan Greenert", "Wu Shengli"})


@pytest.mark.parametrize("verb", ["witnessed", "attended", "presided over"])
def test_two_sides_at_a_signing_together_met(verb):
    text = (f"Today, Gen. Fan Changlong and Army Chief of Staff Gen. Raymond Odierno {verb} the "
            "signing of a framework for an Army-to-Army Dialogue Mechanism.")
    [event] = held(extract_events(text, published="2015-06-12"))
    assert (event.date, people(event)) == ("2015-06-12", {"Raymond Odierno", "Fan Changlong"})


@pytest.mark.parametrize("text", [
    "Pentagon officials now expect Gates to place the first call in April, once equipment has been "
    "installed.",
    "Officials expect Secretary Gates to make the first call on the new line in April.",
])
def test_officials_expecting_someone_to_call_is_a_planned_call(text):
    events = extract_events("Robert Gates met Defense Minister Cao Gangchuan in Beijing in "
                            "November. " + text, published="2008-03-03").events
    calls = [e for e in events if e.medium == "phone_call"]
    assert [(e.date, e.status) for e in calls] == [("2008-04", "planned")]


def test_the_visitor_of_a_possessive_stop_is_the_one_greeted():
    text = ("Defense Minister Liang Guanglie and Leon Panetta held talks on Monday.\n\n"
            "The visit follows Vice-President Xi Jinping's stop at the Pentagon in February, where "
            "Panetta greeted him with full military honors.")
    events = {e.date: people(e) for e in held(extract_events(text, published="2012-05-08"))}
    assert events["2012-02"] == {"Leon Panetta", "Xi Jinping"}


def test_meeting_the_press_is_no_contact():
    text = ("Leon Panetta held talks with Liang Guanglie on Monday.\n\nThe two met the press on "
            "Tuesday, Beijing time.")
    [event] = held(extract_events(text, published="2012-05-10"))
    assert event.date == "2012-05-07"


def test_a_summit_that_agreed_to_resume_calls_is_a_meeting_and_the_calls_are_planned():
    text = ("U.S. President Joe Biden and Chinese President Xi Jinping agreed at their Nov. 15 summit "
            "in Woodside, near San Francisco, to resume high-level military communication, including "
            "telephone talks between theater commanders.")
    events = extract_events(text, published="2023-12-22").events
    assert [(e.date, e.medium, e.status) for e in events if e.status == "held"] == [
        ("2023-11-15", "in_person_meeting", "held")]
    assert all(e.status != "held" for e in events if e.medium == "phone_call")


def test_the_one_someone_succeeded_is_not_a_participant():
    text = ("Gen. Charles Brown held a video call with Gen. Liu Zhenli on Thursday.\n\n"
            "Brown, who succeeded Gen. Mark Milley at the end of September, had been seeking a "
            "conversation with Liu since taking over.")
    [event] = held(extract_events(text, published="2023-12-22"))
    assert "Mark Milley" not in people(event)


@pytest.mark.parametrize("text", [
    "U.S. and Chinese military officials opened two days of talks on Guam on Thursday on ways to "
    "keep their planes and ships from colliding.",
    "U.S. and Chinese military officers began two days of talks in Honolulu on Thursday.",
])
def test_talks_of_days_opened_on_a_day_span_the_days_from_it(text):
    [event] = held(extract_events(text, published="2001-09-14"))
    assert (event.date, event.end_date) == ("2001-09-13", "2001-09-14")


def test_the_day_a_cited_story_was_published_is_not_the_contacts():
    text = ("Donald Rumsfeld held talks with Defense Minister Cao Gangchuan during a three-day visit, "
            "October 18-20.\n\nNotes\n"
            "1. \"Guo Boxiong meets Rumsfeld,\" PLA Daily, October 20, 2005.")
    events = {frozenset(people(e)): e for e in held(extract_events(text, published="2005-11-08"))}
    guo = events[frozenset({"Donald Rumsfeld", "Guo Boxiong"})]
    assert (guo.date, guo.end_date) == ("2005-10-18", "2005-10-20")


def topics_of(text, published):
    [event] = held(extract_events(text, published=published))
    return set(event.topics)


def test_what_a_participant_said_goes_on_in_the_sentence_after_without_attribution():
    text = ("Admiral Wu Shengli held talks with Admiral John Richardson in Beijing on Monday.\n\n"
            "Wu said that China would never stop its construction halfway. China will never "
            "sacrifice its sovereignty in the South China Sea, and any attempt to force it to yield "
            "will fail.\n\n"
            "Wu stressed that the two navies should abide by the Code for Unplanned Encounters at Sea.")
    assert topics_of(text, "2016-07-20") >= {"South China Sea", "Maritime safety"}


def test_the_readout_resumes_after_an_aside_of_the_writer():
    text = ("General Peter Pace held talks with General Liang Guanglie in Beijing on Thursday.\n\n"
            "Liang told the American that Taiwan was the most sensitive issue. Beijing regards "
            "the island as part of its territory.\n\n"
            "The Chinese general also said military ties had kept their momentum.")
    assert topics_of(text, "2007-03-22") == {"Taiwan", "Military relations"}


def test_a_readout_that_recalls_an_older_contact_is_still_this_ones():
    text = ("HONOLULU, Aug. 16 (Xinhua) -- Chinese Defense Minister Chang Wanquan held talks here on "
            "Friday with Admiral Samuel Locklear.\n\n"
            "It is his first trip to the United States since he took office.\n\n"
            "During the talks, Chang said President Xi Jinping and President Barack Obama reached "
            "an important consensus when they met in California in June, which pointed the "
            "direction for the development of relations between the two militaries.\n\n"
            "Locklear said the command was willing to expand cooperation in maritime security.")
    events = {e.date: set(e.topics) for e in held(extract_events(text, published="2013-08-17"))}
    assert events["2013-08-16"] == {"Military relations", "Maritime safety"}


def test_last_month_and_earlier_this_month_are_two_contacts():
    text = ("American and Chinese military officers held maritime safety talks by video earlier "
            "this month.\n\n"
            "Biden and Chinese leader Xi Jinping spoke of the need for guardrails during their "
            "virtual summit last month.")
    events = held(extract_events(text, published="2021-12-22"))
    assert sorted(e.date for e in events) == ["2021-11", "2021-12"]
    [summit] = [e for e in events if e.date == "2021-11"]
    assert people(summit) == {"Joe Biden", "Xi Jinping"}


@pytest.mark.parametrize("text, published", [
    # a contact whose object is a third country's official
    ("Hagel spoke by phone Wednesday with Japanese Defense Minister Itsunori Onodera and "
     "reaffirmed the treaty.\n\nAsked whether Hagel intended to raise the matter with Chinese "
     "Defense Minister Chang Wanquan, an official said only that the two men have a relationship.",
     "2013-11-27"),
    ("Esper sat down with Japanese Defense Minister Takeshi Iwaya in Tokyo on Wednesday.\n\nEsper "
     "has yet to meet or speak with his Chinese counterpart, Defense Minister Wei Fenghe.",
     "2019-08-07"),
    # a missed chance, a denied opportunity
    ("Dong Jun stayed home in May, depriving Pete Hegseth of a chance for a face-to-face meeting.",
     "2025-09-10"),
    ("Pete Hegseth missed the chance to meet Dong Jun in Singapore in May.", "2025-09-10"),
    ("Beijing kept Dong Jun at home in May, denying Pete Hegseth the opportunity to meet him.",
     "2025-09-10"),
])
def test_no_contact_of_the_two_sides_is_held(text, published):
    assert held(extract_events(text, published=published)) == []


@pytest.mark.parametrize("text, published, topic", [
    ("Admiral Wu Shengli held talks with Admiral John Richardson on Monday. The two sides "
     "exchanged views on relations between the two navies.", "2016-07-20", "Military relations"),
    # a photo credit does not end the readout
    ("Admiral Jonathan Greenert was escorted by his host, Admiral Wu Shengli, on a tour of the base "
     "on Thursday.\n\nPhoto: US Navy\n\nGreenert told reporters that he and Wu talked about the "
     "Code for Unplanned Encounters at Sea.", "2014-07-18", "Maritime safety"),
    # a participant speaking resumes it after one sentence of background
    ("Chinese Defense Minister Wei Fenghe held a phone conversation with U.S. Secretary of Defense "
     "Mark Esper on Tuesday.\n\nWei briefed Esper on China's efforts against the epidemic. The "
     "People's Liberation Army has sent 4,000 medical workers to Wuhan.\n\nWei said the two "
     "militaries should strengthen communication and manage risks.", "2020-03-04",
     "Military relations"),
    # "The session ..." opens a readout sentence
    ("U.S. and Chinese military officials opened two days of talks on Guam on Thursday.\n\nThe "
     "session is being held under a 1998 accord, which set up regular consultations on safety at "
     "sea.", "2001-09-14", "Maritime safety"),
])
def test_a_readout_sentence_gives_its_topic(text, published, topic):
    assert topic in topics_of(text, published)


@pytest.mark.parametrize("after", [
    # why the talks were held by video is not what they discussed
    " The talks were held virtually because of the coronavirus pandemic.",
    # nor what a retired officer makes of them
    "\n\n\"A working group is not a hotline, but it's something,\" said a retired Navy officer who "
    "took part in earlier rounds of the talks.",
])
def test_what_is_not_the_contents_of_the_talks_gives_no_topic(after):
    text = ("American and Chinese military officers held their annual maritime safety talks by video "
            "earlier this month." + after)
    assert topics_of(text, "2021-12-22") == {"Maritime safety"}

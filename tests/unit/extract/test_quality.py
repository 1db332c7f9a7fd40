"""The labelled articles stay above the floors measured when the extractor was written."""

from pathlib import Path

import pytest

from bench.extraction import date_matches, evaluate, events_match, load_articles, same_person

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def test_dev_set_stays_above_its_floor():
    report = evaluate(load_articles(FIXTURES), repeat=0)
    assert report.articles >= 100
    assert report.events.f1 >= 0.97
    assert report.participants.f1 >= 0.97
    assert report.topics.f1 >= 0.93
    assert report.date_accuracy >= 0.96


# the file names end their number with "-", so "^h1..." does not catch h100-h120 too
@pytest.mark.parametrize("match, articles, events, topics, participants", [
    # h01-h14: held out when the extractor was first written, tuned on since
    (r"^h(0\d|1[0-4])-", 14, 0.95, 0.95, 0.95),
    # h15-h29: held out in the first quality round, tuned on in the second
    (r"^h(1[5-9]|2\d)-", 15, 0.95, 0.9, 0.95),
    # h30-h48: written before the second round; measured untuned at 0.375 before it and 0.634
    # after its first part, then looked at and tuned on
    (r"^h(3\d|4[0-8])-", 19, 0.95, 0.93, 0.95),
    # h49-h60: written after the second round's last change; 0.833 untuned, looked at since
    (r"^h(49|5\d|60)-", 12, 0.95, 0.88, 0.95),
    # third round: each set written after the last change, measured once untuned, then looked
    # at and tuned on (untuned event F1: 0.767, 0.640, 0.846, 0.769)
    (r"^h(6[1-9]|7\d|80)-", 20, 0.95, 0.9, 0.95),
    (r"^h(8[1-9]|90)-", 10, 0.95, 0.84, 0.95),
    (r"^h(9[1-9]|100)-", 10, 0.95, 0.9, 0.95),
    (r"^h1(0[1-9]|10)-", 10, 0.93, 0.85, 0.95),
    # h111-h120: written after the third round's last change, untuned (event F1 0.833)
    (r"^h1(1[1-9]|20)-", 10, 0.8, 0.93, 0.95),
    # h121-h140: written by someone else, measured once untuned on main (event F1 0.842), then
    # looked at and tuned on in the fifth round (1.000, topics 0.914)
    (r"^h1(2[1-9]|3\d|40)-", 20, 0.95, 0.88, 0.95),
    # h141-h160: written by someone else, measured once untuned on main (event F1 0.644), then
    # looked at in the sixth round (0.936, topics 0.882); 0.947 in the frames round
    (r"^h1(4[1-9]|5\d|60)-", 20, 0.94, 0.85, 0.95),
    # h161-h180: written by someone else after the sixth round, measured once untuned on main
    # (event F1 0.711, topics 0.854; the same 0.711 with the extractor of rounds 3, 5 and 6).
    # Seventh round: h161-h170 looked at and tuned on (0.800 -> 1.000, topics 0.831); h171-h180
    # never looked at, scored three times without the misses (0.634, 0.650 at this extractor,
    # 0.634 with a change since reverted)
    (r"^h1(6[1-9]|70)-", 10, 0.97, 0.8, 0.95),
    (r"^h1(7[1-9]|80)-", 10, 0.62, 0.85, 0.95),
    # h181-h200: written by someone else during the seventh round, measured untuned on main
    # before it (event F1 0.655) and after it (0.689, topics 0.826). Eighth round: looked at
    # and tuned on (0.689 -> 0.949, topics 0.806: more matched events, some with topics
    # missed); of its 37 misses 31 were the extractor's, 6 labelling choices either way
    (r"^h1(8[1-9]|9\d)-|^h200-", 20, 0.93, 0.8, 0.95),
    # h201-h220: written by someone else during the seventh round, untuned event F1 0.679
    # before round 7, 0.703 after it, 0.732 after round 8 (topics 0.789). Ninth round: looked at
    # and tuned on (0.732 -> 0.867, participants 0.942 -> 0.961, topics 0.768: more matched
    # events, some with topics missed); of its 30 misses 25 were the extractor's, 5 labelling
    # choices either way
    (r"^h2(0[1-9]|1\d|20)-", 20, 0.85, 0.75, 0.95),
    # h221-h240: written by someone else during the ninth round, untuned event F1 0.733 with
    # the extractor of the session's start, 0.761 after rounds 7 and 8, 0.778 after round 9
    # (participants 0.915, topics 0.633). Tenth round: looked at and tuned on; of its 20 misses
    # 15 were the extractor's, 1 a labelling choice, 4 gold errors (corrected: 0.818 untuned),
    # then 0.944 (participants 0.944, topics 0.726)
    (r"^h2(2[1-9]|3\d|40)-", 20, 0.92, 0.7, 0.92),
    # h241-h260: written by someone else during the fourth session's tenth round: untuned event
    # F1 0.571 with the extractor of that session's start (tp 12, fp 9, fn 9; participants
    # 0.952, topics 0.714). Eleventh round: looked at and tuned on (0.571 -> 1.000, tp 21;
    # participants 0.975, topics 0.895, date accuracy 0.952); of its 18 misses 17 were the
    # extractor's, 1 a labelling choice either way
    (r"^h2(4[1-9]|5\d|60)-", 20, 0.97, 0.87, 0.95),
    # h281-h310: a targeted set, written by someone else during the fourth session (who never saw
    # the extractor) around twelve hard phenomena the adjudications found (dates in clauses not
    # about the contact, planned vs held, meeting verbs without "met", anaphora, delegations,
    # third countries ...): event F1 0.688 with the extractor after round 10 (tp 32, fp 7, fn 22);
    # the twelfth round's study set: 0.714 after it (tp 35, fp 9, fn 19; participants 0.993,
    # topics 0.827): capitals, "right now", one verb with a day per counterpart; 0.742 -> 0.832
    # in the frames round (speaker turns, a dateline's story, "the previous one")
    (r"^h(28[1-9]|29\d|30\d|310)-", 30, 0.83, 0.8, 0.95),
    # h261-h280: written by someone else during the fourth session's tenth round, never looked
    # at: untuned event F1 0.774 with the extractor of that session's start (participants
    # 0.975, topics 0.828)
    (r"^h2(6[1-9]|7\d|80)-", 20, 0.75, 0.8, 0.95),
    # h311-h330: written by someone else during the fourth session, never looked at: untuned
    # event F1 0.602 with the extractor after round 10 (tp 25, fp 13, fn 20; participants 0.968,
    # topics 0.773)
    (r"^h3(1[1-9]|2\d|30)-", 20, 0.58, 0.75, 0.95),
    # h331-h350: written by someone else during the fourth session (regional papers, translated
    # Chinese outlets, transcripts, a 23-event chronology): untuned event F1 0.467 with the
    # extractor after round 10 (tp 21, fp 20, fn 28; participants 0.967, topics 0.704); the
    # thirteenth round's study set: 0.831 after it (tp 37, fp 3, fn 12; participants 0.948,
    # topics 0.763): chronology sections headed by year lines, month adjectives, since-clauses;
    # 0.831 -> 0.876 in the frames round (topics 0.748)
    (r"^h3(3[1-9]|4\d|50)-", 20, 0.87, 0.73, 0.92),
    # h351-h430: four sets written by someone else during the fifth session (who never saw the
    # extractor), never looked at: scores only. Untuned event F1 with the extractor of that
    # session's start (98d8ca3), then after its frames round (speaker turns, a dateline's story):
    # h351-h370 (readouts, state media, wires): 0.800 (tp 26, fp 7, fn 6) -> 0.806
    (r"^h3(5[1-9]|6\d|70)-", 20, 0.80, 0.80, 0.95),
    # h371-h390 (newspapers, trackers, analyses): 0.685 (tp 37, fp 11, fn 23) -> 0.685
    (r"^h3(7[1-9]|8\d|90)-", 20, 0.68, 0.71, 0.95),
    # h391-h410 (transcripts, hearings, first-person speeches): 0.507 (tp 18, fp 8, fn 27) -> 0.667
    (r"^h(39[1-9]|40\d|410)-", 20, 0.66, 0.75, 0.95),
    # h411-h430 (regional and translated outlets, live blogs, briefs): 0.675 (tp 27, fp 9, fn 17)
    (r"^h4(1[1-9]|2\d|30)-", 20, 0.67, 0.79, 0.91),
    # h431-h470: written by others during the fifth session (who never saw the extractor):
    # untuned event F1 0.722 with the extractor of that session's start (tp 48, fp 12, fn 25),
    # 0.731 after the frames round (tp 49, fp 12, fn 24; participants 1.000, topics 0.833);
    # the fourteenth round's study set: 31 of its 36 misses the extractor's, 5 labelling
    # choices; 0.812 after it (tp 56, fp 9, fn 17; topics 0.818)
    (r"^h4(3[1-9]|[4-6]\d|70)-", 40, 0.81, 0.8, 0.95),
])
def test_holdouts_stay_above_their_floors(match, articles, events, topics, participants):
    report = evaluate(load_articles(FIXTURES / "holdout", match), repeat=0)
    assert report.articles == articles
    assert report.events.f1 >= events
    assert report.participants.f1 >= participants
    assert report.topics.f1 >= topics


def test_file_filter_selects_by_name():
    names = {a["_file"] for a in load_articles(FIXTURES, r"^seed-")}
    assert names == {"seed-000-efe-chase-huang.json", "seed-004-ap-austin-wei.json"}


def test_scorer_matching_rules():
    gold = {"date": "2022-04-20", "end_date": None, "medium": "phone_call",
            "us_participants": ["Lloyd Austin"], "cn_participants": ["Wei Fenghe"]}
    pred = {"date": "2022-04-21", "end_date": None, "medium": "phone_call", "participants": [
        {"name": "Lloyd Austin", "side": "US"}, {"name": "Wei Fenge", "side": "CN"}]}
    assert events_match(pred, gold)
    assert not events_match({**pred, "medium": "video_conference"}, gold)
    assert not events_match({**pred, "date": "2022-04-23"}, gold)
    assert date_matches({"date": "2021-03-15"}, {"date": "2021-03"})
    assert date_matches({"date": "2021-09-29"}, {"date": "2021-09-28", "end_date": "2021-09-29"})
    assert same_person("Anton Blinken", "Antony Blinken")
    assert not same_person("Wang Yi", "Wei Fenghe")

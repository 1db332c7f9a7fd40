"""A generative test: contact sentences composed from independent parts (who, the verb phrase
of a medium, the date phrase, the word order, a title before or after the name) must each give
the contact with its medium, its date and a participant on each side; generic, negated and
planned mentions composed the same way must not give a held contact.

A failure names the template and the sentence. Fix the rule that misses the construction, not
the sentence: every template here stands for many wordings.
"""

from datetime import date, timedelta

import pytest

from app.extract.pipeline import extract_events

P, V, M = "phone_call", "video_conference", "in_person_meeting"
# (US official, Chinese official, publication date); an appositive title ends with a comma
PAIRS = [
    ("U.S. Defense Secretary Lloyd Austin", "Chinese Defense Minister Dong Jun", "2024-04-17"),
    ("Gen. Mark Milley, chairman of the Joint Chiefs of Staff,",
     "Gen. Li Zuocheng, chief of China's Joint Staff Department,", "2021-01-10"),
    ("Secretary of State Antony Blinken", "Chinese Foreign Minister Wang Yi", "2022-07-12"),
    ("Adm. John Aquilino", "Gen. Wu Yanan", "2024-02-21"),
]


def _date_phrases(published: str) -> tuple[str, list[str]]:
    """The day before publication, and the ways of saying it."""
    day = date.fromisoformat(published) - timedelta(days=1)
    weekday, month_day = day.strftime("%A"), f"{day.strftime('%B')} {day.day}"
    return day.isoformat(), [f"on {weekday}", f"on {month_day}", weekday, "yesterday",
                             f"on {weekday} evening", f"on {month_day}, {day.year}",
                             f"late on {weekday}"]


def _compose(template: str, a: str, b: str, when: str) -> str:
    s = template.format(A=a, B=b, D=when)
    s = s[0].upper() + s[1:]
    return s.replace(",,", ",").replace(",.", ".").replace(",'s", "'s")


def _sentences(template: str):
    for a, b, published in PAIRS:
        day, phrases = _date_phrases(published)
        for when in phrases:
            for first, second in ((a, b), (b, a)):
                yield _compose(template, first, second, when), published, day


TEMPLATES = [
    (P, "{A} spoke by phone with {B} {D}."),
    (P, "{A} held a phone call with {B} {D}."),
    (P, "{A} had a telephone conversation with {B} {D}."),
    (P, "{A} had a phone conversation with {B} {D}."),
    (P, "{A} phoned {B} {D}."),
    (P, "{A} telephoned {B} {D}."),
    (P, "{A} talked over the phone with {B} {D}."),
    (P, "{A} and {B} spoke by telephone {D}."),
    (P, "{A} held a call with {B} {D}."),
    (P, "{A} rang {B} {D}."),
    (P, "{A} dialled {B} {D}."),
    (P, "{A} spoke with {B} by phone {D}."),
    (P, "{A} and {B} held a phone call {D}."),
    (P, "A phone call was held between {A} and {B} {D}."),
    (P, "{A} received a phone call from {B} {D}."),
    (P, "{A} took a call from {B} {D}."),
    (P, "{A} talked with {B} by telephone {D}."),
    (P, "{A} spoke with {B} {D}."),
    (P, "{A} and {B} talked {D}."),
    (P, "{A} and {B} spoke {D}."),
    (P, "{A} called {B} {D}."),
    (P, "{A} made a phone call to {B} {D}."),
    (P, "{A} had a call with {B} {D}."),
    (P, "{A} exchanged views with {B} over the phone {D}."),
    (P, "{A} held telephone talks with {B} {D}."),
    (P, "{A} and {B} had a phone conversation {D}."),
    (P, "{A} spoke to {B} over the phone {D}."),
    (P, "{A} got on the phone with {B} {D}."),
    (P, "{A} conducted a phone call with {B} {D}."),
    (V, "{A} held a video call with {B} {D}."),
    (V, "{A} participated in a video teleconference with {B} {D}."),
    (V, "{A} held virtual talks with {B} {D}."),
    (V, "{A} and {B} held a video conference {D}."),
    (V, "{A} spoke with {B} via video link {D}."),
    (V, "{A} had a video chat with {B} {D}."),
    (V, "{A} met virtually with {B} {D}."),
    (V, "{A} held a videoconference with {B} {D}."),
    (V, "{A} connected with {B} by video {D}."),
    (V, "{A} and {B} talked by video {D}."),
    (V, "{A} engaged in a video teleconference with {B} {D}."),
    (V, "A video call was held between {A} and {B} {D}."),
    (V, "{A} held a virtual meeting with {B} {D}."),
    (V, "{A} spoke to {B} by video conference {D}."),
    (V, "{A} and {B} held talks via video link {D}."),
    (V, "{A} conducted a video call with {B} {D}."),
    (V, "{A} held a secure video conference with {B} {D}."),
    (M, "{A} met with {B} {D}."),
    (M, "{A} met {B} in Beijing {D}."),
    (M, "{A} held talks with {B} {D}."),
    (M, "{A} received {B} in Beijing {D}."),
    (M, "{A} hosted {B} at the Pentagon {D}."),
    (M, "{A} welcomed {B} to the Pentagon {D}."),
    (M, "{A} greeted {B} at the Great Hall of the People {D}."),
    (M, "{A} called on {B} in Beijing {D}."),
    (M, "{A} paid a courtesy call on {B} {D}."),
    (M, "{A} sat down with {B} {D}."),
    (M, "{A} conferred with {B} in Singapore {D}."),
    (M, "{A} huddled with {B} {D}."),
    (M, "{A} met {B} on the sidelines of the Shangri-La Dialogue {D}."),
    (M, "{A} and {B} met on the margins of a regional forum in Singapore {D}."),
    (M, "{A} and {B} held their first face-to-face talks {D}."),
    (M, "{A} held a meeting with {B} {D}."),
    (M, "{B} was received by {A} in Beijing {D}."),
    (M, "{A} and {B} met {D}."),
    (M, "{A} and {B} held talks in Beijing {D}."),
    (M, "{A} held a bilateral meeting with {B} {D}."),
    (M, "{A} met face-to-face with {B} {D}."),
    (M, "{A} and {B} met in person {D}."),
    (M, "{A} held an in-person meeting with {B} {D}."),
    (M, "{A} met his counterpart {B} {D}."),
    (M, "{A} had talks with {B} in Beijing {D}."),
    (M, "{A} held a meeting with {B} on the fringes of the G20 summit {D}."),
    (M, "{A} had a one-on-one meeting with {B} {D}."),
    # nominalised, passive, reported, in a subordinate clause
    (P, "The call between {A} and {B} {D} lasted 45 minutes."),
    (P, "In a phone conversation with {B} {D}, {A} urged restraint."),
    (V, "During a video call with {B} {D}, {A} raised Taiwan."),
    (M, "{A}'s talks with {B} {D} focused on Taiwan."),
    (M, "{A}'s meeting with {B} {D} lasted two hours."),
    (P, "{A}'s call with {B} {D} was the first in months."),
    (M, "In their meeting {D}, {A} told {B} that Washington would not back down."),
    (M, "{A}, who met {B} {D}, said the talks were candid."),
    (P, "{A}, who spoke by phone with {B} {D}, said the call was frank."),
    (M, "After meeting {B} in Beijing {D}, {A} told reporters the talks were useful."),
    (P, "According to a readout of the call {D} between {A} and {B}, the two discussed Taiwan."),
    (M, "{A} and {B} met {D} for their first face-to-face talks."),
    (P, "{A} and {B} spoke by phone {D} in the first contact between the two."),
    (V, "{A} and {B} held a video call {D}, their first since November."),
    (M, "{A} held talks with {B} in Beijing {D} at the invitation of the Chinese side."),
    (V, "At the invitation of {A}, {B} held a video call with him {D}."),
    (P, "{B} had a phone conversation with {A} {D} at the request of the U.S. side."),
    (V, "{A} and {B} held a virtual meeting {D}."),
    (V, "{A} spoke with {B} in a video call {D}."),
    (M, "{A} talked with {B} in Beijing {D}."),
    (M, "{A} spoke with {B} at the Pentagon {D}."),
    (P, "{A} and {B} conferred by phone {D}."),
    (M, "{A} hosted {B} for talks {D}."),
    (M, "{A} and {B} had their first face-to-face meeting {D}."),
    (V, "{A}'s video call with {B} {D} lasted an hour."),
    (M, "{B}'s meeting with {A} in Beijing {D} ended without agreement."),
    (V, "{A} had a virtual conversation with {B} {D}."),
    (M, "{A} met {B} on the fringes of the ASEAN meeting in Vientiane {D}."),
    (M, "{A} and {B} sat down together in Singapore {D}."),
    (P, "{A} and {B} had a telephone call {D}."),
    (V, "{A} and {B} held a video teleconference {D}."),
    (M, "{A} paid a visit to {B} {D}."),
    (M, "{A} was hosted by {B} in Beijing {D}."),
    (P, "{A} and {B} spoke over a secure line {D}."),
    (P, "{A} placed a call to {B} {D}."),
    (M, "{A} and {B} shook hands and held talks {D}."),
    (P, "{A} and {B} exchanged views by telephone {D}."),
]


@pytest.mark.parametrize("medium, template", TEMPLATES, ids=[t for _, t in TEMPLATES])
def test_every_composed_report_of_a_contact_is_found(medium, template):
    misses = []
    for sentence, published, day in _sentences(template):
        events = extract_events(sentence, published=published).events
        found = [(e.date, e.medium, e.status, sorted({p.side for p in e.participants}))
                 for e in events]
        if found != [(day, medium, "held", ["CN", "US"])]:
            misses.append(f"{sentence} -> {found}")
    assert not misses, f"{len(misses)} misses, e.g.\n" + "\n".join(misses[:5])


NOT_HELD = [
    "{A} and {B} have held a number of phone and video calls.",
    "{A} holds regular talks with {B}.",
    "{A} has spoken with {B} several times.",
    "{A} has never met {B}.",
    "{A} has yet to speak with {B}.",
    "{A} will meet {B} next week.",
    "{A} is expected to hold a video call with {B} in the coming weeks.",
    "{A} sought a phone call with {B}, but Beijing declined.",
    "{A} and {B} talk regularly.",
]


@pytest.mark.parametrize("template", NOT_HELD)
def test_composed_generic_negated_or_planned_mentions_are_never_held(template):
    wrong = []
    for a, b, published in PAIRS:
        for first, second in ((a, b), (b, a)):
            sentence = _compose(template, first, second, "")
            held = [e for e in extract_events(sentence, published=published).events
                    if e.status == "held"]
            if held:
                wrong.append(f"{sentence} -> {[(e.date, e.medium) for e in held]}")
    assert not wrong, "\n".join(wrong[:5])


# a contact going on as the article is written: present progressive, dated by publication
PRESENT = [
    (M, "{A} is sitting down with {B} {D}."),
    (M, "{A} and {B} are in talks in Beijing {D}."),
    (M, "{A} is meeting {B} {D}."),
    (M, "{A} is meeting with {B} in Singapore {D}."),
    (M, "{A} and {B} are meeting {D}."),
    (M, "{A} is holding talks with {B} {D}."),
    (M, "{A} and {B} are holding talks at the Pentagon {D}."),
    (M, "{A} is in a meeting with {B} {D}."),
    (M, "{A} and {B} are locked in talks {D}."),
    (M, "{A} and {B} are in discussions {D}."),
    (M, "{A} is in talks with {B} {D}."),
    (M, "{A} is hosting {B} at the Pentagon {D}."),
]
_NOW = ["right now", "as we speak", "today"]


@pytest.mark.parametrize("medium, template", PRESENT, ids=[t for _, t in PRESENT])
def test_a_contact_going_on_now_is_held_on_the_publication_day(medium, template):
    misses = []
    for a, b, published in PAIRS:
        for when in _NOW:
            for first, second in ((a, b), (b, a)):
                sentence = _compose(template, first, second, when)
                found = [(e.date, e.medium, e.status, sorted({p.side for p in e.participants}))
                         for e in extract_events(sentence, published=published).events]
                if found != [(published, medium, "held", ["CN", "US"])]:
                    misses.append(f"{sentence} -> {found}")
    assert not misses, f"{len(misses)} misses, e.g.\n" + "\n".join(misses[:5])


def _contacts(text: str, published: str) -> list[tuple]:
    """Each contact of text as (date, medium, status, sorted names)."""
    return [(e.date, e.medium, e.status, sorted(p.name for p in e.participants))
            for e in extract_events(text, published=published).events]


@pytest.mark.parametrize("medium, template", TEMPLATES[::3] + PRESENT[::2],
                         ids=[t for _, t in TEMPLATES[::3] + PRESENT[::2]])
def test_an_upper_cased_report_reads_as_the_same_contact(medium, template):
    """A TV transcript in capitals: the same contact as in ordinary case."""
    misses = []
    for a, b, published in PAIRS[::3]:
        for when in ("yesterday", "right now") if template in dict(PRESENT).values() else (
                "yesterday",):
            sentence = _compose(template, a, b, when)
            text = f"ANCHOR: WE HAVE NEWS FROM THE REGION. {sentence.upper()} MORE AFTER THIS."
            plain = _contacts(f"Anchor: We have news from the region. {sentence} More after this.",
                              published)
            upper = _contacts(text, published)
            if not plain or upper != plain:
                misses.append(f"{text} -> {upper} (ordinary case {plain})")
    assert not misses, f"{len(misses)} misses, e.g.\n" + "\n".join(misses[:5])


# one verb, two counterparts, each with its own day: two contacts
PER_DAY = [
    "{A} met {B} {D1} and {C} {D2}.",
    "{A} met {B}, China's defense minister, {D1} and {C} {D2}.",
    "{A} held talks with {B} {D1} and with {C} {D2}.",
    "{A} met with {B} {D1} and with {C} {D2}.",
    "{A} called on {B} {D1} and {C} {D2}.",
    "{A} sat down with {B} {D1} and {C} {D2}.",
    "{A} met {B} at the Bayi Building {D1} and {C} at the Great Hall of the People {D2}.",
]
_PER_DAY_CAST = ("Defense Secretary Robert Gates", "Gen. Cao Gangchuan", "President Hu Jintao",
                 "2007-11-07")


@pytest.mark.parametrize("template", PER_DAY)
def test_one_verb_with_a_day_per_counterpart_gives_a_contact_per_day(template):
    a, b, c, published = _PER_DAY_CAST
    misses = []
    for d1, d2 in (("on Monday", "on Tuesday"), ("on Nov. 5", "on Nov. 6"), ("Monday", "Tuesday")):
        sentence = template.format(A=a, B=b, C=c, D1=d1, D2=d2)
        found = sorted((e.date, sorted(p.name for p in e.participants if p.side == "CN"))
                       for e in extract_events(sentence, published=published).events)
        if found != [("2007-11-05", ["Cao Gangchuan"]), ("2007-11-06", ["Hu Jintao"])]:
            misses.append(f"{sentence} -> {found}")
    assert not misses, "\n".join(misses[:5])

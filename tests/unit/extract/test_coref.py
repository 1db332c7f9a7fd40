import pytest

from app.extract import coref
from app.extract.people import PeopleFinder, load_gazetteer
from app.extract.text import split_sentences


def refs(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(text[r.start:r.end], r.kind, r.side, r.role)
            for r in coref.find_references(text, 0, len(text), [])]


@pytest.mark.parametrize("text, found", [
    ("He held talks with Wang Yi.", ("He", "pronoun", None, None)),
    ("Mullen hosted him at the Pentagon.", ("him", "pronoun", None, None)),
    ("The two men discussed Taiwan.", ("The two men", "pair", None, None)),
    ("Both agreed to keep talking.", ("Both", "pair", None, None)),
    ("the two presidents met", ("the two presidents", "pair", None, "leader")),
    ("He told his Chinese counterpart so.", ("his Chinese counterpart", "side", "CN", None)),
    ("China's defence minister told reporters.", ("China's defence minister", "side", "CN",
                                                  "defense")),
    ("Sullivan met one of China's top generals.", ("one of China's top generals", "side", "CN",
                                                   "defense")),
    ("The Pentagon chief flew home.", ("The Pentagon chief", "side", "US", "defense")),
    ("China's top diplomat arrived.", ("China's top diplomat", "side", "CN", "diplomatic")),
    ("The CJCS flew home.", ("The CJCS", "side", "US", None)),
])
def test_references_and_what_they_say(text, found):
    assert found in refs(text)


@pytest.mark.parametrize("text, words", [
    ("The two countries agreed.", "The two"),  # countries are not people
    ("Both militaries keep channels open.", "Both"),
    ("He said the call was useful.", "He"),  # the speaker, not a participant
    ("They met their Chinese colleagues.", "their Chinese colleagues"),  # a group, not a person
])
def test_what_is_not_a_reference_to_a_participant(text, words):
    assert words not in [r[0] for r in refs(text)]


def resolver_for(text: str, barriers=()):
    mentions = PeopleFinder(load_gazetteer()).find(text, [(0, len(text))])
    return coref.Resolver(mentions, split_sentences(text), lambda i: i in barriers)


def test_a_pronoun_is_the_last_person_of_the_side_it_lacks():
    text = "Sullivan met Xi Jinping on Thursday. He held talks with Wang Yi."
    res = resolver_for(text)
    ref = coref.Reference(text.index("He"), text.index("He") + 2, coref.PRONOUN, None)
    found = res.resolve(ref, {"US"}, {"Wang Yi"})
    assert [(m.person.name, m.kind) for m in found] == [("Jake Sullivan", "reference")]


def test_a_description_looks_forward_when_nobody_was_named_before():
    text = ("China's defence minister warned his American counterpart on Thursday. "
            "Wei Fenghe and Mark Esper spoke for 90 minutes.")
    res = resolver_for(text)
    start = text.index("his American")
    ref = coref.Reference(start, start + 21, coref.SIDE, "US")
    assert [m.person.name for m in res.resolve(ref, {"US", "CN"}, set())] == ["Mark Esper"]


def test_a_description_of_an_office_skips_people_without_it():
    text = ("Adm. Samuel Paparo held a video call with Gen. Wu Yanan. "
            "The US Defense Secretary hopes to meet his Chinese counterpart.")
    res = resolver_for(text)
    found = coref.find_references(text, text.index("The US"), len(text), [])
    secretary = next(r for r in found if r.side == "US")
    assert secretary.office == "secretary"
    assert res.resolve(secretary, {"US"}, set()) == []


def test_a_pair_does_not_reach_past_another_dated_contact():
    text = ("Wu Yanan met Samuel Paparo on Sept. 18. Defense policy talks were held in Beijing "
            "on Sept. 14. The two sides exchanged views.")
    sentences = split_sentences(text)
    res = resolver_for(text, barriers=[0, 1])
    start = text.index("The two sides")
    pair = coref.Reference(start, start + 13, coref.PAIR, None)
    assert res.resolve(pair, {"US", "CN"}, set()) == []
    assert len(sentences) == 3
    # without the dated talks in between, the pair is the two named just before
    assert {m.person.name for m in resolver_for(text).resolve(pair, {"US", "CN"}, set())} == {
        "Wu Yanan", "Samuel Paparo"}

"""The big patterns run cheaper with the same matches: the word-start guard, the word filter
that spares a scan, and the case-sensitive twins over folded text."""

import json
import re
from pathlib import Path

import pytest

from app.extract import media, people
from app.extract.dates import DATE_RE
from app.extract.patterns import (at_word_start, fold_case, folded_twin, lead_twin, required_words,
                                   scan, search)
from app.extract.topics import load_taxonomy

SAMPLE = ("WASHINGTON, Aug. 7 (Reuters) - Austin met Dong on Friday, 2024-05-31, after talks in "
          "mid-May and a call last week; re-met?  xMonday 3May 12 tonight, 7 May 2021.")


def test_the_guard_keeps_every_match_of_a_pattern_whose_alternatives_begin_words():
    for pattern in (DATE_RE.pattern, r"\b(?:met|talks|call)\b|\bre-\w+"):
        plain = [m.span() for m in re.compile(pattern).finditer(SAMPLE)]
        guarded = [m.span() for m in at_word_start(pattern).finditer(SAMPLE)]
        assert guarded == plain and plain


def test_the_guard_rejects_a_match_inside_a_word():
    assert not at_word_start(r"ting").search("meeting")
    assert at_word_start(r"meet", re.IGNORECASE).search("the MEETING")


@pytest.mark.parametrize("pattern, words", [
    (r"\bcall(?:ed|ing)\s+on\b", ("called", "calling")),
    (r"\b(?:secure\s+)?video\b|\bVTCs?\b", ("video", "vtc")),
    (r"(?:talks|meetings?)\s+with", ("talks", "meeting")),  # the shortest spelling is enough
    (r"\bmet\b|\bon\b", ()),  # "on" is in nearly every text: no filter
    (r"(?:video)?\s*call", ("call",)),  # an optional part is not needed
    (r"[A-Z][a-z]+day", ("day",)),
    (r"\bdéfense\b", ("fense",)),  # only ASCII letters are compared
    (r"(?<=video )call|\d+", ()),  # a lookaround's text is not in the match; digits are no word
])
def test_required_words(pattern, words):
    assert required_words(re.compile(pattern, re.IGNORECASE)) == words


def test_a_scan_is_spared_only_when_no_match_can_exist():
    video = re.compile(r"\bvideo\s+call\b", re.IGNORECASE)
    for text, found in [("held a VIDEO call", True), ("held a vıdeo call", True),  # dotless i
                        ("İ held a phone call", False), ("a video link", False)]:
        spans = [m.span() for m in scan(video, text, 0, len(text))]
        assert spans == [m.span() for m in video.finditer(text)] and bool(spans) == found
    assert len(fold_case("İstanbul talks")) == len("İstanbul talks")


_DEV = sorted((Path(__file__).parents[2] / "fixtures" / "articles").glob("*.json"))


@pytest.mark.parametrize("pattern", [r"(\w+) \1", r"σ", r"[\u00C0-\u024F]+", r"x?"])
def test_no_twin_where_folding_would_tell_otherwise(pattern):
    assert folded_twin(re.compile(pattern, re.IGNORECASE)) is None
    assert folded_twin(re.compile(r"\bMMCA\b")) is None  # case-sensitive: no faster twin


def test_a_twin_of_a_partly_case_sensitive_pattern_is_checked_by_the_pattern():
    texts = ["On Monday the talks on monday, MONDAY, Tuesday; A-b a-B", "\u212aelvin: Monday İs ıt"]
    for pattern in (re.compile(r"(?-i:[A-Z])[a-z]+day\b(?!,)", re.IGNORECASE),
                    re.compile(r"(?<![A-Za-z])(?i:the|on) (?-i:[^A-Z;]+)"),
                    re.compile(r"(?-i:[A-Z])-(?-i:[a-z])", re.IGNORECASE), DATE_RE):
        twin, every_text = folded_twin(pattern)
        assert not every_text  # (a text with lookalikes is searched by the pattern itself)
        for text in texts:
            assert [(m.span(), m.groups()) for m in scan(pattern, text, 0, len(text))] == \
                [(m.span(), m.groups()) for m in pattern.finditer(text)]
            found = search(pattern, text, 3, len(text))
            expected = pattern.search(text, 3, len(text))
            assert (found and found.span()) == (expected and expected.span())


def test_a_case_blind_search_by_its_twin_is_the_search():
    text = "İSTANBUL, ıt was ſaid: the \u212aELVIN talks — TÊTE-À-TÊTE with Gen. Li; A-Z?"
    for pattern in (r"\b[a-z]+\b", r"(?P<w>t[eê]te)-[àa]-t[eê]te", r"[^;]{3,}?\bsaid",
                    r"(?<=, )\w+", r"\bk\w+", r"\bit\b", r"[A-Z]-[A-Z]\?", r"\bgen\."):
        p = re.compile(pattern, re.IGNORECASE)
        assert folded_twin(p) is not None
        for start in range(0, len(text), 7):
            expected = p.search(text, start, len(text))
            found = search(p, text, start, len(text))
            assert (found and (found.span(), found.groups())) == \
                (expected and (expected.span(), expected.groups()))
            assert [(m.span(), m.groups()) for m in scan(p, text, start, len(text))] == \
                [(m.span(), m.groups()) for m in p.finditer(text, start, len(text))]


def test_scans_of_the_big_patterns_find_what_their_full_scans_find():
    patterns = [p for p, _, _ in media._PATTERNS] + [p for p, _ in media._MORE_PHRASES] + \
        [p for p, _ in media.STATUS_CUES] + [t.pattern for t in load_taxonomy().topics] + \
        [DATE_RE]
    texts = [json.loads(path.read_text(encoding="utf-8")).get("text", "") for path in _DEV]
    assert len(texts) > 50
    for pattern in patterns:
        for text in texts:
            assert [(m.span(), m.groups()) for m in scan(pattern, text, 0, len(text))] == \
                [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_a_lead_twin_reads_the_character_before_each_place_the_twin_matches():
    pattern = at_word_start(r"\bmeet(?:s|ing)?\b|\btalks\b", re.IGNORECASE)
    lead = lead_twin(pattern)
    text = fold_case("Meeting: the TALKS, re-meets, xtalks; meet")
    places = [m.start() for m in folded_twin(pattern)[0].finditer(text)]
    assert [m.start() + 1 for m in lead.finditer(text)] == places[1:] and places[0] == 0
    assert lead_twin(re.compile(r"\bmeet", re.IGNORECASE)) is None  # no guard to read


def test_searches_from_any_place_find_what_the_plain_searches_find():
    # (a search starting inside a word, on its first letter, or before a space)
    patterns = [p for p, _, _ in media._PATTERNS] + [DATE_RE, media._NOUN, load_taxonomy().any]
    assert all(lead_twin(p) is not None for p in patterns)
    texts = [json.loads(path.read_text(encoding="utf-8")).get("text", "") for path in _DEV[:30]]
    for pattern in patterns:
        for text in texts:
            for start in range(0, len(text), 37):
                end = min(len(text), start + 300)
                found, expected = search(pattern, text, start, end), pattern.search(text, start, end)
                assert (found and (found.span(), found.groups())) == \
                    (expected and (expected.span(), expected.groups()))


def test_a_twin_drops_the_word_boundaries_its_alternatives_open_with():
    pattern = at_word_start(r"\bmet\b|\b(?:held|had)\s+talks\b|(?<!the )\bcall\b", re.IGNORECASE)
    text = "Dümet MET them; had talks, the call; call"  # (ü: a word start to the guard, not to \b)
    twin = folded_twin(pattern)[0]
    assert [m.start() for m in twin.finditer(fold_case(text))] == [2, 6, 16, 37]  # (2: one more)
    assert [m.span() for m in scan(pattern, text, 0, len(text))] == \
        [m.span() for m in pattern.finditer(text)] == [(6, 9), (16, 25), (37, 41)]


def test_a_twin_by_first_letters_matches_at_the_places_of_the_pattern():
    # nested unions flattened, then alternatives that share a first letter under one test of
    # it, in another order ("at" before "a"), one a prefix of another ("a" and "at")
    pattern = at_word_start(r"(?:\ba\b|\bcall)|(?:\bat (?:least|most)|\bcalm\b)|\bbid|\bat\b",
                            re.IGNORECASE)
    text = "A call at least; calmly, at most a bid. Calm at"
    twin = folded_twin(pattern)[0]
    assert [m.start() for m in twin.finditer(fold_case(text))] == \
        [m.start() for m in pattern.finditer(text)] == [0, 2, 7, 25, 33, 35, 40, 45]


def test_the_guarded_trigger_and_title_patterns_match_as_their_plain_forms_do():
    guard = at_word_start("").pattern[:-1]
    texts = [json.loads(path.read_text(encoding="utf-8")).get("text", "") for path in _DEV]
    for pattern in (media._CALL_VERB, media._SIGNED, media._SEPARATELY_WITH, people._TITLE_REF):
        assert pattern.pattern.startswith(guard)
        plain = re.compile(pattern.pattern[len(guard):-1], pattern.flags)
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == \
                [m.span() for m in plain.finditer(text)]

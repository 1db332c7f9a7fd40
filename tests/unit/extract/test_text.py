"""Sentence splitting helpers and the word-start guard of the big patterns."""

import re

from app.extract.dates import DATE_RE
from app.extract.text import at_word_start

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

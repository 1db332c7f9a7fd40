"""Sentences and tokens with character offsets into the original text."""

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "gen lt maj brig adm col capt cmdr cdr sgt dr mr mrs ms sen rep gov jr sr st no vs etc inc co "
    "corp prof rev jan feb mar apr jun jul aug sep sept oct nov dec ft mt pres sec amb".split())
_BOUNDARY = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*")
_BOUNDARY_LOWER = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[a-z0-9])|\n\s*")  # lower-cased text
_UPPER = re.compile(r"[A-Z]")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?[\"”’)]*$")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start, paragraph = 0, 0
    upper = len(_UPPER.findall(text, 0, 5000))
    boundary = _BOUNDARY_LOWER if upper < len(text[:5000]) * 0.005 else _BOUNDARY
    for m in boundary.finditer(text):
        if m.group(0)[0] not in "\n":
            word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start() + 1)
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        end = m.start() + (0 if m.group(0)[0] == "\n" else 1)
        _add(sentences, text, start, end, paragraph)
        if "\n" in m.group(0):
            paragraph += 1
        start = m.end()
    _add(sentences, text, start, len(text), paragraph)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, paragraph))


TOKEN_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+")

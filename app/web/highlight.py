"""An article's text cut into runs for the ingest page: plain text, and evidence of candidates.

Evidence spans of several candidates may overlap (one sentence reports two contacts): the
text is cut at every span's start and end, and each run knows every candidate it is evidence
for, and which spans start at it (where the page puts a link to the candidate's card).
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    candidate: int  # the candidate's number as the page shows it (1, 2, ...)
    evidence: int  # which of its evidence spans (0, 1, ...)
    start: int
    end: int


@dataclass(frozen=True)
class Run:
    text: str
    candidates: tuple[int, ...] = ()  # evidence for these candidates (empty: plain text)
    starts: tuple[Span, ...] = ()  # spans that begin with this run


def runs(text: str, spans: Sequence[Span]) -> list[Run]:
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        out.append(Run(text[a:b], tuple(sorted({s.candidate for s in covering})),
                       tuple(s for s in spans if s.start == a)))
    return out

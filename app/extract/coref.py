"""References to the people of an article: pronouns ("he", "him"), pairs ("the two men", "both
sides") and descriptions ("his Chinese counterpart", "China's defence minister", "the Pentagon
chief"), and the named people they stand for.

A description or a pair looks back a few sentences for the person of its side, and forward when
the article names them only later ("The top U.S. and Chinese admirals held a video call. Adm.
Richardson and Adm. Wu discussed ..."); a pronoun only looks back.
"""

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.extract.people import Mention
from app.extract.patterns import at_word_start, scan
from app.extract.text import Sentence

_I = re.IGNORECASE
PRONOUN, PAIR, SIDE = "pronoun", "pair", "side"
LOOK_BACK, LOOK_AHEAD = 3, 2  # sentences

_PRONOUN = at_word_start(r"\b(?:he|she|him)\b(?!\s+(?:said|says|added|noted|told reporters))", _I)
# "The heads of the American and Chinese navies held a video call", "China and the United States
# held talks": the pair is named further on
_BOTH_SIDES_PEOPLE = re.compile(
    r"\b(?:(?:U\.S\.|US|American)\s+and\s+Chinese|Chinese\s+and\s+(?:U\.S\.|US|American))\s+"
    r"(?:[\w-]+\s+){0,2}?(?:commanders|generals|admirals|chiefs|ministers|officials|officers|leaders"
    r"|heads|secretaries|presidents|counterparts|diplomats)\b|\b(?:heads|chiefs|commanders|leaders)"
    r" of the (?:U\.S\.|US|American) and Chinese\b|\b(?:heads|chiefs|commanders|leaders) of the "
    r"Chinese and (?:U\.S\.|US|American)\b|\b(?:officials|officers|delegations"
    # "The defence chiefs of China and the United States met"
    r"|(?:defen[cs]e |military |navy |naval )?(?:chiefs|ministers|heads|leaders|commanders))"
    r" (?:of|from) (?:China and the (?:United States|U\.S\.)|the (?:United States|U\.S\.) and China)\b",
    re.IGNORECASE)
_COUNTRY_PAIR = re.compile(  # the subject of the sentence
    r"\W*(?:China and the (?:United States|U\.S\.|US)|the (?:United States|U\.S\.) and China"
    r"|Beijing and Washington|Washington and Beijing)(?=\s+(?:have\s+|on\s+\w+\s+)?(?:held|hold|holds"
    r"|conducted|opened)\b)", re.IGNORECASE)
_PAIR_NOUN = (r"men|women|officials|leaders|ministers|defen[cs]e (?:chiefs|ministers|secretaries"
              r"|heads)|generals|admirals|commanders|chiefs|sides|presidents|counterparts|navy chiefs"
              r"|military chiefs|service chiefs|top (?:officers|generals|military officers)"
              r"|heads of state|diplomats|officers|delegations|vice[- ]presidents")
# a bare "the two" or "both" is a pair of people only when a verb or a pause follows it
_PAIR = at_word_start(
    rf"\b(?:the two|both|the pair|the duo)\s+(?:{_PAIR_NOUN})\b"
    r"|\b(?:the three|all three)\b"
    r"|\b(?:the two|both|the pair|the duo)(?=\s*[,;)]|\s+(?:also|have|had|has|last|first|then|later"
    r"|again|spoke|met|talked|agreed|discussed|held|exchanged|pledged|vowed|reaffirmed|in|on|at|during"
    r"|for|by|over|via|would|will|should|shook|sat|conferred|addressed|reached|were|are)\b)"
    r"|\bthey\b(?!\s+(?:said|say|told))", _I)
# what a description says of the person: "the two presidents" are leaders, "China's top generals"
# military men, "China's top diplomat" a diplomat
_ROLE_CLASS = [(re.compile(r"president|(?<!two )(?<!both )leader|heads? of state|premier", _I),
                "leader"),
               (re.compile(r"diplomat|envoy|foreign minister|secretary of state", _I), "diplomatic"),
               (re.compile(r"defen[cs]e|general|admiral|commander|military|navy|officer|minister"
                           r"|secretary|SecDef|Pentagon", _I), "defense")]
_ROLE = (r"(?:counterpart|host|guest|colleague|opposite number|visitor|minister|secretary|general"
         r"|admiral|commander|chief|officer|leader|diplomat|envoy|side|boss|head)s?\b")
# the side word first (a fast scan), the determiner before it found by _DETERMINER
_CN_REF = at_word_start(
    rf"\b(?:Chinese|PLA|PRC)\s+(?:[\w'’-]+\s+){{0,2}}?{_ROLE}"
    rf"|\b(?:China|Beijing)['’]s\s+(?:[\w-]+\s+){{0,3}}?{_ROLE}", _I)
_US = r"(?:American|U\.S\.|(?-i:US))"
_US_REF = at_word_start(
    rf"\b{_US}\s+(?:[\w'’-]+\s+){{0,2}}?{_ROLE}"
    rf"|\b(?:America|Washington|the United States|the Pentagon)['’]s\s+(?:[\w-]+\s+)"
    rf"{{0,3}}?{_ROLE}|\bthe Pentagon (?:chief|head|boss)\b|\b(?:the )?(?-i:SecDef|CJCS)\b"
    # "the secretary spoke yesterday with General Wei": China has ministers, not secretaries
    r"|\bthe secretary\b(?![-\s]+general)", _I)
_DETERMINER = re.compile(r"(?:\b(?:his|her|their|the|a|one of(?: the| his| her| their)?)\s+)?"
                         r"(?:\b(?:visiting|senior|top)\s+)*$", _I)


_PLURAL_ROLE = re.compile(_ROLE.replace("s?\\b", "s$"), _I)
_OFFICE = re.compile(r"minister|secretary|chairman|president|ambassador", _I)
# "the two defense chiefs", "both defence ministers": the ministers, not the generals (the office
# word the titles share)
_PAIR_OFFICE = re.compile(r"defen(?=[cs]e (?:chiefs|ministers|secretaries|heads))", _I)


@dataclass(frozen=True, slots=True)
class Reference:
    start: int
    end: int
    kind: str  # pronoun | pair | side
    side: str | None  # the side a description names
    role: str | None = None  # leader | diplomatic | defense, when the words say it
    office: str | None = None  # "minister", "secretary": the named person's title must say it too
    forward: bool = False  # "The top U.S. and Chinese admirals held a call": named further on


def opens_with_reference(text: str, start: int) -> bool:
    """'The CJCS discussed ...', 'China's defence minister said ...': a readout that goes on
    about the people of the contact without naming them."""
    return any(p.match(text, start) for p in (_US_REF, _CN_REF, _PRONOUN, _PAIR))


def role_of(words: str) -> str | None:
    return next((role for pattern, role in _ROLE_CLASS if pattern.search(words)), None)


_SCANS = [
    (_CN_REF, SIDE, "CN", ("chinese", "pla", "prc", "china", "beijing")),
    (_US_REF, SIDE, "US", ("american", "u.s.", "us ", "us-", "america", "washington",
                           "united states", "pentagon", "secdef", "cjcs", "the secretary")),
    (_PAIR, PAIR, None, ("two", "both", "pair", "duo", "three", "they")),
    (_PRONOUN, PRONOUN, None, ("he", "him")),
]


def find_references(text: str, start: int, end: int, taken: list[Mention]) -> list[Reference]:
    """References in text[start:end] (one sentence) that no named mention already covers."""
    spans = [(m.start, m.end) for m in taken]

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in spans)

    found: list[Reference] = []
    words = text[start:end].lower()
    pairs = list(_BOTH_SIDES_PEOPLE.finditer(text, start, end)) if " and " in words else []
    if m := _COUNTRY_PAIR.match(text, start, end):
        pairs.append(m)
    for m in pairs:
        if free(m.start(), m.end()):
            found.append(Reference(m.start(), m.end(), PAIR, None, forward=True))
    for pattern, kind, side, hints in _SCANS:
        if not any(h in words for h in hints):  # a plain scan is far cheaper than the pattern
            continue
        for m in scan(pattern, text, start, end):
            begin = m.start()
            if kind == SIDE:  # "one of China's top generals", "his Chinese counterpart"
                begin = _DETERMINER.search(text, max(start, begin - 24), begin).start()
            said = text[begin:m.end()].lower()
            if kind == SIDE and _PLURAL_ROLE.search(said) and not said.startswith("one of"):
                continue  # "their Chinese colleagues": a group, not one of the people named
            if free(begin, m.end()) and not any(r.start < m.end() and begin < r.end for r in found):
                office = _OFFICE.search(said) if kind == SIDE else _PAIR_OFFICE.search(said)
                found.append(Reference(begin, m.end(), kind, side, role_of(said),
                                       office=office.group() if office else None))
    found.sort(key=lambda r: r.start)
    return found


class Resolver:
    """Named participants of the article, to find the one a reference stands for."""

    def __init__(self, mentions: list[Mention], sentences: list[Sentence],
                 is_barrier: Callable[[int], bool] = lambda i: False,
                 is_barrier_ahead: Callable[[int], bool] | None = None):
        self.named = [m for m in mentions if m.person is not None and m.participant
                      and m.kind not in ("counterpart", "reference")]
        self.starts = [m.start for m in self.named]
        self.sentence_starts = [s.start for s in sentences]
        # a sentence that reports a (dated) contact of its own: a reference does not reach past
        # it to the people of an older contact, nor forward into a newer one. Asked lazily: most
        # articles resolve few references.
        self.is_barrier = is_barrier
        # ahead, even a definite contact with a day of its own ("That came weeks after Hegseth and
        # Dong held their first meeting on Oct. 31") is another contact's people
        self.is_barrier_ahead = is_barrier_ahead or is_barrier
        self.count = len(sentences)

    def _window(self, pos: int, back: int = LOOK_BACK) -> tuple[int, int]:
        here = self.sentence_of(pos)
        first = max(0, here - back)
        for k in range(here - 1, first - 1, -1):
            if self.is_barrier(k):
                first = k
                break
        last = min(self.count - 1, here + LOOK_AHEAD)
        for k in range(here + 1, last + 1):
            if self.is_barrier_ahead(k):
                last = k - 1
                break
        return first, last

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_starts, pos) - 1

    @staticmethod
    def _fits(m: Mention, side: str | None, ref: Reference | None, exclude: set[str]) -> bool:
        if side is not None and m.side != side or m.person.name in exclude:
            return False
        if ref is None:
            return True
        if ref.role and (m.person.category or "defense") != ref.role:
            return False
        if ref.office:  # "the US Defense Secretary" is not the admiral named before
            p = m.person
            title = " ".join(t[0] for t in p.official.titles) if p.official else (p.title or "")
            return ref.office in title.lower()
        return True

    def before(self, side: str | None, pos: int, exclude: set[str] = frozenset(),
               ref: Reference | None = None, category: str | None = None,
               back: int = LOOK_BACK) -> Mention | None:
        """The last participant of that side (any side when None) in the few sentences before
        (of that category only, when given)."""
        first = self._window(pos, back)[0]
        for k in range(bisect.bisect_left(self.starts, pos) - 1, -1, -1):
            m = self.named[k]
            if self.sentence_of(m.start) < first:
                return None
            if m.end <= pos and self._fits(m, side, ref, exclude) and (
                    category is None or _category(m) == category):
                return m
        return None

    def after(self, side: str, pos: int, exclude: set[str] = frozenset(),
              ref: Reference | None = None) -> Mention | None:
        """The first participant of that side later in the sentence or the next ones."""
        last = self._window(pos)[1]
        for k in range(bisect.bisect_left(self.starts, pos), len(self.named)):
            m = self.named[k]
            if self.sentence_of(m.start) > last:
                return None
            if self._fits(m, side, ref, exclude):
                return m
        return None

    def _counterparts(self, ref: Reference, targets: list, known: set[str]) -> list:
        """'They met at the Shangri-La Dialogue' after Austin and Admiral Dong, with President Xi
        named further on; 'the pair had agreed' after 'Hegseth - who ... after President Trump
        rebranded the Pentagon - met Adm Dong': a pair is two counterparts, so a side whose person
        holds another kind of office than the other side's is the last one before of the same
        kind, when the previous few sentences name one."""
        out = list(targets)
        for i, (side, m) in enumerate(targets):
            other = targets[1 - i][1]
            better = self.before(side, ref.start, known, None, _category(other), 2 * LOOK_BACK)
            if better is not None and better.person.name != m.person.name:
                out[i] = (side, better)
                return out
        return out

    def only(self, side: str, exclude: set[str], ref: Reference) -> Mention | None:
        """'the two heads of state' far from any leader: the article's only one of that side."""
        fitting = {m.person.name: m for m in self.named if self._fits(m, side, ref, exclude)}
        return next(iter(fitting.values())) if len(fitting) == 1 else None

    def resolve(self, ref: Reference, missing: set[str], known: set[str]) -> list[Mention]:
        """Mentions (placed at the reference) of the people it stands for, on the missing sides."""
        out = []
        if ref.kind == PRONOUN:
            side = next(iter(missing)) if len(missing) == 1 else None
            targets = [(side, self.before(side, ref.start, known))]
        else:
            sides = [ref.side] if ref.kind == SIDE else sorted(missing)
            targets = []
            for side in sides:
                if side not in missing:
                    continue
                # "U.S. and Chinese naval officers held talks": a group named further on, if at all
                ahead = self.after(side, ref.end, known, ref)
                back = None if ref.forward else self.before(side, ref.start, known, ref)
                targets.append((side, back or ahead or (self.only(side, known, ref)
                                                        if ref.kind == PAIR and ref.role else None)))
        if ref.kind == PAIR and not ref.forward and len(targets) == 2:
            # "They last spoke in March" a few answers after "the secretary spoke with Wei": the
            # pair is the one of the article's contact, named further back than a few sentences
            # (up to the last sentence that reports another dated contact)
            for i, (side, m) in enumerate(targets):
                if m is None:
                    other = targets[1 - i][1]
                    targets[i] = (side, self.before(side, ref.start, known, ref, other and
                                                    _category(other), 4 * LOOK_BACK))
        if ref.kind == PAIR and len(targets) == 2 and all(m is not None for _, m in targets) and \
                _category(targets[0][1]) != _category(targets[1][1]):
            targets = self._counterparts(ref, targets, known)
        for _, m in targets:
            if m is not None and m.side in missing:
                out.append(Mention(ref.start, ref.end, m.person, m.side, "reference", text=m.text))
                missing = missing - {m.side}
        return out


def _category(m: Mention) -> str:
    return m.person.category or "defense"

"""The dates that govern a passage from outside its sentences.

A contact is often reported in a sentence that holds no date of its own: the date stands in the
discourse around it.

- A timeline heads each item with its date: "June 2018, Beijing. He held talks with Wei." (the
  heading opens the item's paragraph), or a line of its own, "## June 2018" or "2019: Bangkok",
  above the one or more paragraphs of the item, up to the next such line.
- A wire story's dateline, "BEIJING, Nov 5 (Reuters) -", dates its lede: "Gates said after talks
  with his Chinese counterpart" is that day's contact.

Both map a paragraph to its governing date; pipeline.py gives that date to the undated reports
of the paragraph.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.extract.dates import DateContext, DateMention, find_dates
from app.extract.people import Mention
from app.extract.text import Sentence

# "November 9, 2018, Washington.", "October 2018 (called off).", "2019: Bangkok", "## June 2018"
_HEADING_MARKS = re.compile(r"[\s#*•>-]*")
_HEADING_REST = re.compile(r"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?\s*(?:\([^()]{0,30}\))?"
                           r"(?:\s*[:–—-]\s*[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,4}?)?[\s.:–—*-]*")
_MAX_HEADING = 60
# a heading line governs the paragraphs below it, but a timeline's items are short: not the
# rest of the article after its last item
_MAX_GOVERNED = 3


def timeline_headings(text: str, sentences: list[Sentence],
                      event_dates: Callable[[Sentence], list[DateMention]]) -> dict[int, DateMention]:
    """paragraph -> the date of the timeline heading that governs it. A heading that shares its
    paragraph with the item governs that paragraph; a heading line of its own governs the
    paragraphs under it when the article has two such lines or more (one lone date line under
    a headline is the publication date, not a timeline)."""
    inline: dict[int, DateMention] = {}
    lines: list[tuple[int, DateMention]] = []
    for s in sentences:
        if s.end - s.start > _MAX_HEADING or (s.index and sentences[s.index - 1].paragraph == s.paragraph):
            continue
        dates = event_dates(s) or _bare_year(text, s)
        if not (len(dates) == 1 and dates[0].kind == "explicit"
                and _HEADING_MARKS.fullmatch(text, s.start, dates[0].start)
                and _HEADING_REST.fullmatch(text, dates[0].end, s.end)):
            continue
        nxt = sentences[s.index + 1] if s.index + 1 < len(sentences) else None
        if nxt is not None and nxt.paragraph == s.paragraph:
            inline[s.paragraph] = dates[0]
        elif nxt is not None:
            lines.append((s.paragraph, dates[0]))
    out = dict(inline)
    if len(lines) >= 2:
        bounds = [p for p, _ in lines] + [sentences[-1].paragraph + 1]
        for (p, d), stop in zip(lines, bounds[1:]):
            for q in range(p + 1, min(stop, p + 1 + _MAX_GOVERNED)):
                out.setdefault(q, d)
    return out


# "2018", "## 2019", "**2020**", "2021:", "— 2022 —": a line that is only a year heads a section
_YEAR_LINE = re.compile(r"[\s#*•>=_–—-]*(?:(?i:year)\s+)?((?:19|20)\d\d)[\s#*:=_–—-]*")
_MAX_SECTION = 20  # paragraphs a year heading governs at most


def section_years(text: str, sentences: list[Sentence]) -> dict[int, int]:
    """paragraph -> the year of the section it stands in, in a chronology whose sections are
    headed by lines that hold only a year ("2018" above "14 June – Richardson and Shen hold a
    video teleconference"): the year of its items' days and months. Only when the article has
    two such lines or more."""
    heads: list[tuple[int, int]] = []
    for s in sentences:
        alone = (not s.index or sentences[s.index - 1].paragraph != s.paragraph) and (
            s.index + 1 == len(sentences) or sentences[s.index + 1].paragraph != s.paragraph)
        if alone and (m := _YEAR_LINE.fullmatch(text, s.start, s.end)):
            heads.append((s.paragraph, int(m.group(1))))
    if len(heads) < 2:
        return {}
    out: dict[int, int] = {}
    bounds = [p for p, _ in heads[1:]] + [sentences[-1].paragraph + 1]
    for (p, year), stop in zip(heads, bounds):
        for q in range(p + 1, min(stop, p + 1 + _MAX_SECTION)):
            out[q] = year
    return out


_BARE_YEAR = re.compile(r"[\s#*•>-]*((?:19|20)\d\d)\b")


def _bare_year(text: str, s: Sentence) -> list[DateMention]:
    """'2019', '## 2023: Silence': a heading's year, which no sentence would give alone."""
    m = _BARE_YEAR.match(text, s.start, s.end)
    if m is None:
        return []
    return [DateMention(m.start(1), m.end(1), date(int(m.group(1)), 1, 1), None, "year", "explicit",
                        "event")]


_MAX_FRAME = 6  # paragraphs the dateline's day governs at most


def dateline_frame(text: str, sentences: list[Sentence], ctx: DateContext,
                   event_dates: Callable[[Sentence], list[DateMention]]) -> dict[int, DateMention]:
    """{paragraph: the dateline's date} for the lede and the paragraphs after it that tell the
    same day's story: up to the first that names a date more than a day from it ("visited
    Beijing last month"), at most a few. {} when no sentence opens with a dateline."""
    lede = None
    for s in sentences[:6]:
        dates = [d for d in find_dates(text, s.start, min(s.end, s.start + 80), ctx)
                 if d.role == "dateline" and d.precision == "day"]
        if dates:
            lede = s, dates[0]
            break
    if lede is None:
        return {}
    first, day = lede
    out = {first.paragraph: day}
    for s in sentences[first.index + 1:]:
        if s.paragraph > first.paragraph + _MAX_FRAME:
            break
        if s.paragraph != first.paragraph and any(
                d.precision != "day" or abs((d.date - day.date).days) > 1 for d in event_dates(s)):
            out.pop(s.paragraph, None)
            break
        out[s.paragraph] = day
    return out


def nearby_cast(indexes: list[int], missing: set[str], sentences: list[Sentence],
                by_sentence: dict[int, list[Mention]], taken: set[int]) -> list[Mention]:
    """'Chinese and US defence officials held talks in Beijing on Tuesday. ... Song Yanchao led
    the Chinese side': the people of the side a contact's own sentences do not name, from the
    nearest sentence next to them that reports no contact: one before in the same paragraph,
    or one or two after, in the same or the next paragraph."""
    own = set(indexes)
    for distance in (1, 2):
        for i in indexes:
            for j in (i + distance, i - distance) if distance == 1 else (i + distance,):
                if j in own or j in taken or not 0 <= j < len(sentences) or \
                        not 0 <= sentences[j].paragraph - sentences[i].paragraph <= (j > i):
                    continue
                found = [m for m in by_sentence.get(j, ()) if m.person is not None
                         and m.participant and m.side in missing]
                if found:
                    return found
    return []


# A transcript's turn opens its paragraph with the speaker's label: "SECRETARY AUSTIN:",
# "GEN. CHANG (through translator):", "Wu Qian:", "Q:", "host:"
_TURN_LABEL = re.compile(r"[ \t]*((?:[\w.'’-]+[ \t]+){0,6}?[\w.'’-]+)[ \t]*(?:\([^()\n]{0,60}\))?[ \t]*:[ \t]+")
_ROLE_LABEL = re.compile(r"(?i:q|a|question|answer|host|guest|anchor|correspondent|reporter|moderator"
                         r"|interviewer|presenter|narrator|caller|audience member)")
_CAPITALISED_WORDS = re.compile(r"(?:[A-Z][\w.'’-]*|of|the|for|and)(?:[ \t]+(?:[A-Z][\w.'’-]*|of|the|for"
                                r"|and))*")
# the speaker's own words for themselves ("I", not "U.S.-China I" nor roman numerals: a capital
# I alone)
_FIRST_PERSON = re.compile(r"(?<![\w.-])(?:I|[Mm]e|[Mm]y|[Mm]yself)(?![\w.-])")


@dataclass(frozen=True, slots=True)
class Turn:
    start: int  # the label's start
    body: int  # where the speaker's words begin
    end: int
    sentence: int  # the index of the turn's first sentence
    speaker: Mention | None  # None for "Q:", "host:" or a label that names nobody known


def speaker_turns(text: str, sentences: list[Sentence], mentions: list[Mention]) -> list[Turn]:
    """The turns of a transcript, each up to the next label: only in an article with two
    labelled paragraphs or more (one "Note:" is not a transcript)."""
    opened: list[tuple[Sentence, re.Match, Mention | None]] = []
    for s in sentences:
        if s.index and sentences[s.index - 1].paragraph == s.paragraph:
            continue
        m = _TURN_LABEL.match(text, s.start, s.end)
        if m is None:
            continue
        inside = [p for p in mentions if m.start(1) <= p.start and p.end <= m.end(1)
                  and p.person is not None]
        if inside and _CAPITALISED_WORDS.fullmatch(m.group(1)) or _ROLE_LABEL.fullmatch(m.group(1)):
            opened.append((s, m, inside[-1] if inside else None))
    if len(opened) < 2:
        return []
    ends = [m.start() for _, m, _ in opened[1:]] + [len(text)]
    return [Turn(m.start(), m.end(), end, s.index, who) for (s, m, who), end in zip(opened, ends)]


# an answer that says yes to the question before it
_AFFIRMED = re.compile(r"\W*(?:yes|yeah|yep|correct|that['’]s (?:right|correct)|indeed|absolutely|sure"
                       r"|(?:I|we|he|she|they) did|(?:I|we|he|she|they) have)\b", re.IGNORECASE)
QUESTION = re.compile(r"\?[\"”’)]*\s*$")
_YOU = re.compile(r"\b(?:you|your|yourself)\b", re.IGNORECASE)


def affirmed_questions(text: str, sentences: list[Sentence], turns: list[Turn]) -> dict[int, Turn]:
    """{sentence of a question: the turn that answers it yes}: 'Q: Did you speak with General
    Wei last week?' 'SEC. AUSTIN: I did.' tells the call as the answer's speaker's (the last
    question of a turn, answered by the next one)."""
    out = {}
    for asking, answer in zip(turns, turns[1:]):
        if not _AFFIRMED.match(text, answer.body, answer.end):
            continue
        asked = [s for s in sentences if asking.start <= s.start < asking.end
                 and QUESTION.search(text, s.start, s.end)]
        if asked:
            out[asked[-1].index] = answer
    return out


def first_person(text: str, turns: list[Turn], sentences: list[Sentence],
                 affirmed: dict[int, Turn]) -> list[Mention]:
    """'General Chang and I spoke by phone in April' in Hagel's turn: the speaker, where the
    speaker takes part in contacts (not a spokesperson's "I"); and the "you" of a question the
    speaker says yes to."""
    spans = [(t.body, t.end, _FIRST_PERSON, t.speaker) for t in turns]
    spans += [(sentences[i].start, sentences[i].end, _YOU, answer.speaker)
              for i, answer in affirmed.items()]
    out = []
    for start, end, words, who in spans:
        if who is None or not who.participant:
            continue
        for m in words.finditer(text, start, end):
            out.append(Mention(m.start(), m.end(), who.person, who.side, "speaker", text=who.text))
    return out

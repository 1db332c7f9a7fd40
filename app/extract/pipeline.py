"""extract_events(): article text and metadata in, candidate contact events out.

1. Split sentences; find contact triggers (media.py), dates (dates.py), people (people.py).
2. Each trigger with the people, date and status cues nearest to it is a *report*.
3. Reports of the same contact (same medium, compatible dates, a shared person, or a definite
   "the call") are merged into one event with all their evidence.
   What dates or names a contact from outside its sentence comes from discourse.py: a timeline
   heading, the dateline of the lede, the people of the next sentences.
4. Each event takes topics from its own sentences and the readout sentences that follow them.
"""

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from app.extract import coref, discourse, media
from app.extract.case import truecase
from app.extract.dates import (MONTH_NAME, WHEN_VISITED, DateContext, DateMention, find_dates,
                               in_context_year, in_section_year,
                               reference_context, series_years, upcoming)
from app.extract.people import OTHER_NATIONS, Mention, PeopleFinder, Person, load_gazetteer
from app.extract.schema import (ArticleMeta, CandidateEvent, CandidateParticipant, Evidence,
                                ExtractionResult)
from app.extract.patterns import at_word_start, scan, search
from app.extract.text import Sentence, split_sentences
from app.extract.topics import load_taxonomy

HELD = "held"
_STRONG_NON_HELD = {"planned", "declined", "postponed", "cancelled"}
_BOTH_SIDES = at_word_start(
    r"\b(?:(?:U\.S\.|US|American)\s+and\s+Chinese|Chinese\s+and\s+(?:U\.S\.|US|American)"
    r"|(?:officials|officers|delegations|(?:defen[cs]e |military |navy |naval )?(?:chiefs|ministers"
    r"|heads|leaders|commanders)) (?:from|of) (?:the United States and China|China and the United"
    r" States)"
    r"|(?:US|U\.S\.)-China|China-(?:US|U\.S\.)|Sino-(?:US|American)|the two (?:militaries|sides"
    r"|countries|armies|defen[cs]e chiefs|defen[cs]e ministers)|(?:their|his|her) Chinese "
    r"(?:colleagues?|counterparts?|hosts?)|(?:their|his|her) (?:American|U\.S\.|US) "
    r"(?:colleagues?|counterparts?|hosts?)"
    # "Burns traveled to Beijing for meetings with Chinese intelligence officials": a group
    # (and "met senior PLA officers in Beijing", "a video call with the commander of China's
    # Southern Theater Command": a counterpart by rank or office, unnamed)
    r"|\b(?:with|met|meeting)\s+(?:senior\s+|top\s+|high-ranking\s+)?(?:Chinese|PLA|People['’]s"
    r" Liberation Army|(?:U\.S\.|US|American))\s+(?:[\w-]+\s+){0,2}?"
    r"(?:officials|officers|counterparts|delegations?|commanders|generals|admirals|leaders)\b"
    # "met officials of the Central Military Commission"
    r"|\b(?:with|met|meeting)\s+(?:senior\s+|top\s+)?(?:officials|officers|leaders|commanders)"
    r"\s+(?:of|from)\s+(?:the\s+)?(?:Central Military Commission|PLA\b|People['’]s Liberation Army"
    r"|(?:Chinese|China['’]s)\s+(?:military|armed forces|Defen[cs]e Ministry"
    r"|Ministry of (?:National )?Defen[cs]e))"
    r"|\bwith\s+the\s+(?:[\w-]+\s+){0,2}?(?:commander|chief|head|director|minister|chairman)\s+of"
    r"\s+(?:China['’]s|the\s+(?:Chinese|PLA|People['’]s Liberation Army))\s)"
    r"|(?:U\.S\.|\bUS\b|\bAmerican\b|\bPentagon\b|\bDepartment of Defense\b|\bWashington\b)"
    r"[^;]{0,50}?\band\s+(?:the\s+)?(?:Chinese|China['’]s|Beijing|PLA|PRC|People['’]s Liberation"
    r" Army)\b"
    r"|\b(?:Chinese|China['’]s|Beijing|PLA|PRC)\b[^;]{0,50}?\band\s+(?:the\s+)?"
    r"(?:U\.S\.|US\b|American\b|Pentagon\b|Washington\b)", re.IGNORECASE)
_BILATERAL_CHANNELS = {"Military Maritime Consultative Agreement talks",
                       "Defense Policy Coordination Talks", "Defense Consultative Talks"}
_DELEGATION = at_word_start(r"\b(?:led|headed|leading|heading) (?:the|a|their|his|her|its) (?:[\w.'’-]+\s+){0,3}"
                         r"(?:delegations?|sides?|teams?)\b|\b(?:delegations?|sides?|teams?),?\s+"
                         r"(?:led|headed) by\b"
                         # "Sedney signed for the U.S. side and Qian for the Chinese side"
                         r"|\bsigned for the (?:[\w.'’-]+\s+){0,2}sides?\b", re.IGNORECASE)
_INITIATED = at_word_start(
    r"\bat the request of the (?P<s1>U\.S\.|US|American|Chinese|Chinese) side\b"
    r"|\bat (?:the )?(?P<s2>U\.S\.|US|American|Chinese|Washington['’]s|Beijing['’]s|Pentagon['’]s)"
    r" request\b|\b(?P<s3>U\.S\.|US|Chinese)-(?:requested|initiated)\b", re.IGNORECASE)
_REQUESTED = at_word_start(r"\b(?:requested|initiated|placed|asked for)\s+(?:the|a|this)\b",
                        re.IGNORECASE)
_LOCATION = re.compile(
    r"\bin (?P<loc>(?:the )?[A-Z][a-zA-Z'’.-]+(?: [A-Z][a-zA-Z'’.-]+){0,3}(?:, [A-Z][a-z]+)?)")
_NOT_PLACES = re.compile(
    r"^(?:the )?(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Ukraine|Taiwan"
    r"|Person|Congress|Washington['’]s|The)\b")
_READOUT_START = re.compile(
    r"[\"“]?(?:He|She|They|We|I|Both|The two|The (?:Secretary|Minister|Chairman|General|Admiral"
    r"|President|Chinese side|U\.S\. side|US side|American side)|During the|In the (?:call"
    r"|meeting|talks)|On (?:the )?[a-z]+(?: and [a-z]+)? (?:issues?|security|matters)"
    # "The Chinese general also said ...", "The visiting admiral told him ..."
    r"|The (?:Chinese|U\.S\.|US|American|visiting|PLA) (?:defen[cs]e )?(?:general|admiral|minister"
    r"|secretary|chief|commander|officer|envoy|leader|delegation|visitor)s?|The (?:visitor|host)s?"
    # "The session is being held under the 1998 agreement, which set up consultations on ..."
    r"|The (?:(?-i:[A-Z])[\w.-]+ ){0,2}(?:session|plenary|round)s?"
    r"|(?:Admiral|Adm\.|General|Gen\.|Secretary|Minister|Chairman|President|Mr\.|Ms\.|Dr\.) [A-Z][a-z]+"
    r"|(?:A|The|In (?:a|the|its|their)|According to (?:a|the|its)|[A-Z][\w.]*['’]s) (?:[\w.'’-]+ ){0,3}"
    r"(?:readout|statement|account|version)s?"
    r")\b", re.IGNORECASE)
# "The two sides also exchanged views on ...", "Taiwan was a central issue in all three meetings"
_READOUT_ANY = at_word_start(
    r"\b(?:the two|both|they|the (?:two )?sides?|the (?:two )?(?:men|leaders|ministers|generals"
    r"|admirals|chiefs|officials|commanders|heads of state))\s+(?:also\s+|had\s+|have\s+)?"
    r"(?:discussed|agreed|exchanged|talked|spoke|raised|reviewed|stressed|emphasi[sz]ed|expressed"
    r"|covered|pledged|vowed|affirmed|reaffirmed|spent)\b"
    r"|\b(?:in|during|at) (?:the|all (?:two|three|four)|both) (?:[\w-]+ ){0,2}?(?:calls?|meetings?"
    r"|talks|conversations?|discussions?)\b|\b(?:such|these|those|both) (?:calls|meetings|talks"
    r"|conversations)\b"
    # "The 75-minute session covered Taiwan", "..., according to the ministry's readout"
    r"|\b(?:the|their|that|this)\s+(?:[\w-]+\s+){0,3}?(?:session|discussions?|conversation|call"
    r"|meeting|talks|exchange|encounter|dialogue)\s+(?:also\s+)?(?:covered|touched|focused"
    r"|included|cent(?:red|ered)|dealt|addressed|ranged|revolved|(?:was|were) dominated|dwelt)\b"
    r"|\baccording to (?:the |a |an |its |their |[\w'’.-]+ ){1,4}?(?:readout|statement|account)s?\b"
    r"|\b(?:was|were) (?:also )?(?:discussed|raised|covered|addressed|on the agenda)\b",
    re.IGNORECASE)
_BACK_REFERENCE = at_word_start(r"\b(?:the|these|those|such|both) (calls|meetings|conversations)\b",
                             re.IGNORECASE)
_ALL_CONTACTS = at_word_start(r"\b(?:all (?:two|three|four|five)|both|each of the) (?:[\w-]+ )?"
                           r"(?:meetings|calls|talks|conversations|sessions)\b", re.IGNORECASE)
# "..., he said": the readout goes on
_ATTRIBUTED = re.compile(
    r"[,”\"]\s*(?:he|she|they|(?:the|a|an) (?:[\w.-]+ ){0,2}(?:ministry|pentagon|official|officials|statement"
    r"|readout|spokesman|spokeswoman|spokesperson|white house|department|source))\s+(?:said|added"
    r"|noted|stressed|told)\b|,\s*(?-i:[A-Z][\w-]+)\s+(?:said|added|noted|stressed)\W*$", re.IGNORECASE)
# what experts or analysts make of a contact is not what it discussed
_COMMENTARY = re.compile(r"(?:\W*\w+\W+){0,3}?(?:experts?|analysts?|observers?|commentators?"
                         r"|scholars?|researchers?)\b"
                         # '"A working group is not a hotline," said a retired Navy officer'
                         r"|[^\n]*?[,”\"]\s*(?:said|says)\s+(?:(?:a|an|one)\s+|(?-i:[A-Z])[\w.'’-]*"
                         r"(?:\s+(?-i:[A-Z])[\w.'’-]*){0,2},\s+(?:a|an)\s+)(?:[\w-]+\s+){0,2}?"
                         r"(?:retired|former)\b", re.IGNORECASE)
_ANOTHER = re.compile(r"\b(?:second|third|another|other|later|latest|next|last)\s+(?:[\w-]+\s+)?$",
                      re.IGNORECASE)
_AGAIN = re.compile(r"\band again\b|\bagain (?:on )?(?=\w)", re.IGNORECASE)
_PRONOUN_BEFORE = re.compile(r"\b(?:they|the two(?: \w+)?|both(?: men| sides)?)\s+(?:had\s+|have\s+"
                             r"|last\s+|first\s+|also\s+)*$"
                             # "following their talks in Bali last November": the pair's talks
                             r"|\btheir\s+(?:(?:last|first|previous|earlier|[\w-]+-to-[\w-]+)\s+)?$",
                             re.IGNORECASE)
# "the call was a follow-up to Biden's call", "the meeting came after ...": two contacts
_SEQUENCE = re.compile(r"\b(?:follow\w*|after|before|since|preceded|than|unlike|like|previous)\b",
                       re.IGNORECASE)
_RESUMED = re.compile(r"[^.;:]{0,40}?\balso\s+(?:said|told|stressed|urged|warned|noted|called|raised"
                      r"|expressed|pressed)\b")
_SAID_THAT = re.compile(r"\b(?:said|says|stressed|added|noted|warned|told\s+(?:[\w.'’-]+\s+){1,3}?)"
                        r"\s*that\b", re.IGNORECASE)
_QUESTION = discourse.QUESTION
_TITLE_LINE = re.compile(r"^[^\n]{15,200}$")
_BYLINE = re.compile(r"\s*[—–-]+\s*[^.\n]{0,80}$"
                     # "Photo: US Navy", "DoD photo by Navy Petty Officer ...": a picture's credit
                     r"|\s*(?:\[?(?:Photo|Image|Picture|Video|Graphic)s?(?:\s+credit)?\]?\s*:"
                     r"|(?:[A-Z][\w.]*\s+){0,3}(?:photo|image)s?\s+by\b)[^\n]{0,100}$")


def _open_quote(text: str, s: Sentence) -> bool:
    """The sentence opens a quotation it does not close."""
    part = text[s.start:s.end]
    return part.count("“") > part.count("”") or part.count('"') % 2 == 1


@dataclass
class Report:
    """One passage that reports a contact."""
    sentence: Sentence
    trigger: media.Trigger
    status: str
    date: DateMention | None
    people: list[Mention]
    both_sides: bool
    channel: str | None = None
    duration: int | None = None
    location: str | None = None
    initiated: str | None = None
    fallback_date: bool = False
    date_distance: float = 0.0
    also: bool = False  # "Sullivan also met Xi": another contact than the one just reported

    @property
    def persons(self) -> set[str]:
        return {m.person.name for m in self.people if m.person is not None}

    def side_persons(self, side: str) -> set[str]:
        return {m.person.name for m in self.people if m.person is not None and m.side == side}


def _cached(method):
    """Cluster properties are recomputed only when reports or people were added."""
    name = method.__name__

    def wrapper(self, *args):
        key = (name, args, len(self.reports), len(self.extra_people))
        if key not in self._cache:
            self._cache[key] = method(self, *args)
        return self._cache[key]
    return wrapper


@dataclass
class Cluster:
    reports: list[Report] = field(default_factory=list)
    extra_people: list[Mention] = field(default_factory=list)
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    @_cached
    def people(self) -> list[Mention]:
        return [m for r in self.reports for m in r.people] + self.extra_people

    @property
    @_cached
    def persons(self) -> set[str]:
        return {m.person.name for m in self.people if m.person is not None}

    @_cached
    def side_persons(self, side: str) -> set[str]:
        return {m.person.name for m in self.people if m.person is not None and m.side == side}

    @property
    @_cached
    def medium(self) -> str:
        strong = {r.trigger.medium for r in self.reports if r.trigger.strong}
        for m in (media.VIDEO, media.PHONE, media.MEETING, media.WRITTEN):
            if m in strong:
                return m
        weak = [r.trigger.medium for r in self.reports]
        return media.PHONE if media.PHONE in weak else weak[0]

    @property
    @_cached
    def strong_medium(self) -> str | None:
        return self.medium if any(r.trigger.strong for r in self.reports) else None

    @property
    @_cached
    def status(self) -> str:
        statuses = {r.status for r in self.reports}
        for s in media.STATUS_ORDER:
            if s in statuses:
                if s == HELD and statuses & _STRONG_NON_HELD and not any(
                        r.status == HELD and r.trigger.strong and r.date for r in self.reports):
                    continue
                return s
        return HELD

    @property
    @_cached
    def date(self) -> DateMention | None:
        dated = [r for r in self.reports if r.date is not None]
        if not dated:
            return None
        rank = {"explicit": 0, "weekday": 1, "relative": 2}
        precision = {"day": 0, "month": 1, "year": 2}
        # "met Dong on Friday" dates the meeting better than "Writing on Saturday, he said the
        # pair had agreed": a joint act's date is often the statement's
        best = min(dated, key=lambda r: (r.fallback_date, precision[r.date.precision],
                                         r.trigger.joint is not None and r.date.precision == "day",
                                         rank[r.date.kind], -(r.date.end_date is not None),
                                         r.date_distance))
        return best.date

    @property
    @_cached
    def date_is_fallback(self) -> bool:
        d = self.date
        return d is not None and all(r.fallback_date for r in self.reports if r.date is d)

    @property
    @_cached
    def start(self) -> int:
        return min(r.sentence.start for r in self.reports)

    @property
    @_cached
    def sentence_indexes(self) -> list[int]:
        return sorted(r.sentence.index for r in self.reports)

    def has_sentence(self, index: int) -> bool:
        xs = self.sentence_indexes
        i = bisect.bisect_left(xs, index)
        return i < len(xs) and xs[i] == index

    def last_index_until(self, index: int) -> int:
        """The last of its sentences at or before index (the cluster starts there or earlier)."""
        xs = self.sentence_indexes
        return xs[bisect.bisect_right(xs, index) - 1]

    def distance_to(self, index: int) -> int:
        xs = self.sentence_indexes
        i = bisect.bisect_left(xs, index)
        return min(abs(xs[j] - index) for j in (i - 1, i) if 0 <= j < len(xs))


class Extractor:
    def __init__(self):
        self.gazetteer = load_gazetteer()
        self.people = PeopleFinder(self.gazetteer)
        self.taxonomy = load_taxonomy()

    def extract(self, text: str, *, published: date | None = None, publisher: str | None = None,
                url: str | None = None) -> ExtractionResult:
        original, text = text, truecase(text)
        ctx = reference_context(text, published)
        sentences = split_sentences(text)
        triggers = dict(enumerate(media.find_triggers_by_sentence(
            text, [(s.start, s.end) for s in sentences])))
        delegation = {s.index for s in sentences if search(_DELEGATION, text, s.start, s.end)}
        # unknown officials are looked for in the sentence after a contact too: it may name them
        near = {j for s in sentences if triggers[s.index] or s.index in delegation
                for j in range(s.index, s.index + 2)}
        spans = [(s.start, s.end) for s in sentences if s.index in near]
        mentions = self.people.find(text, spans, ctx.reference)
        turns = discourse.speaker_turns(text, sentences, mentions)
        affirmed = discourse.affirmed_questions(text, sentences, turns)
        if turns:  # a transcript: "I" is the speaker
            mentions = sorted(mentions + discourse.first_person(text, turns, sentences, affirmed),
                              key=lambda m: m.start)
        turn_starts = {t.sentence for t in turns}
        memo: dict = {  # per article: event dates and topics of a sentence, asked for repeatedly
            "sections": discourse.section_years(text, sentences), "affirmed": affirmed}

        def is_barrier(i: int) -> bool:
            return any(not (t.definite or t.generic or t.joint) for t in triggers[i]) and bool(
                _event_dates(text, sentences[i], ctx, memo))

        def is_barrier_ahead(i: int) -> bool:  # (a definite contact too, on a day of its own)
            if i in turn_starts:  # nor into the next speaker's turn
                return True
            return any(not (t.generic or t.joint) for t in triggers[i]) and (is_barrier(i) or any(
                d.precision == "day" for d in _event_dates(text, sentences[i], ctx, memo)))
        by_sentence: dict[int, list[Mention]] = {}
        si = 0
        for m in mentions:
            while si < len(sentences) - 1 and m.start >= sentences[si].end:
                si += 1
            by_sentence.setdefault(si, []).append(m)
        # "Hegseth has yet to speak with Dong": nobody a description elsewhere stands for
        negated = {i for i in by_sentence if triggers[i] and search(
            media.NEGATION, text, sentences[i].start, sentences[i].end)}
        resolver = coref.Resolver([m for i, ms in by_sentence.items() if i not in negated
                                   for m in ms] if negated else mentions, sentences, is_barrier,
                                  is_barrier_ahead)
        reports: list[Report] = []
        for s in sentences:
            if triggers[s.index]:
                reports += self._reports(text, s, triggers[s.index], by_sentence.get(s.index, []),
                                         ctx, resolver, memo)
        for k, r in enumerate(reports):
            if r.trigger.like_before and (told := _told_before(reports[:k], r)):
                r.trigger = replace(r.trigger, medium=told.trigger.medium)
                r.people = r.people or list(told.people)
        for r in reports:  # who each sentence reports a contact of
            memo.setdefault("reported", {}).setdefault(r.sentence.index, set()).update(r.persons)
        headings = memo["headings"] = discourse.timeline_headings(
            text, sentences, lambda s: _event_dates(text, s, ctx, memo))
        for r in reports if headings else ():
            # "June 2018, Beijing. ... He held talks with Wei": the item's date is the heading's
            if r.date is None and r.sentence.paragraph in headings:
                r.date = headings[r.sentence.paragraph]
        clusters = _cluster(reports, sentences, text, ctx, memo)
        for i in sorted(delegation):
            _attach_delegation(clusters, sentences[i], by_sentence.get(i, []))
        if delegation:
            _join_leftovers(text, reports, clusters)
        _complete_casts(clusters, sentences, by_sentence, {r.sentence.index for r in reports})
        # sentences that report some other contact end a readout ("the calls" refers back instead)
        placed = {id(r) for c in clusters for r in c.reports}
        reported = {r.sentence.index for r in reports
                    if not (r.trigger.generic and r.trigger.definite)
                    and (id(r) in placed or not r.trigger.joint)}
        generic = {r.sentence.index for r in reports if r.trigger.generic and not r.trigger.definite}
        events = [self._event(text, c, sentences, by_sentence, clusters, ctx, reported, generic,
                              memo) for c in clusters]
        events = [e for e in events if e is not None]
        if text is not original:
            _restore_case(original, events)
        return ExtractionResult(
            article=ArticleMeta(published=published.isoformat() if published else None,
                                publisher=publisher, url=url, title=article_title(text)),
            events=events)

    def _reports(self, text: str, s: Sentence, triggers: list[media.Trigger],
                 people: list[Mention], ctx: DateContext, resolver: coref.Resolver,
                 memo: dict) -> list[Report]:
        if _QUESTION.search(text, s.start, s.end) and s.index not in memo["affirmed"]:
            return []  # "Are there plans for the defense chiefs to meet this year?": asked, not told
        participants = [m for m in people if m.participant]
        found: list[list[coref.Reference]] = []

        def references() -> list[coref.Reference]:  # looked for once, and only when needed
            if not found:
                found.append([r for r in coref.find_references(text, s.start, s.end, people)
                              if not _titles_a_name(text, r, people)])
            return found[0]

        live = []
        denied = [t for t in triggers if media.NEGATION.search(text, max(s.start, t.start - 25), t.end)]
        for t in triggers:
            if t in denied or media.UNREACHED.search(text, max(s.start, t.start - 70), t.start):
                continue
            if t.joint and (any(not d.joint for d in denied) or media.NEGATION.search(
                    text, t.end, s.end)):
                continue  # "traded barbs from the stage ...; the two did not hold a meeting"
            if t.needs_person_after and not any(_follows(text, t, m) for m in people) and not any(
                    _follows(text, t, m) for m in references()):
                continue
            if t.joint and not _joint_act(text, s, t, participants) and not _joint_act(
                    text, s, t, [*participants, *references()]):
                continue
            if t.joint and live and not live[-1].joint and _WHEN_THEY.search(
                    text, live[-1].end, t.start):
                continue  # "spoke to Wei twice: in March, when they discussed the virus": its talk
            live.append(t)
        if not live:
            return []
        # (one that names nobody, "calls with Wei—first in March and again this August—", is
        # the trigger's own)
        asides = [a for a in _asides(text, s) if any(a[0] <= m.start < a[1] for m in participants)]
        owner = {}
        for m in participants:
            distances = [_person_distance(t, m, text) for t in live]
            if not any(k.end <= m.start for k in live):
                # "Fallon, commander of Pacific Command, who spent days in Beijing meeting PLA
                # officers": the who-clause's contact is his (not when he is another's object)
                distances = [0 if m.end <= t.start and not t.joint and _WHO_DID.fullmatch(
                    text, m.end, t.start) else x for x, t in zip(distances, live)]
            if asides:
                distances = [x if _aside_of(m.start, asides) == _aside_of(t.start, asides)
                             else float("inf") for x, t in zip(distances, live)]
            if len(live) > 1:
                _own_list_item(text, m, live, distances)
            i = min(range(len(live)), key=distances.__getitem__)
            if distances[i] <= _MAX_PERSON_DISTANCE:
                owner[id(m)] = i
        for i, t in enumerate(live):
            # "Wei said ... the consensus reached by the two heads of state during their meeting":
            # the pair's meeting, not the speaker's
            if "their" in text[max(s.start, t.start - 30):t.start] and (pair := next((
                    r for r in references() if r.kind == coref.PAIR and r.end <= t.start
                    and _THEIR_NOUN.fullmatch(text, r.end, t.start)), None)):
                owner = {k: v for k, v in owner.items() if v != i or next(
                    m for m in participants if id(m) == k).start > pair.start}
        dates = _event_dates(text, s, ctx, memo)
        date_owner: dict[int, DateMention] = {}
        owned: dict[int, list[DateMention]] = {}
        best: dict[int, float] = {}
        for d in dates:
            if _MONTH_ADJECTIVE.match(text, d.start) and not any(
                    0 <= t.start - d.end <= 30 for t in live):
                continue  # "the talks follow the November summit": the summit's month
            # "met X on Monday": a date more often follows its verb than precedes it
            distances = [_date_distance(t, d, text) for t in live]
            if asides:
                distances = [x if _aside_of(d.start, asides) == _aside_of(t.start, asides)
                             else float("inf") for x, t in zip(distances, live)]
            i = min(range(len(live)), key=distances.__getitem__)
            if distances[i] == float("inf"):
                continue
            owned.setdefault(i, []).append(d)
            if i not in date_owner or distances[i] < best[i]:
                date_owner[i], best[i] = d, distances[i]
        for i, d in list(date_owner.items()):
            # "last month's meeting between Biden and Xi ..., on Nov. 15": the day inside the month
            if d.precision != "day" and d.end_date is None and (finer := next((
                    x for x in owned[i] if _PRECISION_RANK[x.precision] < _PRECISION_RANK[d.precision]
                    and d.date <= x.date <= d.last_day()), None)):
                date_owner[i] = finer
        cues: dict[int, list[str]] = {}
        # "the two sides agreed to hold talks later this year": the talks are planned, the
        # agreeing took place; a status qualifies a contact, never a joint act
        acts = [k for k, t in enumerate(live) if not t.joint]
        # one pass finds the first cue (or none: no pass per status); no status has one before it
        first_cue = search(media.ANY_STATUS_CUE, text, s.start, s.end) if acts else None
        for pattern, status in media.STATUS_CUES:
            for m in scan(pattern, text, first_cue.start(), s.end) if first_cue else ():
                if media.NEGATED_CUE.search(text, max(s.start, m.start() - 8), m.start()):
                    continue
                # "talks on Friday, the first since China suspended contacts": not this contact's
                i = min(acts, key=lambda k: _distance(live[k], m.start(), m.end(), text))
                if _in_relative_clause(text, s, live[i], m.start(), m.end()) or \
                        not live[i].noun and m.start() > live[i].start and (_REDUCED_RELATIVE.search(
                            text, live[i].start, m.start()) or _AND_VERB.search(
                            text, live[i].start, m.start())) or \
                        m.start() >= live[i].end and (_WHEN_CLAUSE.search(
                            text, live[i].end, m.start()) or _SAYING.search(text, live[i].end,
                                                                            m.start())):
                    continue  # "Xi, who is expected to become leader, met Obama"; "met in
                    # Woodside, when the two agreed to resume military talks": not the meeting
                if _distance(live[i], m.start(), m.end(), text) <= 130 or \
                        m.start() >= live[i].end and _PREDICATE_PAST_CLAUSE.fullmatch(
                            text, live[i].end, m.start()):
                    cues.setdefault(i, []).append(status)
        for m in _TO_RESUME.finditer(text, s.start, s.end) if "to re" in text[s.start:s.end] else ():
            # "agreed at their summit in Woodside to resume ... telephone talks between theater
            # commanders": the contacts to be resumed, the first one after it
            k = next((k for k, t in enumerate(live) if not t.joint and t.start >= m.end()
                      and t.start - m.end() <= 80), None)
            if k is not None:
                cues.setdefault(k, []).append("planned")
        channel = media.find_channel(text, s.start, s.end)
        duration = media.find_duration(text, s.start, s.end)
        # (a channel of the two militaries, "the MMCA working group that met in Honolulu", has
        # both sides in it)
        both = bool(search(_BOTH_SIDES, text, s.start, s.end)) or channel in _BILATERAL_CHANNELS
        out = []
        for i, t in enumerate(live):
            mine = [m for m in participants if owner.get(id(m)) == i]
            status = HELD
            for candidate in media.STATUS_ORDER:
                if candidate in cues.get(i, []):
                    status = candidate
                    break
            d = date_owner.get(i)
            if d is None and len(dates) == 1 and dates[0].start - s.start <= 3 and \
                    _ITEM_HEAD.match(text, dates[0].end):
                d = dates[0]  # "27 June – Mattis holds talks with Wei and is received by Xi"
            if d is not None and status == HELD and _after_publication(d, ctx):
                d = None  # "agreed that Gates would travel to China next year": not their day
            if status == HELD and not t.joint and ctx.reference and (
                    tomorrow := _TOMORROW.search(text, s.start, s.end)) and (
                    d is None or d.date == ctx.reference):
                # "Tomorrow he comes to the Pentagon to sit down with Dunford": the day to come
                status = "planned"
                d = DateMention(tomorrow.start(), tomorrow.end(), ctx.reference + timedelta(days=1),
                                None, "day", "relative", "event")
            if d is None and not dates and status == HELD and not t.joint and ctx.reference and \
                    not _WHO_BEFORE.search(text, max(s.start, t.start - 40), t.start) and \
                    _UNDER_WAY.search(text, max(s.start, t.start - 25), t.start) and \
                    _UNDER_WAY_VERB.match(text, t.start):
                # "Tillerson and Mattis are hosting Yang and Fang", "are face-to-face with": the
                # contact under way as the text is written
                d = DateMention(t.start, t.start, ctx.reference, None, "day", "relative", "event")
            if d is not None and status == "planned":
                # "will meet on Friday": the one to come (and not a second date beside it)
                shifted = upcoming(d, ctx, text[d.start:d.end])
                owned[i] = [shifted if x is d else x for x in owned.get(i, [])]
                d = shifted
            if d is not None and d.precision == "day" and d.end_date is None and d.start > t.end:
                # "three days of virtual talks that ended on Thursday": the days before it too
                # and "wrapped up two days of talks here on Wednesday"
                days = _DAYS_OF.match(text, t.start, t.end)
                if days and (_ENDED.search(text, t.end, d.start) or _ENDED_BEFORE.search(
                        text, max(s.start, t.start - 20), t.start)):
                    n = _NUMBERS.get(days.group(1).lower(), 1)
                    if n > 1:
                        d = replace(d, date=d.date - timedelta(days=n - 1), end_date=d.date)
                elif days and _OPENED_BEFORE.search(text, max(s.start, t.start - 20), t.start):
                    # "opened two days of talks on Guam on Thursday": that day and the next
                    n = _NUMBERS.get(days.group(1).lower(), 1)
                    if n > 1:
                        d = replace(d, end_date=d.date + timedelta(days=n - 1))
            if t.noun and (span := _opened_and_closed(text, t, dates)):
                d = span  # "The two-day meeting, which opened two days ago and wrapped up Thursday"
            out.append(Report(s, t, status, d, mine, both, channel,
                              location=_location(text, t, s) if t.medium == media.MEETING else None,
                              initiated=_initiated(text, s, t, participants),
                              date_distance=_date_distance(t, d, text) if d else 0.0,
                              also=_another_contact(text, s, t)))
        if duration:
            out[_nearest(live, duration[1], duration[1] + 1)].duration = duration[0]
        # "calls on Oct. 30, 2020, and Jan. 8, 2021": one contact per date; "met Tuesday evening
        # and again Wednesday morning": one contact over both days
        for i, r in enumerate(list(out)):
            if r.date is not None and r.date.end_date is None and r.date.precision == "day":
                later = [d for d in owned.get(i, []) if d.precision == "day" and d.end_date is None
                         and 0 < (d.date - r.date.date).days <= 2]
                if later and _AGAIN.search(text, r.date.end, later[0].start):
                    r.date = replace(r.date, end_date=later[0].date)
                    continue
            if r.date is not None and (parts := _people_per_day(text, r, owned.get(i, []))):
                # "met Cao on Monday and Hu on Tuesday": one contact per day, with its people
                out[i] = replace(r, people=parts[0][1], date=parts[0][0])
                out += [replace(r, people=p, date=d) for d, p in parts[1:]]
                continue
            # (not "..., suspended after Pelosi visited Taiwan in August 2022": another act's)
            # (nor "met Hu in November, and the Pentagon points out that Gates came in January":
            # a clause of its own, told by someone else)
            extra = [d for d in owned.get(i, []) if d is not r.date and d.kind == "explicit"
                     and not _SUBORDINATE_ACT.search(text, r.trigger.end, d.start)
                     and not _REPORTED_CLAUSE.search(text, r.trigger.end, d.start)]
            if r.date is None or r.date.kind != "explicit":
                continue
            for d in extra:
                # ("drew scrutiny last year ... called Li in October 2020 and January 2021": a
                # coarser date around them is not a second mention of the same one)
                if all(abs((d.date - o.date).days) > 7 for o in owned[i] if o is not d and
                       _PRECISION_RANK[o.precision] <= _PRECISION_RANK[d.precision]):
                    out.append(Report(s, r.trigger, r.status, d, list(r.people), r.both_sides,
                                      r.channel, initiated=r.initiated))
        for a, r in zip(out, out[1:]):
            # "was received by Xi in June and held talks with Wei": the second act, the same day
            if r.date is None and a.date is not None and r.status == a.status and \
                    a.trigger.end <= r.trigger.start and (media.OBJECT_THEN_AND.fullmatch(
                        text, a.trigger.end, r.trigger.start) or _WHEN_ALSO.search(
                        text, a.trigger.end, r.trigger.start)):
                r.date = a.date
            # "met Dong on Friday, a day after Trump and Xi met in Busan": a day before Friday
            apart = _DAYS_APART.search(text, a.trigger.end, r.trigger.start) if r.date is None \
                and a.date is not None and a.date.precision == "day" else None
            if apart and a.trigger.end <= r.trigger.start:
                n = _number_word(apart.group(1))
                shift = timedelta(days=-n if apart.group(2).lower() == "after" else n)
                r.date = replace(a.date, date=a.date.date + shift, end_date=None, kind="relative",
                                 start=apart.start(), end=apart.end())
        if search(_SEPARATE, text, s.start, s.end):
            out = [x for r in out for x in _separately(text, r, participants)]
        # "visited Washington from Oct. 26 to 28, holding talks with Blinken and Sullivan, and
        # meeting Biden at the White House": one visit, one contact with them all
        chained: list[Report] = []
        for r in out:
            a = chained[-1] if chained else None
            if a is not None and r.date is None and a.date is not None and r.status == a.status \
                    and r.trigger.medium == a.trigger.medium == media.MEETING and \
                    _PARTICIPLE.match(text, a.trigger.start) and _PARTICIPLE.match(
                        text, r.trigger.start) and _AND_BEFORE.search(text, a.trigger.end,
                                                                      r.trigger.start):
                a.people = a.people + [m for m in r.people if m not in a.people]
                continue
            chained.append(r)
        out = chained
        # "Austin and Dong met in May, ..., and had held a video call in April": the pair of the
        # first verb is the subject of the second
        for a, r in zip(out, out[1:]):
            if not r.people and r.trigger.strong and not r.trigger.noun and a.trigger.end <= \
                    r.trigger.start and {m.side for m in a.people if m.person} >= {"US", "CN"} and \
                    _AND_VERB_BEFORE.fullmatch(text, a.trigger.end, r.trigger.start) and not any(
                    a.trigger.end <= m.start < r.trigger.start for m in people):
                r.people = list(a.people)
        # "Blinken held talks with Qin ... and met Wang Yi": the subject carries over
        for r in out:
            for side in ("US", "CN"):
                if r.side_persons(side) or not r.people:
                    continue
                subject = next((m for m in participants if m.side == side and m.person is not None
                                and m.end <= r.trigger.start), None)
                if subject is not None:
                    r.people = r.people + [subject]
        # "He held talks with Wang Yi", "the two men", "his Chinese counterpart": who they are
        lacking = [r for r in out if not r.trigger.generic and len(
            {m.side for m in r.people if m.person is not None}) < 2]
        if lacking:
            index = {id(t): i for i, t in enumerate(live)}
            ref_owner = {id(ref): _nearest(live, ref.start, ref.end, text) for ref in references()
                         if min(_distance(t, ref.start, ref.end, text) for t in live)
                         <= _MAX_PERSON_DISTANCE}
            for r in lacking:
                mine = [x for x in references() if ref_owner.get(id(x)) == index[id(r.trigger)]]
                # "US and Chinese officials met on Monday, ..., since Hegseth and Dong met in
                # October": the people further on that another verb of the sentence has
                others = {n for x in out if x.trigger is not r.trigger for n in x.persons}
                _fill_references(r, mine, resolver, others)
        if any(not m.participant and m.kind == "unknown" and m.person and m.person.side is None
               for m in people):
            # "Hagel spoke by phone Wednesday with Japanese Defense Minister Itsunori Onodera": a
            # contact with a third country's official, unless the report names both sides
            out = [r for r in out if {m.side for m in r.people if m.person is not None}
                   >= {"US", "CN"} or not any(_THIRD_OBJECT.fullmatch(text, r.trigger.end, m.start)
                                              for m in people if not m.participant
                                              and m.person and m.person.side is None)]
        if search(_OTHER_COUNTRY, text, s.start, s.end):
            # "Austin and Blinken met their Japanese counterparts": a contact with a third
            # country, unless the report names both sides
            out = [r for r in out if {m.side for m in r.people if m.person is not None}
                   >= {"US", "CN"}]
        # "the first meeting came in March 2021, when Blinken ... met in Anchorage": one report
        # ("the last time they held talks was on July 7, when Milley and Li spoke by video": the
        # talks were the video call)
        merged: list[Report] = []
        for r in out:
            prev = merged[-1] if merged else None
            # (and "the last time he sat down with his counterpart was in November, when he met
            # Minister Wei": the when-clause says who)
            if prev and (prev.trigger.medium == r.trigger.medium or _talks_by(text, prev, r)) and \
                    prev.status == r.status and ((prev.date is None) != (r.date is None)) and (
                    not prev.people or not r.people or r.date is None and _WHEN_GAP.match(
                        text, prev.trigger.end, r.trigger.start)) \
                    and not _SEQUENCE.search(text, prev.trigger.end, r.trigger.start):
                if prev.trigger.medium != r.trigger.medium:
                    prev.trigger = r.trigger
                prev.date = prev.date or r.date
                prev.people = prev.people + [m for m in r.people if m not in prev.people]
                prev.duration = prev.duration or r.duration
                prev.location = prev.location or r.location
                continue
            merged.append(r)
        out = merged
        return out

    def _event(self, text, c: Cluster, sentences, by_sentence, clusters,
               ctx: DateContext, reported: set[int], generic: set[int],
               memo: dict) -> CandidateEvent | None:
        status = c.status
        d = c.date
        if d is None and status == HELD:
            return None
        named = [m for m in c.people if m.person is not None]
        sides = {m.side for m in c.people if m.side}
        both_phrase = any(r.both_sides for r in c.reports)
        if status == HELD and not (len(sides) == 2 or both_phrase and (named or True)):
            return None
        if status != HELD and not named:
            return None
        if d is not None and d.precision == "day" and d.end_date is None:
            d = _closing_days(text, c, d)
        if d is None:
            ref = ctx.reference or (date(ctx.year, 1, 1) if ctx.year else None)
            if ref is None:
                return None
            day, end, precision = ref.replace(day=1), None, "month" if ctx.reference else "year"
        else:
            day, end, precision = d.date, d.end_date, d.precision
        participants = []
        seen = set()
        for m in sorted(named, key=lambda m: (m.kind not in ("full", "fuzzy", "unknown"), m.start)):
            p: Person = m.person
            if p.name in seen:
                continue
            seen.add(p.name)
            title = p.official.title_on(day)[0] if p.official else p.title
            participants.append(CandidateParticipant(
                name=p.name, side=m.side or p.side, title=title, mention=m.text,
                known=p.official is not None))
        participants.sort(key=lambda p: (p.side != "US", p.side is None))
        topics = self._topics(text, c, sentences, by_sentence, clusters, reported, generic, memo,
                             ctx)
        evidence_sentences = sorted({r.sentence.index: r.sentence for r in c.reports}.values(),
                                    key=lambda s: s.start)
        duration = next((r.duration for r in c.reports if r.duration), None)
        initiated = next((r.initiated for r in c.reports if r.initiated), None)
        location = next((r.location for r in c.reports if r.location), None)
        channel = media.contact_channel(text, [r.channel for r in c.reports if r.channel],
                                        [(s.start, s.end) for s in evidence_sentences])
        return CandidateEvent(
            date=_format(day, precision), end_date=end.isoformat() if end else None,
            date_precision=precision, medium=c.medium, channel=channel, status=status,
            category=_category(named), participants=participants, topics=topics,
            duration_minutes=duration, initiated_by=initiated or "unknown", location=location,
            confidence=_confidence(c, d, ctx, named, sides),
            evidence=[Evidence(start=s.start, end=s.end, text=text[s.start:s.end])
                      for s in evidence_sentences])

    def _topics(self, text, c: Cluster, sentences, by_sentence, clusters,
                reported: set[int], generic: set[int], memo: dict,
                ctx: DateContext) -> list[str]:
        """Topics from the event's own sentences and the readouts that follow them."""
        own = {r.sentence.index for r in c.reports}
        owners: dict[int, list[Cluster]] = {}
        siblings = set()  # "two calls, one on Oct. 30 and the other on Jan. 8": shared readouts
        triggers = {id(r.trigger) for r in c.reports}
        for o in clusters:
            if o is not c:
                for r in o.reports:
                    owners.setdefault(r.sentence.index, []).append(o)
                    if id(r.trigger) in triggers:
                        siblings.add(id(o))
        names = c.persons
        chosen: dict[int, bool] = {i: True for i in own if not _COMMENTARY.match(
            text, sentences[i].start, sentences[i].end)}
        # the sentences that tell the contact itself, dated, as held
        told = {r.sentence.index for r in c.reports if r.status == HELD and r.date is not None
                and not r.fallback_date}
        # "During the talks, Chang said Xi and Obama reached a consensus when they met in June":
        # what is said there is this contact's, whatever other contact it recalls
        embedded = {i for i in own if _DURING_THE.match(text, sentences[i].start, sentences[i].end)}
        for i in sorted(own):
            past_background = False
            between: set[str] | None = None  # the people of another contact reported in between
            for j in range(i + 1, min(i + 8, len(sentences))):
                if j in own:
                    continue
                if j in owners and between is None and not all(
                        id(o) in siblings or _older(o, c) for o in owners[j]):
                    between = {n for o in owners[j] for n in o.persons}
                    continue
                if j in owners:
                    if all(id(o) in siblings for o in owners[j]):
                        chosen[j] = True
                        continue
                    if all(_older(o, c) for o in owners[j]) and _DURING_THE.match(
                            text, sentences[j].start, sentences[j].end):
                        # "During the talks, Chang said Xi and Obama reached a consensus when they
                        # met in June, which ...": this contact's readout recalls the older one
                        chosen[j] = True
                        embedded.add(j)
                        continue
                    # "The visit returned one Chen made in May": read on past an older contact
                    if all(_older(o, c) for o in owners[j]):
                        past_background = True
                        continue
                    break
                if j in reported:
                    break
                s = sentences[j]
                mentioned = {m.person.name for m in by_sentence.get(j, []) if m.person}
                mine = len(mentioned & names)
                if between is not None:
                    # "Gates then huddled with Xu." "Mr. Liang said ...": only a sentence that
                    # names someone of this contact and nobody of the other reads on
                    if mentioned & (names - between) and not mentioned & (between - names) \
                            and not _COMMENTARY.match(text, s.start, s.end):
                        chosen[j] = True
                        continue
                    break
                if mentioned and any(len(mentioned & o.persons) > mine or mine and len(
                        mentioned & o.persons) == mine and _older(c, o) for o in clusters
                        if o is not c):
                    continue  # "Mattis and Wei discussed": the readout of the other meeting
                if _COMMENTARY.match(text, s.start, s.end):
                    continue
                if j - 1 in chosen and _open_quote(text, sentences[j - 1]):
                    chosen[j] = True  # the rest of a quotation that began in the readout
                    continue
                if _BYLINE.match(text, s.start, s.end):
                    continue  # "— Joint Staff (@TheJointStaff) July 7, 2022" under a tweet
                if j - 1 in chosen and sentences[j - 1].paragraph == s.paragraph and not mentioned \
                        and _SAID_THAT.search(text, sentences[j - 1].start, sentences[j - 1].end):
                    chosen[j] = True  # "Wu said that China will never stop ... China will never
                    continue  # sacrifice its sovereignty ...": the rest of what he said
                # (and "If the U.S. side continues ..., even a minor incident could spark war"
                # in the paragraph of the contact: what was said there goes on)
                if mine or not past_background and (_READOUT_START.match(text, s.start) or
                                                    coref.opens_with_reference(text, s.start) or
                                                    search(_READOUT_ANY, text, s.start, s.end) or
                                                    _ATTRIBUTED.search(text, s.start, s.end) or
                                                    s.paragraph == sentences[i].paragraph
                                                    and i in told and i in chosen):
                    chosen[j] = True
                elif j + 1 < len(sentences) and (
                        j + 1 not in owners and j + 1 not in reported
                        and (_RESUMED.match(text, sentences[j + 1].start, sentences[j + 1].end)
                             and _READOUT_START.match(text, sentences[j + 1].start)
                             or _speaks_first(text, sentences[j + 1], by_sentence, names))
                        or all(_older(o, c) for o in owners.get(j + 1, ())) and _DURING_THE.match(
                            text, sentences[j + 1].start, sentences[j + 1].end)):
                    continue  # "Beijing regards Taiwan as its territory." "The Chinese general
                    # also said ...": an aside of the writer, then the readout again
                else:
                    break
            if i - 1 >= 0 and i - 1 not in owners:
                mentioned = {m.person.name for m in by_sentence.get(i - 1, []) if m.person}
                if len(mentioned & names) >= 2:
                    chosen[i - 1] = True
        for j in _lede_of(text, c, sentences, owners, reported, ctx, memo):
            chosen[j] = True
        if "refs" not in memo:
            memo["refs"] = [(j, search(_ALL_CONTACTS, text, s.start, s.end),
                             search(_BACK_REFERENCE, text, s.start, s.end))
                            for j, s in enumerate(sentences)]
            memo["refs"] = [x for x in memo["refs"] if x[1] or x[2]]
        for j, every, m in memo["refs"]:  # "Taiwan was a central issue in all three meetings"
            if j in chosen or c.status != HELD:
                continue
            if every:
                chosen[j] = True
            elif m:
                # "These calls remain critical ...": every call of the article, unless the calls
                # just mentioned were generic ("a number of calls between Blinken and Wang")
                calls = m.group(1).lower().startswith(("call", "conversation"))
                if (c.medium != media.MEETING) == calls and not any(
                        k in generic for k in range(max(0, j - 2), j + 1)):
                    chosen[j] = True
        found: list[str] = []
        for i in sorted(chosen):
            s = sentences[i]
            key = ("topics", i)
            if key not in memo:
                memo[key] = self.taxonomy.find(text, s.start, s.end)
            for name, pos in memo[key]:
                if _CAUSE_BEFORE.search(text, max(s.start, pos - 30), pos):
                    continue  # "held virtually because of the coronavirus pandemic": why, not what
                if i in owners and i not in embedded and not all(
                        id(o) in siblings for o in owners[i]) and \
                        not self._closest_is(c, clusters, i, pos):
                    continue
                if i in owners and not _dated_part_is(c, [o for o in owners[i] if id(o) in siblings],
                                                      i, pos):
                    continue
                if name not in found:
                    found.append(name)
        return found

    @staticmethod
    def _closest_is(c: Cluster, clusters: list[Cluster], i: int, pos: int) -> bool:
        best, best_d = None, None
        for o in clusters:
            for r in o.reports:
                if r.sentence.index == i:
                    dist = abs(pos - r.trigger.start)
                    if best_d is None or dist < best_d:
                        best, best_d = o, dist
        return best is c


def _dated_part_is(c: Cluster, siblings: list[Cluster], i: int, pos: int) -> bool:
    """'spoke twice: in March, when they discussed the virus, and again in August, as tensions
    over Taiwan rose': one verb, a contact per date, each with what follows its own date."""
    if not siblings:
        return True
    starts = {}
    for o in [c, *siblings]:
        d = next((r.date for r in o.reports if r.sentence.index == i and r.date is not None
                  and not r.fallback_date), None)
        if d is None:
            return True
        starts[id(o)] = d.start
    before = [(start, k) for k, start in starts.items() if start <= pos]
    return not before or max(before)[1] == id(c)


_DURING_THE = re.compile(r"\W*(?:During|In|At)\s+the\s+(?:[\w-]+\s+){0,2}?(?:talks|meeting|call"
                         r"|conversation|session|discussions?)\b", re.IGNORECASE)
_CAUSE_BEFORE = re.compile(r"\b(?:because of|due to|owing to)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
                           re.IGNORECASE)
_SPEAKS = re.compile(r"\s*(?:also\s+)?(?:said|says|told|stressed|urged|warned|noted|called|raised"
                     r"|expressed|pressed|added|reiterated|briefed|asked)\b")


def _speaks_first(text: str, s: Sentence, by_sentence, names: set[str]) -> bool:
    """'Wei said the two militaries should ...': the sentence opens with a participant speaking."""
    first = next(iter(by_sentence.get(s.index, ())), None)
    return first is not None and first.person is not None and first.person.name in names and \
        not text[s.start:first.start].strip(" \"“") and bool(_SPEAKS.match(text, first.end))


def _lede_of(text, c: Cluster, sentences, owners, reported: set[int], ctx: DateContext,
             memo: dict) -> list[int]:
    """'The top U.S. military officer urged China on Monday to rein in North Korea, as he began a
    visit.' then 'Dempsey held talks with Fang': a sentence just before the first report, dated
    the same day and reporting no contact of its own, says what the contact was about."""
    d = c.date
    first = min(r.sentence.index for r in c.reports)
    if d is None or d.precision != "day" or c.status != HELD:
        return []
    out = []
    for j in range(first - 1, max(-1, first - 3), -1):
        if j in owners or j in reported:
            break
        s = sentences[j]
        if _COMMENTARY.match(text, s.start, s.end):
            continue
        if any(x.precision == "day" and x.date == d.date for x in _event_dates(text, s, ctx, memo)):
            out.append(j)
    return out


# "Mr Hegseth - who calls himself secretary of war after Trump rebranded the Pentagon in
# September - met Adm Dong on Friday": an aside between dashes has its own people and dates
_ASIDE = re.compile(r"\s[-–—]\s[^–—]{3,200}?\s[-–—]\s|—[^—]{3,200}?—")


def _asides(text: str, s: Sentence) -> list[tuple[int, int]]:
    if "-" not in text[s.start:s.end] and "—" not in text[s.start:s.end]:
        return []
    return [m.span() for m in _ASIDE.finditer(text, s.start, s.end)]


def _aside_of(pos: int, asides: list[tuple[int, int]]) -> int | None:
    return next((i for i, (a, b) in enumerate(asides) if a <= pos < b), None)


_POSSESSOR = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,2}?")


def _own_list_item(text: str, m: Mention, live: list[media.Trigger], distances: list[float]) -> None:
    """'the video call between Paparo and Wu, Mr. Sullivan's meeting with Vice Chairman Zhang in
    August': a list of contacts, each with its own people. The possessor of a trigger is its
    own, and a person past another trigger is not the one before's."""
    for j, t in enumerate(live):
        if t.start >= m.end and _POSSESSOR.fullmatch(text, m.end, t.start):
            distances[j] = -1  # (ahead of a "between" list that reaches it)
        elif m.start >= t.end and any(t.end <= o.start and o.end <= m.start for o in live):
            distances[j] = float("inf")


def _follows(text: str, t: media.Trigger, m) -> bool:
    """The person right after 'called' or 'hosted' (a host's guest may carry a long title)."""
    gap = m.start - t.end
    if t.joint:  # "told Gates", "urged Gen. Wu Yanan": nothing but a title between
        return 0 <= gap <= 60 and bool(_TITLE_GAP.fullmatch(text, t.end, m.start))
    if t.medium == media.MEETING:  # "hosted China's top diplomat, State Councilor Yang Jiechi"
        return 0 <= gap <= 70 and not re.search(r"[;:()]|,.*,", text[t.end:m.start])
    # "rang Chinese Defense Minister Dong Jun": a title may stand between the verb and the name
    return 0 <= gap <= 25 or 0 <= gap <= 60 and bool(_TITLE_GAP.fullmatch(text, t.end, m.start))


def _nearest(triggers: list[media.Trigger], start: int, end: int, text: str | None = None) -> int:
    return min(range(len(triggers)), key=lambda i: _distance(triggers[i], start, end, text))


# (", and to meet": a second infinitive of the same clause, not a new one)
_CLAUSE_BREAK = re.compile(r",\s+(?:who|which|whose|where|and(?!\s+to\b))\b|\b(?:because|but|although|while|"
                           r"whereas)\b|;")


def _distance(t: media.Trigger, start: int, end: int, text: str | None = None) -> int:
    if end <= t.start:
        gap = (end, t.start)
    elif start >= t.end:
        gap = (t.end, start)
    else:
        return 0
    d = gap[1] - gap[0]
    if text is not None:
        # (the word right after the gap tells ", and to meet" from ", and met")
        breaks = _CLAUSE_BREAK.findall(text, gap[0], gap[1] + 3)
        if breaks and _BETWEEN.search(text, gap[0], gap[1]):
            # "a call was held between Milley, chairman of ..., and Li": one phrase, not clauses
            breaks = [b for b in breaks if not b.endswith("and")]
        d += 80 * len(breaks)
        # "the call follows the November summit between Biden and Xi": another contact's people
        if _SEQUENCE.search(text, gap[0], gap[1]):
            d += 200
    return d


_MAX_PERSON_DISTANCE = 160
# the date that heads a chronology's item: "27 June – ", "Nov. 9, 2018: "
_ITEM_HEAD = re.compile(r"\s*[:–—]\s|\s+-\s")
# "an August video call": a month that qualifies the noun after it, the only one it dates
_MONTH_ADJECTIVE = re.compile(r"(?i:an?|the|their|his|her|its|that)\s+" + MONTH_NAME)
# "..., after Pelosi visited Taiwan in August 2022": the date closes a clause of its own verb
_SUBORDINATE_ACT = re.compile(r"\b(?:after|before|when|since|while)\s+[^,;.]*?\b(?:[a-z]{3,}ed|met"
                              r"|went|made|took|came|flew|held|spoke)\b[^,;.]*$")
_THEIR_NOUN = re.compile(r"\s+(?:during|at|in|on|since|after)\s+their\s+(?:[\w-]+\s+){0,2}")
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_WHEN_CLAUSE = re.compile(r",\s+when\s+[^,;]*$")
_WHEN_THEY = re.compile(r",\s+when\s+(?:they|the two(?:\s+[a-z]+)?|both(?:\s+[a-z]+)?)\s+(?:also\s+|had\s+)?$")
# "A separate meeting under the MMCA, which had been scheduled for April 23, has been postponed":
# the noun's own verb, past the relative clause between them
_PREDICATE_PAST_CLAUSE = re.compile(r"[^,;.]{0,90},\s+(?:which|that|who)\s[^;.]{0,160},\s+"
                                    r"(?:has|have|had|was|were|is|are)\s+(?:also\s+|now\s+)?"
                                    r"(?:been\s+)?")
# "met in November and agreed to resume contacts, suspended by Beijing in 2022": after a verb, a
# participle behind a comma qualifies the noun before it, here the contacts, not the meeting
_REDUCED_RELATIVE = re.compile(r"\s\w+[^,;]{10,},\s+$")
# "met in November and agreed to resume talks": the second verb's own (planned) contact
_AND_VERB = re.compile(r"\s\w+[^,;]{10,}\sand\s+$")
# "met Panetta here Wednesday, saying the two forces should work toward ...": what was said
_REPORTED_CLAUSE = re.compile(r"[,;]\s+(?:and|but|while|whereas)\s+(?:[\w.'’-]+\s+){1,4}?(?:says?|said"
                              r"|points?\s+out|pointed\s+out|notes?|noted|adds?|added|recalls?"
                              r"|recalled)\b")
_SAYING = re.compile(r",\s+(?:saying|adding|stressing|noting|urging|telling)\b")
_BETWEEN = re.compile(r"\bbetween\b")
_WHEN_ALSO = re.compile(r",\s+when\s+(?:he|she|they|[A-Z][\w.-]+)\s+also\s+[^.;,]*$")
_DAYS_OF = re.compile(r"(?:\w+\s+){0,2}?(two|three|four|five)\s+days\s+of\b", re.IGNORECASE)
_ENDED = re.compile(r"\b(?:ended|concluded|wrapped up|closed)\b[^.;]{0,20}$", re.IGNORECASE)
_ENDED_BEFORE = re.compile(r"\b(?:ended|concluded|wrapped up|closed)\s+$", re.IGNORECASE)
_OPENED_BEFORE = re.compile(r"\b(?:opened|began|started|kicked off|launched|opening|beginning"
                            r"|starting)\s+$", re.IGNORECASE)
_OPENED = re.compile(r",?\s+which\s+(?:opened|began|started)\s+$", re.IGNORECASE)
_THEN_CLOSED = re.compile(r"\s+and\s+(?:ended|concluded|wrapped up|closed)\s+(?:on\s+)?$",
                          re.IGNORECASE)


_THIRD_OBJECT = re.compile(r"[^,;:()]{0,40}?\b(?:with|to|by)\s+(?:[A-Z][\w.'’-]*\s+){0,5}|\s+(?:[A-Z][\w.'’-]*\s+){0,5}")
_TO_RESUME = re.compile(r"\bto\s+(?:resume|restore|reopen|re-?establish|restart)\b", re.IGNORECASE)
_TOMORROW = re.compile(r"\btomorrow\b", re.IGNORECASE)
_WHO_BEFORE = re.compile(r"\b(?:who|which|that)\s+(?:[\w-]+\s+){0,3}$")
_UNDER_WAY = re.compile(r"\b(?:is|are)\s+(?:now\s+|currently\s+|still\s+|right now\s+)?$")
_UNDER_WAY_VERB = re.compile(r"(?:[a-z]+ing\b|face-to-face\b)")
# "signed the accord at the end of two days of talks", "met Qian on Friday, capping three days of
# talks": the contact's day is the last of those days
_AT_THE_CLOSE = re.compile(r"\b(?:(?:at|by|on|after)\s+the\s+(?:end|close|conclusion)\s+of|capp(?:ed|ing)"
                          r"|conclud(?:ed|ing)|clos(?:ed|ing)|end(?:ed|ing)|wrapp(?:ed|ing) up)\s+(?:the\s+)?"
                          r"(two|three|four|five)\s+days\s+of\s+(?:[\w-]+\s+){0,4}?(?:talks|meetings"
                          r"|consultations|discussions|negotiations|dialogue)\b", re.IGNORECASE)


def _closing_days(text: str, c: Cluster, d: DateMention) -> DateMention:
    """'The agreement was signed Feb. 29.' 'Sedney signed it at the end of two days of talks':
    from the first of those days to the contact's."""
    for r in c.reports:
        if r.date is not None and r.date is not d:
            continue
        days = _AT_THE_CLOSE.search(text, r.sentence.start, r.sentence.end)
        if days:
            n = _NUMBERS.get(days.group(1).lower(), 1)
            return replace(d, date=d.date - timedelta(days=n - 1), end_date=d.date)
    return d


def _opened_and_closed(text: str, t: media.Trigger, dates: list[DateMention]) -> DateMention | None:
    """'the meeting, which opened two days ago and wrapped up Thursday': from one day to the
    other."""
    for a, b in zip(dates, dates[1:]):
        if a.start >= t.end and a.precision == b.precision == "day" and a.date < b.date and \
                _OPENED.fullmatch(text, t.end, a.start) and _THEN_CLOSED.fullmatch(text, a.end, b.start):
            return replace(a, end_date=b.date, kind=min(a.kind, b.kind, key=_KIND_RANK.get))
    return None


_KIND_RANK = {"explicit": 0, "weekday": 1, "relative": 2}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}
_OTHER_COUNTRY = at_word_start(
    rf"\b(?:{OTHER_NATIONS})\s+(?:[\w-]+\s+)?(?:counterparts?|hosts?|allies|colleagues"
    r"|officials|ministers|leaders)\b")
_DAYS_APART = re.compile(r"\b(a|one|two|three|four|five|six)\s+days?\s+(after|before)\b",
                         re.IGNORECASE)


def _number_word(word: str) -> int:
    return {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}[word.lower()]
# "Sullivan also met Xi", "He was later received by Cao", "In the afternoon, Chen was received by
# Gates": another contact than the one just reported, often on the same trip
_ALSO = re.compile(r"\b(?:also|later|afterwards?|subsequently|separately)\s+(?:[a-z]+\s+)?$")
_ALSO_START = re.compile(r"\W*(?:In the (?:afternoon|evening|morning)|Later|Afterwards?|After that"
                         r"|Subsequently|Separately|That (?:afternoon|evening))\b", re.IGNORECASE)
_ANOTHER_WORDS = ("also", "later", "afterward", "subsequently", "separately", "after that",
                  "in the afternoon", "in the evening", "in the morning", "that afternoon",
                  "that evening")
_ALSO_WORD = re.compile(r"\b(?:also|later|afterwards?|subsequently|separately)\b")  # "was later received"
_TITLE_GAP = re.compile(r"\s*(?:(?:[A-Z][\w.'’-]*|of|for|the|and|on|to|defen[cs]e|minister|secretary"
                        r"|general|admiral|counterpart|chinese|us|u\.s\.|american|state|councilor"
                        r"|his|her|their|visiting)[\s,]+)*")
_PASSIVE = re.compile(r"\b(?:was|were|been|be|being|is|are)\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)
_PAIR_GAP_STOP = re.compile(r"[.;:]|\b(?:said|says|told|that|who|which|when|after|before|while"
                            r"|since|met|spoke)\b", re.IGNORECASE)


_TALKS = re.compile(r"\btalks\b")
_WHEN_GAP = re.compile(r"[^;:]{0,60}?,\s+when\b")


def _talks_by(text: str, a: Report, b: Report) -> bool:
    """a reports talks in general and b, in the when-clause after it, how they were held."""
    return a.trigger.medium == media.MEETING and b.trigger.medium != media.MEETING and bool(
        _TALKS.search(text, a.trigger.start, a.trigger.end)) and bool(
        _WHEN_GAP.match(text, a.trigger.end, b.trigger.start))


def _joint_act(text: str, s: Sentence, t: media.Trigger, items: list) -> bool:
    """'Wei and Esper talked', 'The two sides agreed', 'Liang told Gates': people of both sides
    act together (the person after an 'object' verb is checked by _follows)."""
    before = sorted((m for m in items if s.start <= m.start and m.end <= t.start),
                    key=lambda m: m.start)
    if _PASSIVE.search(text, max(s.start, t.start - 12), t.start):
        return False  # "the line was agreed in February"
    if t.joint == "object":
        return any(t.start - m.end <= 100 and not re.search(r"[.;:]", _unabbreviated(
            text[m.end:t.start])) for m in before)
    for a, b in zip(before, before[1:]):
        if a.side and b.side and a.side == b.side:
            continue
        ab, bt = _unabbreviated(text[a.end:b.start]), _unabbreviated(text[b.end:t.start])
        if len(ab) <= 70 and re.search(r"\band\b", ab) and not _PAIR_GAP_STOP.search(ab) and (
                len(bt) <= 60 or len(bt) <= 110 and _TITLE_GAP.fullmatch(bt)) and \
                not _PAIR_GAP_STOP.search(bt):
            return True
    return any(getattr(m, "kind", None) == coref.PAIR and t.start - m.end <= 25
               and not re.search(r"[.;:,]", text[m.end:t.start]) for m in before)


_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])*)\.")


def _unabbreviated(gap: str) -> str:
    """'and Lt. Gen. ': the dots of titles are not the end of a sentence."""
    return _ABBREVIATION.sub("", gap)


def _titles_a_name(text: str, ref: coref.Reference, people: list[Mention]) -> bool:
    """'his Chinese counterpart, Li Shangfu', 'US Defense Secretary Mark Esper': the name follows."""
    nxt = next((m for m in people if m.start >= ref.end and m.kind != "counterpart"), None)
    return nxt is not None and nxt.start - ref.end <= 60 and bool(
        _TITLE_GAP.fullmatch(text, ref.end, nxt.start))


# "met with General Wei and with President Xi": the repeated "with" makes two meetings
# "met with Myers separately": the verb's object, then "separately"
_SEPARATELY_AFTER = re.compile(r"\s*(?:[\w.'’-]+\s+){1,4}?separately\b(?!\s+with\b)")
_SEPARATE = at_word_start(r"\bseparate(?:ly)?\b|\b(?:round|series|string) of (?:[\w-]+ )?(?:meetings|talks)\b"
                       r"|\band (?:also |then )?with\b", re.IGNORECASE)


def _separately(text: str, r: Report, participants: list[Mention]) -> list[Report]:
    """'Blinken held separate meetings with Wang Yi and Xi Jinping': one contact with each; and
    with each subject of 'Guo and Cao met with Myers separately'."""
    t, s = r.trigger, r.sentence
    if not _SEPARATE.search(text, max(s.start, t.start - 30), s.end):  # "... and separately with"
        return [r]
    after = _SEPARATELY_AFTER.match(text, t.end)
    for side in ("US", "CN"):
        listed = [m for m in r.people if m.side == side and m.person is not None
                  and m.start > t.start]  # the objects, not the subject
        if after and len({m.person.name for m in listed}) < 2:
            listed = [m for m in participants if m.side == side and m.person is not None
                      and m.end <= t.start]
        if len({m.person.name for m in listed}) >= 2:
            others = [m for m in r.people if m not in listed]
            return [replace(r, people=others + [m]) for m in listed]
    return [r]


def _fill_references(r: Report, refs: list, resolver: coref.Resolver,
                     others: set[str] = frozenset()) -> None:
    """The people a report's pronouns, pairs and descriptions stand for, on the sides it lacks
    (a group named further on is not the people another contact of the sentence has)."""
    missing = {"US", "CN"} - {m.side for m in r.people if m.person is not None}
    if not missing:
        return
    # an unresolved "his Chinese counterpart" is a description too
    refs = refs + [coref.Reference(m.start, m.end, coref.SIDE, m.side, coref.role_of(m.text))
                   for m in r.people if m.person is None and m.side]
    for ref in sorted(refs, key=lambda x: x.start):
        found = resolver.resolve(ref, missing, r.persons | others if ref.forward else r.persons)
        if found:
            r.people = r.people + found
            missing -= {m.side for m in found}
        if not missing:
            return


# "received by Odierno, who had toured PLA units in February 2014": that date is the tour's
_RELATIVE_ACT = re.compile(r",\s+(?:(?:who|which)\s+(?:(?:had|has|have|also|previously|last|first)\s+)*"
                           r"|(?:an?|the)\s+(?:[\w-]+\s+){1,2}?"
                           r"|where\s+(?:an?|the|its|their)?\s*(?:[\w-]+\s+){0,5}?)(?:[a-z]+ed|met|spoke|went"
                           r"|made|took|saw|led|held|gave|flew|came|set up)\b")


_COORDINATED = re.compile(r",\s+and\b|;")
# a relative clause still open ("Biden, who has met Xi often, including on a trip last August")
_RELATIVE_OPEN = re.compile(r",\s+(?:who|which)\b[^,;]*(?:,\s+(?:including|especially|notably|such as"
                            r"|as well as)\b[^,;]*)?$")


# the contact's own which-clause, right after its noun and a short phrase of its people or place
_OWN_WHICH = re.compile(r"(?:\s+(?:(?:with|between|in|of|for|at|on|by)\s+)?[^,;()]{0,40}?)?,\s+which\b")


def _in_relative_clause(text: str, s: Sentence, t: media.Trigger, start: int, end: int) -> bool:
    """text[start:end] sits in a 'who/which' clause that does not hold the trigger."""
    if start >= t.end:
        if _OWN_WHICH.match(text, t.end, start):
            return False  # "a scheduled meeting with Richardson, which does not take place"
        # ("requests to speak with Liu, who took over that fall, went unanswered": closed)
        act = _RELATIVE_ACT.search(text, t.end, start)
        return bool(act and "," not in text[act.end():start] or _RELATIVE_OPEN.search(
            text, t.end, start))
    return "," in text[end:t.start] and bool(_RELATIVE_OPEN.search(text, max(s.start, start - 120),
                                                                    start)) and \
        not _AND_BEFORE.search(text, end, t.start)  # "who was due to ..., and to meet": inside


def _another_contact(text: str, s: Sentence, t: media.Trigger) -> bool:
    words = text[s.start:min(t.end, t.start + 20)].lower()
    if not any(w in words for w in _ANOTHER_WORDS):
        return False
    return bool(_ALSO.search(text, max(s.start, t.start - 20), t.start) or _ALSO_START.match(
        text, s.start, t.start) or _ALSO_WORD.search(text, t.start, min(t.end, t.start + 20)))


def _person_distance(t: media.Trigger, m: Mention, text: str) -> float:
    """'Gates, who had flown to Beijing to meet Liang': Liang is not the one Gates received."""
    if m.start >= t.end and (t.joint == "pair" or t.joint == "object" and not _follows(text, t, m)
                             or "," in text[t.end:m.start] and _RELATIVE_ACT.search(text, t.end,
                                                                                     m.start)):
        return float("inf")  # "the two agreed that Mullen would visit": not a third party
    if m.start >= t.end and not t.noun and not t.joint and m.start - t.end <= 70 and \
            _TITLE_GAP.fullmatch(text, t.end, m.start):
        return 0  # "met Central Military Commission Vice Chairman Gen. Zhang": the verb's object
    if m.start >= t.end and not t.joint and (w := _WITH_AFTER.match(text, t.end)) and \
            m.start - w.end() <= 70 and _TITLE_GAP.fullmatch(text, w.end(), m.start):
        return 0  # "held talks with Wei and was received by Xi": Wei is the talks' object
    if m.start >= t.end and not t.joint and (b := _BETWEEN_AFTER.match(text, t.end)) and \
            not _ANOTHER_NOUN.search(text, t.end, b.end()) and \
            m.start - b.end() <= (120 if b.group(1) == "between" else 220) and \
            not _PAIR_GAP_STOP.search(_unabbreviated(text[b.end():m.start])):
        return 0  # "the call on Tuesday evening between Austin and Dong": the call's people
    return _distance(t, m.start, m.end, text)


# a person, an appositive title, and the who-clause whose verb (or its participle) is the contact
_WHO_DID = re.compile(r"(?:\s*,\s+(?:the\s+)?[^,;:()]{3,80}?)?,\s+who\s+(?!(?:[^,;:]*\s)?(?:said|says"
                      r"|told|added)\b)[^,;:]{0,70}?\s")


# (and "a phone call of more than two hours with Xi")
_WITH_AFTER = re.compile(r"(?:\s+(?:of|lasting)\s+(?:about\s+|nearly\s+|almost\s+|more than\s+|over\s+"
                         r"|roughly\s+|some\s+)?(?:an?|one|two|three|four|\d+|several)\s+"
                         r"(?:minutes?|hours?))?\s+with\s")
# "the talks in Washington on January 8 and 9, co-chaired by Song, deputy director of ..., and Chase"
_BETWEEN_AFTER = re.compile(r"[^;:]{0,70}?\b(between|co-?chaired by)\s")
# "the talks followed a meeting between Dong and Hegseth": that meeting's people
_ANOTHER_NOUN = re.compile(r"\b(?:follow\w*|after|before|since|preceded|meetings?|calls?|talks"
                           r"|conversations?|summits?|visits?)\b", re.IGNORECASE)


# "the two got to know each other during Biden's visit to China last August": the visit's date
_DURING_VISIT = re.compile(r"\bduring\s+(?:[\w'’.-]+\s+){0,3}?(?:visit|trip|stay)\b[^,;.]{0,40}$")
_AND_BEFORE = re.compile(r",\s+and\s+(?:then\s+|also\s+)?$")
_PARTICIPLE = re.compile(r"[a-z]+ing\b")
_AND_VERB_BEFORE = re.compile(r"[^;:]*,\s+and\s+(?:then\s+|also\s+|later\s+|earlier\s+)?"
                              r"(?:had\s+|have\s+|has\s+)?(?:(?:spoken|talked|conferred|met|chatted)\s+)?")
# "the two sat down together in Singapore on April 16": a pair's contact, dated like any other
_CONTACT_PAIR_VERB = re.compile(r"(?:spoke|talked|conferred|sat|shook|spen[dt])\b", re.IGNORECASE)


# "..., which Chinese media covered. Last Thursday, Wu told Richardson": not that clause's date
_OPENS_SENTENCE = re.compile(r"(?:[.!?][\"”’)]*\s+|\n\s*|^)$")


def _date_distance(t: media.Trigger, d: DateMention, text: str) -> float:
    if d.start >= t.end and (t.joint and d.start - t.end > 20 and (d.kind == "explicit"
                                                                  or d.precision != "day")
                             and not _CONTACT_PAIR_VERB.match(text, t.start)
                             and not WHEN_VISITED.search(text, t.end, d.start)
                             and not _DURING_VISIT.search(text, t.end, d.start) or
                             "," in text[t.end:d.start] and _RELATIVE_ACT.search(text, t.end,
                                                                                 d.start)):
        # "the two discussed the missile test in January": the test's date, not theirs (a
        # weekday or "yesterday" further on still dates the talks themselves)
        return float("inf")
    if t.joint and d.end <= t.start and _COORDINATED.search(text, d.end, t.start):
        return float("inf")  # "... in February 2014, and the two discussed": another clause
    if d.end <= t.start and "," in text[d.end:t.start] and not _OPENS_SENTENCE.search(
            text, max(0, d.start - 4), d.start) and _RELATIVE_OPEN.search(
            text, max(0, d.start - 120), d.start) and not _AND_BEFORE.search(text, d.end, t.start):
        return float("inf")  # "Biden, who made a trip to China last August, hosted ..." (but
        # "Shen, who had been due in September to attend a conference, and to meet Richardson")
    distance = _distance(t, d.start, d.end, text)
    return distance * 1.5 if d.end <= t.start else distance


def _initiated(text: str, s: Sentence, t: media.Trigger, people: list[Mention]) -> str | None:
    if m := search(_INITIATED, text, s.start, s.end):
        word = (m.group("s1") or m.group("s2") or m.group("s3")).lower()
        return "CN" if word.startswith(("chinese", "beijing")) else "US"
    req = _REQUESTED.search(text, max(s.start, t.start - 30), t.end)
    if req or t.needs_person_after and t.medium == media.PHONE:
        before = [m for m in people if m.end <= t.start and m.side]
        if before:
            return before[0].side
    return None


def _location(text: str, t: media.Trigger, s: Sentence) -> str | None:
    m = _LOCATION.search(text, t.start, s.end)
    if m and m.start() <= t.end + 90 and not _NOT_PLACES.match(m.group("loc")):
        loc = _MONTH_TAIL.sub("", m.group("loc")).rstrip(".")
        return loc[4:] if loc.startswith("the ") else loc
    return None


_MONTH_TAIL = re.compile(r",\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.?$")


def _compatible_medium(r: Report, c: Cluster) -> bool:
    if r.trigger.neutral:
        return True
    strong = c.strong_medium
    if r.trigger.strong and strong:
        return r.trigger.medium == strong
    if not r.trigger.strong:
        if r.trigger.medium == media.MEETING:
            return True
        return c.medium in (media.PHONE, media.VIDEO)
    # strong report, weak cluster
    if c.medium == media.MEETING:
        return True
    return r.trigger.medium in (media.PHONE, media.VIDEO)


def _compatible_date(r: Report, c: Cluster) -> bool:
    a, b = r.date, c.date
    if a is None or b is None:
        return True
    # (a day apart for time zones; "last month" and "earlier this month" are two months)
    slack = timedelta(days=1) if "day" in (a.precision, b.precision) else timedelta(0)
    return a.date <= b.last_day() + slack and b.date <= a.last_day() + slack


def _compatible_status(r: Report, c: Cluster) -> bool:
    cs = c.status
    if r.status == cs or {r.status, cs} <= {HELD, "requested"}:
        return True
    if r.status in _STRONG_NON_HELD and cs in _STRONG_NON_HELD | {"requested"}:
        return True
    if r.status == "requested" and cs in _STRONG_NON_HELD:
        return True
    # a definite, undated "the meeting" can refer to a planned or refused one; an undated
    # refusal ("declined to make Wei available for the talks") does not undo a held contact
    return r.date is None and not r.trigger.strong and (r.status == HELD or not any(
        x.status == HELD and x.trigger.strong and x.date for x in c.reports))


def _joinable(r: Report, c: Cluster) -> bool:
    """r adds people to c ("Ratner joined the call"): all but the people must agree."""
    return _compatible_medium(r, c) and _compatible_status(r, c) and _compatible_date(r, c)


def _compatible_people(r: Report, c: Cluster) -> bool:
    for side in ("US", "CN"):
        a, b = r.side_persons(side), c.side_persons(side)
        if a and b and not a & b:
            return False
    return True


def fits(r: Report, c: Cluster, need_shared: bool) -> bool:
    if not (_compatible_medium(r, c) and _compatible_date(r, c) and _compatible_status(r, c)
            and _compatible_people(r, c)):
        return False
    if r.also and any(not c.side_persons(side) for side in ("US", "CN") if r.side_persons(side)):
        return False  # "also met Xi" is not the meeting whose Chinese side is still unnamed
    return not need_shared or bool(r.persons & c.persons)


def _closest(text: str, r: Report, candidates: list[Cluster]) -> Cluster:
    # a joint act ("Wei told Esper ...") reads on from the contact reported before it
    # and "Xi told Trump" belongs with the contact that has both of them rather than with a
    # nearer one that names only Trump
    # and "Dong told Hegseth" reads the meeting of the article, not the call recalled before it
    return min(candidates, key=lambda c: (_medium_mismatch(text, r, c),
                                          bool(r.trigger.joint) and c.start > r.sentence.start,
                                          bool(r.trigger.joint) and not r.persons <= c.persons,
                                          bool(r.trigger.joint) and any(_older(c, o)
                                                                        for o in candidates),
                                          c.distance_to(r.sentence.index)))


def _join_leftovers(text: str, reports: list[Report], clusters: list[Cluster]) -> None:
    """'Flournoy said the talks covered North Korea': once the delegation leaders have joined
    the talks they led, an undated report that names one of them belongs to those talks too."""
    placed = {id(r) for c in clusters for r in c.reports}
    for r in reports:
        if id(r) in placed or r.date is not None or not r.people or r.trigger.generic:
            continue
        shared = [c for c in clusters if fits(r, c, True)]
        if shared:
            _closest(text, r, shared).reports.append(r)


def _cluster(reports: list[Report], sentences, text, ctx, memo: dict) -> list[Cluster]:
    clusters: list[Cluster] = []

    def closest(r: Report, candidates: list[Cluster]) -> Cluster:
        return _closest(text, r, candidates)

    def place_dated(r: Report, d: DateMention) -> None:
        """r dated from outside its sentence: with an event of its people that day, else new."""
        r.date, r.fallback_date = d, True
        shared = [c for c in clusters if fits(r, c, True)]
        if shared:
            closest(r, shared).reports.append(r)
        else:
            clusters.append(Cluster([r]))

    _inherit_other_side(reports)
    usable = [r for r in reports if not (r.trigger.generic and r.date is None)]
    # 1. dated reports with people found the events
    for r in usable:
        if r.date is None or r.trigger.generic and not r.people:
            continue
        if not r.people:
            continue
        if r.trigger.joins and (before := [c for c in clusters if c.start <= r.sentence.start
                                           and _joinable(r, c)]):
            # "Present at Wednesday's talks were ...": more people of those talks
            max(before, key=lambda c: c.last_index_until(r.sentence.index)).reports.append(r)
            continue
        shared = [c for c in clusters if fits(r, c, True) and c.date is not None] or [
            c for c in clusters if _names_its_description(r, c) and fits(r, c, False)]
        if shared:
            closest(r, shared).reports.append(r)
        else:
            clusters.append(Cluster([r]))
    # 2. dated reports without people: "The first call, on Oct. 30, 2020, ..."
    for r in usable:
        if r.date is None or r.people:
            continue
        dated = [c for c in clusters if fits(r, c, False) and c.date is not None]
        if dated:
            closest(r, dated).reports.append(r)
            continue
        # "The second call came on Jan. 8": the people of the last report of that medium
        another = bool(_ANOTHER.search(text, max(r.sentence.start, r.trigger.start - 20),
                                       r.trigger.start))
        antecedent = next((a for a in reversed(reports) if a.sentence.index < r.sentence.index
                           and r.sentence.index - a.sentence.index <= (4 if another else 2)
                           and a.people and (a.date is None or another
                                             and a.trigger.medium == r.trigger.medium)), None)
        if _PRONOUN_BEFORE.search(text, max(r.sentence.start, r.trigger.start - 30),
                                  r.trigger.start):
            # "their first meeting since they met in Malta in September", "The two men last met
            # in Bangkok in November": the pair just named
            antecedent = next((a for a in reversed(reports) if a.people and a is not r and (
                a.sentence.index < r.sentence.index or a.sentence.index == r.sentence.index
                and a.trigger.start < r.trigger.start) and r.sentence.index - a.sentence.index
                <= 3 and {m.side for m in a.people} >= {"US", "CN"}), antecedent)
        # (not "A working group under the MMCA met in Honolulu": the channel's delegations)
        if antecedent is not None and (r.trigger.definite or r.trigger.strong) and not \
                _THIRD_PARTY.search(text, r.sentence.start, r.sentence.end) and not \
                _GROUPS.search(text, r.sentence.start, r.trigger.start) and \
                r.channel not in _BILATERAL_CHANNELS:
            r.people = list(antecedent.people)
            clusters.append(Cluster([r]))
        elif r.both_sides and r.trigger.strong and not r.trigger.generic:
            clusters.append(Cluster([r]))
    # 3. undated reports that name people join an event they share a person with
    for r in usable:
        if r.date is not None or not r.people:
            continue
        if r.trigger.joins:  # "Ratner joined the call": the contact reported just before
            before = [c for c in clusters if c.start <= r.sentence.start and _joinable(r, c)]
            if before:
                max(before, key=lambda c: c.last_index_until(r.sentence.index)).reports.append(r)
            continue
        if (_DAY_SHIFT_AFTER.search(text, r.trigger.end, r.sentence.end) or _DAY_SHIFT_OPENS.match(
                text, r.sentence.start, r.trigger.start)) and (
                shifted := _fallback_date(text, sentences, r, ctx, memo)):
            place_dated(r, shifted)  # "Fang met Dunford the following day", "The next day Fan
            # and Odierno witnessed the signing": a contact of its own
            continue
        shared = [c for c in clusters if fits(r, c, True) and not _other_medium_ahead(r, c)]
        if shared:
            closest(r, shared).reports.append(r)
        elif r.status != HELD:
            clusters.append(Cluster([r]))
        elif r.trigger.joint and {m.side for m in r.people} >= {"US", "CN"}:
            # "The top officers of the two navies held a video call Wednesday." ... "Franchetti
            # and Hu discussed ...": the pair names the contact just reported without names
            # (not "The talks follow the summit in Woodside, where the two leaders agreed ...":
            # the pair of another contact)
            nameless = [c for c in clusters if not c.persons and c.date is not None
                        and c.status == HELD and _reported_just_before(c, r, 2)]
            if nameless and not _SEQUENCE.search(text, r.sentence.start, r.trigger.start):
                closest(r, nameless).reports.append(r)
        elif r.trigger.strong and {m.side for m in r.people} >= {"US", "CN"}:
            # "The two navy chiefs held a video call last week." ... "Wu held a video call with
            # Richardson": the names of a contact reported just before without them
            nameless = [c for c in clusters if not c.persons and c.date is not None
                        and c.strong_medium == r.trigger.medium and fits(r, c, False)
                        and _reported_just_before(c, r, 3)]
            if nameless:
                closest(r, nameless).reports.append(r)
                continue
            # "The meeting came a day after Trump and Xi held talks": a day before that meeting,
            # else dated by the sentence before it in the paragraph, or the lede
            # "Flournoy also paid a courtesy call on Liang during her visit": the visit's day
            # (a meeting of its own), before the date of the sentence before, "the talks were
            # the sixth round of the consultations, which began in 1997"
            during = bool(_DURING_TRIP.search(text, r.sentence.start, r.sentence.end))
            trip = _trip(r, clusters) if r.also or during else None
            fallback = _chained_date(text, r, reports, clusters)
            if fallback is None and during and trip:
                fallback = trip.date
            if trip is None and r.trigger.medium == media.MEETING:
                # "The hosts also took Rumsfeld to the Second Artillery, where he was received by
                # Jing": undated, a meeting of the visit of some days (Oct. 18-20) reported
                # before, failing any other date
                trip = _trip(r, clusters, media.MEETING)
                trip = trip if trip is not None and trip.date.end_date is not None else None
            # (and last, the day of the dateline's story, in the paragraphs after its lede)
            fallback = fallback or _fallback_date(text, sentences, r, ctx, memo) or (
                trip.date if trip else None) or _dateline_frame(text, sentences, ctx, memo).get(
                r.sentence.paragraph)
            if fallback is not None:
                place_dated(r, fallback)
    # 4. "the call", "the meeting": the nearest event before it (else after it)
    for r in usable:
        if r.people or r.date is not None or not (r.trigger.definite or r.trigger.strong):
            continue
        fitting = [c for c in clusters if fits(r, c, False) and not _sequenced(text, r, c)]
        if not fitting:
            continue
        before = [c for c in fitting if c.start <= r.sentence.start]
        # "They had held a video call in September." "... after the talks": the article's contact
        # rather than one recalled for background
        before = [c for c in before if not any(_older(c, o) for o in before)] or before
        target = max(before, key=lambda c: c.last_index_until(r.sentence.index)) \
            if before else min(fitting, key=lambda c: c.start)
        target.reports.append(r)
    # "The Pentagon and China's defense ministry signed an agreement Feb. 29." "Sedney signed for
    # the United States at the end of two days of talks with Qian": the lede of the contact dated
    # by it, which names its people
    placed = {id(x) for c in clusters for x in c.reports}
    for r in usable:
        if id(r) in placed or r.date is None or r.people or not r.both_sides or r.trigger.generic:
            continue
        after = [c for c in clusters if c.date is not None and c.date_is_fallback and c.persons
                 and 0 < c.sentence_indexes[0] - r.sentence.index <= 2 and fits(r, c, False)]
        if after:
            min(after, key=lambda c: c.sentence_indexes[0]).reports.append(r)
    clusters.sort(key=lambda c: c.start)
    return clusters


_KIND_REACH = 2  # sentences


def _told_before(before: list[Report], r: Report) -> Report | None:
    """'Richardson and Wu held a video call on Tuesday. The previous one was held on Oct. 29':
    the contact just told (a strong trigger, in the sentence or the two before), whose medium
    and pair the previous one shares."""
    for told in reversed(before):
        if told.sentence.index < r.sentence.index - _KIND_REACH:
            return None
        if (told.trigger.strong or told.trigger.noun and not told.trigger.like_before) \
                and told.trigger.end <= r.trigger.start:
            return told
    return None


def _other_medium_ahead(r: Report, c: Cluster) -> bool:
    """"During the meeting, Wu interacted with ..." ... "On Sept. 10, Wu and Paparo held a video
    call": a vague meeting does not read ahead into a later contact said to be a call."""
    return not r.trigger.strong and r.trigger.medium == media.MEETING and \
        c.start > r.sentence.start and c.strong_medium in (media.PHONE, media.VIDEO)


def _names_its_description(r: Report, c: Cluster) -> bool:
    """'As we speak he is sitting down with his Chinese counterpart.' ... 'The admiral and his
    host, General Chen, are in talks right now': a report a few sentences on, of the same day and
    medium, names the person of the side the contact only described."""
    if c.date is None or r.date is None or c.date.precision != "day" or r.date.date != c.date.date \
            or not 0 < r.sentence.index - c.sentence_indexes[-1] <= _DESCRIBED_REACH:
        return False
    described = {m.side for m in c.people if m.person is None and m.side}
    return any(r.side_persons(side) and not c.side_persons(side) for side in described)


_DESCRIBED_REACH = 4  # sentences


def _trip(r: Report, clusters: list[Cluster], medium: str | None = None) -> Cluster | None:
    """The last dated, held contact before r of someone r names: the trip r is part of."""
    trip = [c for c in clusters if c.date is not None and c.persons & r.persons
            and c.start < r.sentence.start and c.status == HELD
            and (medium is None or c.medium == medium)]
    return max(trip, key=lambda c: c.start) if trip else None


def _reported_just_before(c: Cluster, r: Report, n: int) -> bool:
    """c has a sentence at most n sentences before r's (it may have later ones too: "This week's
    meeting was the first in person" after the names)."""
    return c.sentence_indexes[0] < r.sentence.index and \
        r.sentence.index - c.last_index_until(r.sentence.index - 1) <= n


# "Taiwan's president, Tsai Ing-wen, took a call": someone else's contact, not the people before
_THIRD_PARTY = re.compile(r"\bTaiwan(?:['’]s|ese)\s+(?:[\w-]+\s+){0,2}?(?:president|leader|premier|minister"
                          r"|officials?|envoy|representative)\b", re.IGNORECASE)


# "Officials from both countries held talks": unnamed people of their own, not the last named
_GROUPS = re.compile(r"\b(?:officials|officers|delegations|militaries|armies|navies|teams|experts)"
                     r"\s+(?:from|of)\s+(?:both|the two)\b|\b(?:U\.S\.|US|American|Chinese)\s+and\s+"
                     r"(?:U\.S\.|US|American|Chinese)\s+(?:[\w-]+\s+)?(?:officials|officers|delegations"
                     r"|militaries|armies|navies|teams|experts)\b", re.IGNORECASE)


def _older(a: Cluster, b: Cluster) -> bool:
    """a is a contact recalled for background, more than a week before b."""
    if a.date is None or b.date is None or b.status != HELD:
        return False
    return a.date.last_day() + timedelta(days=7) < b.date.date


def _medium_mismatch(text: str, r: Report, c: Cluster) -> bool:
    """'Wei and Austin's meeting' refers to the meeting rather than to a nearer call."""
    t = r.trigger
    if t.strong:
        return False
    words = text[t.start:t.end].lower()
    if words.endswith(("meeting", "meetings")):
        return c.medium != media.MEETING
    if words.endswith(("call", "calls")):
        return c.medium == media.MEETING
    return False


def _inherit_other_side(reports: list[Report]) -> None:
    """"Milley's calls, first in October and again in January": a definite mention that names one
    side of a contact just reported takes the other side from that report."""
    for k, r in enumerate(reports):
        sides = {m.side for m in r.people if m.person is not None}
        if len(sides) != 1 or not r.trigger.definite:
            continue
        for a in reversed(reports[max(0, k - 6):k]):
            if r.sentence.index - a.sentence.index > 2:
                break
            if a.sentence.index == r.sentence.index or not a.persons & r.persons:
                continue
            other = [m for m in a.people if m.person is not None and m.side not in sides]
            if other and (a.trigger.medium == r.trigger.medium or media.MEETING not in (
                    a.trigger.medium, r.trigger.medium)):
                r.people = r.people + other
                break
        if len({m.side for m in r.people if m.person is not None}) == 1:
            # "More telling were the meetings with President Hu." "Hu told Rumsfeld ...": the
            # next sentence's exchange between that person and the other side says who
            for a in reports[k + 1:k + 4]:
                if a.sentence.index != r.sentence.index + 1:
                    continue
                other = [m for m in a.people if m.person is not None and m.side not in sides]
                if a.trigger.joint == "object" and a.persons & r.persons and other and \
                        {m.side for m in a.people if m.person is not None} >= {"US", "CN"}:
                    r.people = r.people + other
                    break


def _sequenced(text: str, r: Report, c: Cluster) -> bool:
    """'The call was a follow-up to Biden's call': r is not the contact it is compared with."""
    if not c.has_sentence(r.sentence.index):
        return False
    for x in c.reports:
        if x.sentence.index == r.sentence.index:
            a, b = sorted((x.trigger, r.trigger), key=lambda t: t.start)
            if _SEQUENCE.search(text, a.end, b.start):
                return True
    return False


_DURING_TRIP = re.compile(r"\b(?:during|on|in the course of) (?:his|her|their|the|this) (?:[\w-]+ )?"
                          r"(?:visit|trip|stay|tour)\b", re.IGNORECASE)
# "Earlier in the day, Fang held talks with Harris": the day of the contact reported before
_SAME_DAY = re.compile(r"\b(?:(?:earlier|later) (?:in|that) (?:the )?day|(?:on )?the same day"
                       r"|later that (?:morning|afternoon|evening)"
                       # "That meeting followed a summit between Biden and Xi the same month"
                       r"|(?:the|that) same (?:week|month)|(?:earlier|later) that (?:week|month))\b",
                       re.IGNORECASE)


_VISIT_CAME = re.compile(r"([A-Z][\w-]+)['’]s?\s+(?:[\w-]+\s+)?(?:visit|trip)\s+(?:came|comes|took place)\s+$")


# "The Kuala Lumpur meeting came a day after ...": a definite contact named by its place
_NAMED_DEFINITE = re.compile(r"\W*The\s+(?:[A-Z][\w.'’-]*\s+){1,3}")


def _chained_date(text: str, r: Report, reports: list[Report],
                  clusters: list[Cluster]) -> DateMention | None:
    """'The meeting came a day after Mr Trump and Xi held talks': the day of the contact 'the
    meeting' refers to (the last one reported before it), shifted."""
    s = r.sentence
    apart = _DAYS_APART.search(text, s.start, r.trigger.start)
    if apart is None:
        return None
    anchor = next((a for a in reports if a.sentence is s and a.trigger.end <= apart.start()
                   and (a.trigger.definite or _NAMED_DEFINITE.fullmatch(
                       text, s.start, a.trigger.start)) and not a.people and a.date is None), None)
    # "General Dunford's visit came four days after Trump and Xi spoke": the visit's contact
    visit = _VISIT_CAME.search(text, s.start, apart.start()) if anchor is None else None
    if anchor is None and visit is None:
        return None
    before = [c for c in clusters if c.start <= s.start and c.status == HELD and c.date is not None
              and (anchor is None or _compatible_medium(anchor, c))]
    if visit is not None:
        before = [c for c in before if c.medium == media.MEETING and any(
            n.split()[-1] == visit.group(1) for n in c.persons)]
    if not before:
        return None
    d = max(before, key=lambda c: c.last_index_until(s.index)).date
    if d.precision != "day":
        return None
    n = _number_word(apart.group(1))
    shift = timedelta(days=-n if apart.group(2).lower() == "after" else n)
    return replace(d, date=d.date + shift, end_date=None, kind="relative", start=apart.start(),
                   end=apart.end())


def _event_dates(text: str, s: Sentence, ctx: DateContext, memo: dict) -> list[DateMention]:
    key = ("dates", s.index)
    if key not in memo:
        line = text.rfind("\n", 0, s.start) + 1  # a paragraph is a line
        year = memo.get("sections", {}).get(s.paragraph)
        memo[key] = series_years(text, [
            in_section_year(text, d, year) if year else in_context_year(text, d, line, s.start, ctx)
            for d in find_dates(text, s.start, s.end, ctx) if d.role == "event"])
    return memo[key]


def _after_publication(d: DateMention, ctx: DateContext) -> bool:
    return ctx.reference is not None and d.date > ctx.reference + timedelta(days=1)


def _fallback_date(text, sentences, r: Report, ctx, memo: dict) -> DateMention | None:
    s = r.sentence
    same_day = bool(_SAME_DAY.search(text, s.start, s.end))
    # "A day earlier, Li held talks with Milley": the day before the one just reported (and
    # "Fang met Dunford the following day")
    shift = _DAY_SHIFT.search(text, s.start, r.trigger.start) or _DAY_SHIFT_AFTER.search(
        text, r.trigger.end, s.end)
    headed = memo.get("headings", {})
    for j in range(s.index - 1, -1, -1):
        prev = sentences[j]
        if prev.paragraph < s.paragraph - 1 and j < s.index - 2 and not (same_day or shift):
            break
        if prev.paragraph != s.paragraph and prev.paragraph in headed:
            break  # a timeline item's date is its own: "Beyond these encounters, ..." after it
        # "Hagel accepted an invitation to visit China next year": not a held contact's day
        dates = [d for d in _event_dates(text, prev, ctx, memo) if not _after_publication(d, ctx)]
        if dates and not (same_day or shift) and (others := memo.get("reported", {}).get(j)) \
                and not others & r.persons and r.persons and all(d.precision != "day" for d in dates):
            continue  # "Fallon spent days in Beijing in September meeting PLA officers." "Rumsfeld's
            # talks with Cao ...": the month of someone else's contact, not this one's (a day may
            # well be the one of both, on one trip)
        if dates and shift:
            # ("in Washington in June for the dialogue ... on June 21": its day)
            d = next((x for x in reversed(dates) if x.precision == "day"), dates[0])
            if d.precision != "day":
                continue  # "signed last November": not a day to count from, the one before may be
            n = _number_word(shift.group(1) or "one")
            word = (shift.group(2) or shift.group(3) or shift.group(4) or "").lower()
            later = word in ("later", "after", "next", "following")
            return replace(d, date=d.date + timedelta(days=n if later else -n), end_date=None,
                           kind="relative")
        if dates:
            return dates[0]
    # "BEIJING, Nov 5 (Reuters) - ... Gates said after talks with his Chinese counterpart"
    frame = _dateline_frame(text, sentences, ctx, memo)
    return None if shift or s.paragraph != min(frame, default=None) else frame[s.paragraph]


def _dateline_frame(text: str, sentences: list[Sentence], ctx: DateContext,
                   memo: dict) -> dict[int, DateMention]:
    """discourse.dateline_frame, looked for once per article and only when a report needs it."""
    if "dateline" not in memo:
        memo["dateline"] = discourse.dateline_frame(text, sentences, ctx,
                                                lambda s: _event_dates(text, s, ctx, memo))
    return memo["dateline"]


_DAY_SHIFT = re.compile(r"\b(?:(a|one|two|three)\s+days?\s+(earlier|later|before|after)\b(?!\s+(?-i:[A-Z]))"
                        r"|the\s+(previous|next|following)\s+day\b|the\s+day\s+(before|after)\b(?!\s+(?-i:[A-Z])))",
                        re.IGNORECASE)


# "The next day Fan and Odierno ...", "A day later, ...": the sentence opens with it
_DAY_SHIFT_OPENS = re.compile(r"\W*(?:(?:on|by)\s+)?(?:the\s+(?:next|following)\s+day|(?:a|one|two|three)"
                              r"\s+days?\s+later)\b", re.IGNORECASE)


# (the groups as _DAY_SHIFT's)
_DAY_SHIFT_AFTER = re.compile(r"\s(?:(a|one|two|three)\s+days?\s+(later)|(?:on\s+)?the\s+(next|following)"
                              r"\s+day)\b()", re.IGNORECASE)


def _attach_delegation(clusters: list[Cluster], s: Sentence, people: list[Mention]) -> None:
    before = [c for c in clusters if c.start <= s.start]
    if not before or not people:
        return
    target = max(before, key=lambda c: c.start)
    known = target.persons
    target.extra_people += [m for m in people if m.person and m.person.name not in known
                            and m.participant]


def _complete_casts(clusters: list[Cluster], sentences: list[Sentence],
                    by_sentence: dict[int, list[Mention]], taken: set[int]) -> None:
    """A held, dated contact reported as one (a strong trigger) that names one side only takes
    the other side from the sentences around it that report no contact (discourse.nearby_cast)."""
    for c in clusters:
        sides = {m.side for m in c.people if m.person is not None}
        if c.date is None or c.status != HELD or len(sides) != 1 or not sides <= {"US", "CN"} \
                or c.strong_medium is None:
            continue
        c.extra_people += discourse.nearby_cast(c.sentence_indexes, {"US", "CN"} - sides,
                                                sentences, by_sentence, taken)


def _people_per_day(text: str, r: Report, owned: list[DateMention]
                    ) -> list[tuple[DateMention, list[Mention]]] | None:
    """'Gates met Cao on Monday and Hu on Tuesday', 'met Liang yesterday and Xi at the Great Hall
    today', 'held talks with Wei on May 3 and with Li on May 4': one verb, several days, each
    after the counterparts it dates. [(day, the people of its contact)] when the people after the
    verb fall under two days or more, else None."""
    days = sorted((d for d in owned if d.precision == "day" and d.end_date is None
                   and d.start > r.trigger.end), key=lambda d: d.start)
    if len(days) < 2 or len({d.date for d in days}) < len(days):
        return None
    groups: dict[int, list[Mention]] = {}
    before = [m for m in r.people if m.start < r.trigger.start]
    for m in r.people:
        if m.start < r.trigger.start:
            continue
        k = next((j for j, d in enumerate(days) if m.end <= d.start), len(days) - 1)
        groups.setdefault(k, []).append(m)
    if len(groups) < 2 or not before or any(
            _SUBORDINATE_ACT.search(text, r.trigger.end, d.start) for d in days):
        return None
    return [(days[k], before + ms) for k, ms in sorted(groups.items())]


def _restore_case(original: str, events: list[CandidateEvent]) -> None:
    """The evidence and mentions of a truecased text as the article writes them."""
    folded = original.lower()
    for e in events:
        for ev in e.evidence:
            ev.text = original[ev.start:ev.end]
        for p in e.participants:
            at = folded.find(p.mention.lower())
            if at >= 0:
                p.mention = original[at:at + len(p.mention)]


def _category(named: list[Mention]) -> str:
    cats = {m.person.category for m in named if m.person.category}
    if "defense" in cats:
        return "defense"
    if "diplomatic" in cats:
        return "diplomatic"
    if "leader" in cats:
        return "leader"
    return "defense"


def _confidence(c: Cluster, d: DateMention | None, ctx: DateContext, named, sides) -> float:
    score = 0.95
    if len(sides) < 2:
        score -= 0.2
    if d is None:
        score -= 0.3
    elif c.date_is_fallback:
        score -= 0.15
    elif d.kind != "explicit":
        score -= 0.05
    if ctx.source in ("copyright", "none"):
        score -= 0.2
    if any(m.kind == "fuzzy" for m in named):
        score -= 0.05
    if any(m.kind == "unknown" for m in named):
        score -= 0.05
    return round(max(0.05, min(score, 0.99)), 2)


def _format(d: date, precision: str) -> str:
    return d.isoformat()[:{"day": 10, "month": 7, "year": 4}[precision]]


def article_title(text: str) -> str | None:
    """The headline: the first line of four words or more that is not a sentence."""
    for line in text.strip().splitlines():
        line = line.strip()
        if len(line.split()) >= 4 and _TITLE_LINE.match(line) and not line.endswith("."):
            return line
    return None


_EXTRACTOR: Extractor | None = None


def extract_events(text: str, *, published: date | str | None = None,
                   publisher: str | None = None, url: str | None = None) -> ExtractionResult:
    """Candidate contact events reported by an article (see DESIGN.md, extraction contract)."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    if isinstance(published, str):
        published = date.fromisoformat(published) if published else None
    return _EXTRACTOR.extract(text, published=published, publisher=publisher, url=url)

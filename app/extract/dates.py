"""Dates in news text, resolved against the publication date or the dateline.

A year-less date ("March 18", "on Wednesday", "in October") resolves to the latest such
date on or before the reference date, so it never lands after publication.
"""

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from app.extract.patterns import at_word_start, fold_case, scan

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = (r"(?:(?i:January|Jan\.?|February|Feb\.?|March|Mar\.|April|Apr\.?|June|Jun\.?|July|Jul\.?"
        r"|August|Aug\.?|September|Sept\.?|Sep\.?|October|Oct\.?|November|Nov\.?|December|Dec\.?)"
        r"|May|MAY(?=\s+\d)|may(?=\s+\d))(?![a-z])")  # "MAY 31, 2024:" in an upper-case timeline
MONTH_NAME = _MON
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
_WD = r"(?i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}

# "September ninth" (a transcript's spoken date, lower-case), not "the October second round" nor
# "the August First Building"
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
             "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
             "twentieth").split()
_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(_ORDINALS)}
_ORDINAL_WORDS.update({f"twenty-{w}": 21 + i for i, w in enumerate(_ORDINALS[:9])})
_ORDINAL_WORDS.update({"thirtieth": 30, "thirty-first": 31})
_ORDINAL_DAY = (r"(?-i:(?:twenty-|thirty-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
                r"|ninth)|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth)\b(?!\s+(?i:round|time"
                r"|session|meeting|call|visit|term|quarter|half|day|week|month|year|anniversary))")


def _day(token: str) -> int:
    token = token.lower()
    return _ORDINAL_WORDS[token] if token in _ORDINAL_WORDS else int(re.match(r"\d+", token).group())


DATE_RE = at_word_start(
    rf"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)\b)"
    rf"|(?P<md>\b(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}}(?!\d)(?:st|nd|rd|th)?|{_ORDINAL_DAY})"
    rf"(?:\s*(?:(?:-|–|—|to|through)\s*(?P<m2>{_MON})\s+|(?:-|–|—|to|and|through)\s*)(?P<d2>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?)?"
    rf"(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?)"
    rf"|(?P<dm>\b(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|—|to|through)\s*(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?)?"
    rf"\s+(?:of\s+)?(?P<m3>{_MON})(?:,?\s+(?P<y3>(?:19|20)\d\d)\b)?)"  # "28–29 September", "3rd of May"
    rf"|(?P<my>\b(?P<m4>{_MON})(?:,?\s+|\s+of\s+)(?P<y4>(?:19|20)\d\d)\b)"  # "November of 2022"
    rf"|(?P<mo>\b(?i:in|since|during|until|early|late|mid|mid-|earlier in|later in|of|last|this past|this|in early|in late|in mid-|again in|again this)\s*(?<=\s|-)(?P<m5>{_MON})(?!,?\s+\d|\s+of\s+(?:19|20)\d\d)"
    rf"(?:,?\s+(?:of\s+)?(?P<moyr>(?i:last|this|next))\s+year\b)?)"  # "in May last year"
    # "an August video call", "their March meeting", "the October trip": the month of a contact
    rf"|(?P<ma>\b(?i:an?|the|their|his|her|its|that)\s+(?P<m7>{_MON})(?!,?\s+\d|\s+of\s+\d)"
    rf"(?=\s+(?:[\w-]+\s+){{0,2}}?(?i:calls?|meetings?|visits?|talks|summit|conversations?|trips?"
    rf"|dialogues?|video|teleconference|sessions?|round|consultations?|exchanges?|phone)\b))"
    rf"|(?P<ml>(?<=\n)(?P<m6>{_MON})(?=\s*[:–—]\s|\s+-\s))"  # a chronology's "September – China recalls"
    rf"|(?P<yr>\b(?i:in|since|during|until|of|early|late|mid-)\s+(?P<y5>(?:19|20)\d\d)\b)"
    rf"|(?P<wd>\b(?:(?P<wmod>(?i:last|this|next|on|since|until|by|late|early))\s+)?(?P<w1>{_WD})"
    rf"(?:\s+(?:and|or|to|through|-)\s+(?P<w2>{_WD}))?)"
    r"|(?P<nth>\b(?i:on) the (?P<d6>[1-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:of|anniversary|round|century"
    r"|time|session|meeting|plenary)))"
    r"|(?P<rel>\b(?i:today|tonight|right now|as we speak|this morning|this afternoon|this evening|yesterday"
    r"|last night|overnight"
    r"|(?:(?P<nago>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
    r"(?P<uago>days?|weeks?|months?|years?)\s+ago)|(?:(?:over|during|at|on) )?(?:the|this|last) weekend"
    r"|(?:earlier|later) this (?:month|week|year)|this (?:month|week|year)|(?:last|next) (?:week|month|year)"
    r"|(?:earlier|later) in the (?:month|week|year))\b)",
)
# Every match of DATE_RE holds a digit, "May" or, case-blind, one of these: a month's first three
# letters, the "day" of a weekday, "today" and "yesterday", a unit of "last week" or "two years
# ago", the rest of the relative phrases. A sentence without any is not scanned: most sentences
# hold no date, and the scan costs as much without a match as with one.
_DATE_WORDS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "day",
               "week", "month", "year", "tonight", "right now", "as we speak", "this morning",
               "this afternoon", "this evening", "last night", "overnight")
_DIGIT = re.compile(r"\d")


def may_hold_date(text: str, start: int, end: int) -> bool:
    """False only when DATE_RE has no match in text[start:end]."""
    if _DIGIT.search(text, start, end) or text.find("May", start, end) >= 0:
        return True
    folded = fold_case(text)  # (what a case-blind word matches, lower-cased, at the same offsets)
    for word in _DATE_WORDS:
        if folded.find(word, start, end) >= 0:
            return True
    return False


_REPORTING_AFTER = re.compile(
    r"^\s*,?\s*(?:said|says|told|announced|reported|stated|confirmed|added|noted|disclosed"
    r"|released|issued|in a (?:statement|readout))\b")
_REPORTING_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|confirmed|added|noted|wrote|tweeted|posted"
    r"|statement|briefing|speech|(?:in|during|his|her|their|its)\s+(?:[\w-]+\s+)?remarks|interview"
    r"|press conference|news conference|book|memoir"
    r"|release|publication|published)\b"
    # ("told reporters after his meeting Tuesday with Wei": the meeting's day)
    r"(?:\s+(?!(?:met|meet|meets|spoke|speak|talked|held|holds|called|phoned|visited|hosted"
    r"|meeting|talks|call|conversation|session)\b)"
    r"[\w'’.-]+){0,4}?\s*(?:on\s+)?$", re.IGNORECASE)
# '"Guo Boxiong meets Rumsfeld," PLA Daily, October 20, 2005.': a cited story's publication day
_CITED_BEFORE = re.compile(r"[,.]\s*[\"”]\s*,?\s+(?:[A-Z][\w.'’&-]*\s+){0,4}[A-Z][\w.'’&-]*\s*,\s*$")
_EXCLUDED_START = re.compile(r"(?:since|until)\b", re.IGNORECASE)
# "the first call since March" (a bound, not a contact), unless a contact verb follows "since":
# "their first meeting since they met in Malta in September"
_SINCE_BEFORE = re.compile(r"\bsince\b(?![^.;]*\b(?:met|spoke|talked|held|visited|hosted|called)\b)"
                           r"[^.;]{0,30}$", re.IGNORECASE)
# ("since May 2012, when his predecessor, Liang Guanglie, was hosted by Panetta": that visit's date)
_WHEN_THEY_MET = re.compile(r",?\s+when\s+(?:[\w'’.-]+,?\s+){1,6}?(?:last\s+)?(?:(?:was|were)\s+)?"
                            r"(?:met|spoke|talked|held|visited|sat down|hosted|received|welcomed)\b",
                            re.IGNORECASE)
# "talked about North Korea's nuclear test last week": the test's date, not the talk's
_THING_BEFORE = re.compile(r"\b(?:tests?|launch(?:es)?|drills?|exercises?|incident|collision|crash"
                           r"|attack|election|riot|intercept)\s+(?:on\s+|in\s+)?$", re.IGNORECASE)
# "Gates and Cao agreed to set up the line ..., when the Pentagon chief visited Beijing last
# November": the date closes a clause of a visit or a meeting, whatever came before it
WHEN_VISITED = re.compile(r",\s+when\s+[^,;.]{0,60}?\b(?:visited|met|hosted|traveled|travelled"
                          r"|flew)\b[^,;.]*$")
# "last month's protests" dates the protests; "Tuesday's talks" the talks
_POSSESSIVE_THING = re.compile(
    r"['’]s\s+(?!(?:[\w'’-]+\s+){0,3}?(?:meetings?|calls?|talks|conversations?|summits?|visits?"
    r"|trips?|sessions?|discussions?|dialogue|consultations|exchanges?|encounters?|readouts?"
    r"|statements?|video|phone|telephone|forum|conference|gathering|sidelines)\b)", re.IGNORECASE)
# "talked about the snowstorms that hit southern China in January": the snowstorms' date (not
# "the talks that took place in June", nor "the consensus they reached in Bali last November")
_THING_CLAUSE = re.compile(
    r"\b(?!(?:meetings?|talks|calls?|visits?|trips?|summits?|conversations?|dialogues?|rounds?"
    r"|sessions?|exchanges?|consultations|contacts?|discussions?|encounters?|one|those|the)\s)"
    r"[a-z]{3,}\s+(?:that|which)\s+(?!(?:[\w'’-]+\s+){0,6}?(?:met|meet|spoke|talked|held|visited"
    r"|hosted|called|reached|agreed|signed|struck|took place|came|happened|occurred|ended|began"
    r"|started|opened|concluded|closed|wrapped|lasted|followed)\b)"
    r"(?:[\w'’-]+\s+){1,6}$")
_EXCLUDED_BEFORE = re.compile(
    r"\b(?:established|founded|set up|created|(?:took|taking|take|assumed|assuming) office"
    r"|came to power|became|becoming|assumed|appointed|appointment|(?:was|were|been) named|sworn in"
    r"|sanctioned|inaugurat\w+"
    # ("signed in 1998" dates a document; "signed in Shanghai on Feb. 29 by" its signers' meeting)
    r"|signed in(?!\s+(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))[A-Z][a-z])"
    r"|born|elected|arrived|cut off)\b[^.;]*$")
# "the 11th round of a dialogue that began in 1997", "the talks, first held in 2005": the year a
# series of contacts began, not the year of the one reported
_SERIES_BEGAN = re.compile(
    r"\b(?:dialogues?|mechanisms?|series|process|program(?:me)?s?|exchanges|channels?|forums?"
    r"|consultations|talks|meetings|frameworks?|formats?|initiatives?|tradition|practice)"
    r"(?:\s+(?:that|which)|,)?\s+(?:has\s+|have\s+|had\s+)?(?:first\s+|initially\s+|originally\s+)?"
    r"(?:began|begun|started|opened|launched|convened|held|dates?\s+back\s+to|goes\s+back\s+to"
    r"|(?:was|were)\s+(?:first\s+)?(?:launched|started|begun|convened|held|inaugurated))\s*$",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    date: date
    end_date: date | None
    precision: str  # "day" | "month" | "year"
    kind: str  # "explicit" | "weekday" | "relative"
    role: str  # "event" | "reporting" | "excluded"

    def last_day(self) -> date:
        if self.end_date:
            return self.end_date
        if self.precision == "month":
            return self.date + relativedelta(months=1, days=-1)
        if self.precision == "year":
            return date(self.date.year, 12, 31)
        return self.date


@dataclass(frozen=True, slots=True)
class DateContext:
    reference: date | None  # relative phrases resolve against it
    year: int | None  # the year when only a year is known (copyright line)
    source: str  # "published" | "dateline" | "copyright" | "none"


def month_number(token: str) -> int:
    return MONTHS[token[:3].lower()]


def _before(ref: date, month: int, day: int) -> date | None:
    """The latest month/day on or before ref."""
    for year in (ref.year, ref.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= ref:
            return d
    return None


def _on_year(ctx: DateContext, month: int, day: int) -> date | None:
    if ctx.reference:
        return _before(ctx.reference, month, day)
    if ctx.year:
        try:
            return date(ctx.year, month, day)
        except ValueError:
            return None
    return None


def _weekday_on_or_before(ref: date, weekday: int) -> date:
    return ref - timedelta(days=(ref.weekday() - weekday) % 7)


def _resolve(m: re.Match, ctx: DateContext) -> tuple[date, date | None, str, str] | None:
    g = m.groupdict()
    ref = ctx.reference
    try:
        if g["iso"]:
            return date(int(g["iy"]), int(g["im"]), int(g["id"])), None, "day", "explicit"
        if g["md"]:
            m1, d1 = month_number(g["m1"]), _day(g["d1"])
            if g["y1"]:
                start = date(int(g["y1"]), m1, d1)
            else:
                start = _on_year(ctx, m1, d1)
                if start is None:
                    return None
            end = None
            if g["d2"]:
                m2 = month_number(g["m2"]) if g["m2"] else m1
                end = date(start.year + (1 if m2 < m1 else 0), m2, int(g["d2"]))
                if end <= start:
                    end = None
            return start, end, "day", "explicit"
        if g["dm"]:
            m3, d3 = month_number(g["m3"]), int(g["d3"])
            start = date(int(g["y3"]), m3, d3) if g["y3"] else _on_year(ctx, m3, d3)
            if start is None:
                return None
            end = start.replace(day=int(g["d4"])) if g["d4"] else None
            return start, (end if end and end > start else None), "day", "explicit"
        if g["my"]:
            return date(int(g["y4"]), month_number(g["m4"]), 1), None, "month", "explicit"
        if g["mo"] or g["ml"] or g["ma"]:
            month = month_number(g["m5"] or g["m6"] or g["m7"])
            if ref and g["moyr"]:  # "in May last year": that year, whatever the month
                year = ref.year + {"last": -1, "this": 0, "next": 1}[g["moyr"].lower()]
            elif ref:
                year = ref.year if month <= ref.month else ref.year - 1
                if month == ref.month and (m.group("mo") or "").lower().startswith("last"):
                    year -= 1  # "last November", written in November: a year ago
            elif ctx.year:
                year = ctx.year
            else:
                return None
            return date(year, month, 1), None, "month", "explicit"
        if g["yr"]:
            return date(int(g["y5"]), 1, 1), None, "year", "explicit"
        if g["wd"]:
            if not ref:
                return (date(ctx.year, 1, 1), None, "year", "weekday") if ctx.year else None
            mod = (g["wmod"] or "").lower()
            w1 = WEEKDAYS[g["w1"].lower()]
            if mod == "next":
                d = ref + timedelta(days=(w1 - ref.weekday()) % 7 or 7)
                return d, None, "day", "weekday"
            if g["w2"]:
                last = _weekday_on_or_before(ref, WEEKDAYS[g["w2"].lower()])
                first = last - timedelta(days=(last.weekday() - w1) % 7)
                return first, (last if last != first else None), "day", "weekday"
            d = _weekday_on_or_before(ref, w1)
            if mod == "last" and d == ref:
                d -= timedelta(days=7)
            return d, None, "day", "weekday"
        if g["nth"]:
            if not ref:
                return None
            d = ref.replace(day=int(g["d6"])) if int(g["d6"]) <= ref.day else (
                ref.replace(day=1) - timedelta(days=1)).replace(day=int(g["d6"]))
            return d, None, "day", "relative"
        if g["rel"]:
            return _relative(m.group("rel").lower(), g, ctx)
    except ValueError:
        return None
    return None


def _relative(phrase: str, g: dict, ctx: DateContext) -> tuple[date, date | None, str, str] | None:
    ref = ctx.reference
    if not ref:
        if ctx.year and "year" in phrase and "last" not in phrase:
            return date(ctx.year, 1, 1), None, "year", "relative"
        return None
    if phrase in ("today", "tonight", "right now", "as we speak") or phrase.startswith("this ") and phrase.split()[1] in (
            "morning", "afternoon", "evening"):
        return ref, None, "day", "relative"
    if phrase in ("yesterday", "last night", "overnight"):
        return ref - timedelta(days=1), None, "day", "relative"
    if phrase.endswith("weekend"):  # the Saturday and Sunday before
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
        if "last" in phrase.split() and ref.weekday() >= 5:  # said on a weekend: the one before
            saturday -= timedelta(days=7)
        # a weekend behaves like its two weekdays: a planned one is the weekend to come
        sunday = min(saturday + timedelta(days=1), ref)
        return saturday, sunday if sunday > saturday else None, "day", "weekday"
    if g["nago"]:
        n = _NUMBERS.get(g["nago"].lower()) or int(g["nago"])
        if g["uago"].startswith("month"):  # "two months ago": that month
            return (ref - relativedelta(months=n)).replace(day=1), None, "month", "relative"
        if g["uago"].startswith("year"):
            if n == 1:  # "met a year ago in Bali": about that month
                return (ref - relativedelta(years=1)).replace(day=1), None, "month", "relative"
            return date(ref.year - n, 1, 1), None, "year", "relative"
        if g["uago"].startswith("week"):
            monday = ref - timedelta(days=7 * n + ref.weekday())
            return monday, monday + timedelta(days=6), "day", "relative"
        return ref - timedelta(days=n), None, "day", "relative"
    if phrase.startswith("next "):  # a planned contact: the week, month or year to come
        if phrase.endswith("week"):
            monday = ref + timedelta(days=7 - ref.weekday())
            return monday, monday + timedelta(days=6), "day", "relative"
        if phrase.endswith("month"):
            return ref.replace(day=1) + relativedelta(months=1), None, "month", "relative"
        return date(ref.year + 1, 1, 1), None, "year", "relative"
    if phrase.endswith("week"):
        monday = ref - timedelta(days=ref.weekday())
        if phrase.startswith("last"):
            return monday - timedelta(days=7), monday - timedelta(days=1), "day", "relative"
        end = ref if not phrase.startswith("later") else monday + timedelta(days=6)
        return monday, (end if end != monday else None), "day", "relative"
    if phrase.endswith("month"):
        first = ref.replace(day=1)
        if phrase.startswith("last"):
            first = first - relativedelta(months=1)
        return first, None, "month", "relative"
    if phrase.endswith("year"):
        year = ref.year - 1 if phrase.startswith("last") else ref.year
        return date(year, 1, 1), None, "year", "relative"
    return None


_DATELINE_AFTER = re.compile(r"(?:,?\s+(?:19|20)\d\d)?\s*(?:\([A-Za-z .]{2,20}\)\s*)?\.?(?:-|–|—)")

# "since Richardson took over the US Navy in September", "took up the post last March" (in its
# own clause: not "Shen, who took command early last year, held a call in July 2017")
_TOOK_OVER_BEFORE = re.compile(
    r"\b(?:(?:took|taking|take|takes) (?:over|command|charge|the helm|up (?:the|his|her|its) (?:post"
    r"|job|role|position))|(?:entered|came into|returned to) (?:office|power)|(?:was |were )?promoted"
    r"|retired)\b[^.;,]{0,40}$", re.IGNORECASE)

# "the first meeting since Washington announced an arms package for Taiwan in September": the
# date of the since-clause's own act (not "since they met in Malta in September")
_SINCE_ACT_BEFORE = re.compile(
    r"\bsince\s+(?:[\w'’.-]+\s+){1,4}?(?!(?:met|spoke|talked|held|visited|hosted|called|phoned)\b)"
    r"(?:[a-z]{3,}ed|took|came|began|went|made|sold|won|lost|froze|broke|cut|left|rose|fell)\b"
    r"[^.;,]{0,60}$", re.IGNORECASE)

_DATELINE_PLACE = re.compile(r"[ \t]*(?:[\w.'’/-]+[ \t]*){1,4},[ \t]*")


def _role(text: str, start: int, end: int, lo: int) -> str:
    before = text[max(lo, start - 90):start]
    after = text[end:end + 30]
    if _DATELINE_AFTER.match(after) and _DATELINE_PLACE.fullmatch(
            text, text.rfind("\n", 0, start) + 1, start):
        return "dateline"  # "BEIJING, Aug. 7 --" opens a line; "again this January--" does not
    if WHEN_VISITED.search(before):
        return "event"  # "agreed to set up the line, ..., when Gates visited Beijing last November"
    if _POSSESSIVE_THING.match(text, end, end + 60):
        return "excluded"  # "discussed Taiwan and last month's protests": the protests' date
    if (_EXCLUDED_START.match(text, start) or _SINCE_BEFORE.search(before)) and \
            _WHEN_THEY_MET.match(text, end):
        return "event"  # "the first since June, when they met in Singapore": that meeting's date
    if _EXCLUDED_BEFORE.search(before) or _TOOK_OVER_BEFORE.search(before) or \
            _SINCE_ACT_BEFORE.search(before) or \
            _SINCE_BEFORE.search(before) or _EXCLUDED_START.match(
            text, start) or _THING_BEFORE.search(before) or _THING_CLAUSE.search(before):
        return "excluded"
    if _REPORTING_AFTER.match(after) and not _CLAUSE_OPEN.search(text, max(lo, start - 160), start):
        return "reporting"
    if _REPORTING_BEFORE.search(before[-60:]) or _CITED_BEFORE.search(before):
        return "reporting"
    return "event"


# "Austin, who held talks with Dong in late May, told reporters": the date closes the clause of
# the talks, it is not the day he told them
# (the clause may hold an appositive title: "who met Gen. Li, chief of the Joint Staff, on Saturday,")
_CLAUSE_OPEN = re.compile(r",\s+(?:who|which)\s+(?:[^,;]*|(?:[\w'’-]+\s+){0,3}?(?:met|spoke|talked|held"
                          r"|hosted|visited|called|phoned|sat)\b[^;]*)$")


_WRITTEN_YEAR = re.compile(r"\d{4}|\b(?:last|this|next|past|previous)\b", re.IGNORECASE)


def upcoming(d: DateMention, ctx: DateContext, written: str | None = None) -> DateMention:
    """A weekday of a planned contact ("will meet on Friday") is the next such day, not the last;
    a month without its year ("expects to meet Xi in June") the next such month."""
    ref = ctx.reference
    if written is not None and ref is not None and d.precision == "month" and \
            d.kind == "explicit" and (d.date.year, d.date.month) < (ref.year, ref.month) and \
            not _WRITTEN_YEAR.search(written):
        return replace(d, date=d.date + relativedelta(years=1))
    if d.kind != "weekday" or ref is None or d.precision != "day" or d.date >= ref:
        return d
    week = timedelta(days=7)
    return replace(d, date=d.date + week, end_date=d.end_date + week if d.end_date else None)


_GIVEN_YEAR = re.compile(r"\d{4}|\b(?:last|this|next|past|previous)\s+year\b", re.IGNORECASE)


def year_of(d: DateMention, written: str) -> bool:
    """Whether the date gives a year that may frame the sentences after it: "February 2008",
    "last year"; not "in April", nor "last November" (the one before the reference)."""
    return bool(_GIVEN_YEAR.search(written))


# not a year that frames what follows: "exchanges, which were hurt by the bombing last year,",
# "since a spy plane collided with a fighter in 2001"
_OTHER_ACT_BEFORE = re.compile(r"(?:,\s+(?:which|who)\b|\b(?:since|after|following|before|until)\b)"
                               r"[^,;]*$", re.IGNORECASE)


# "a year later", "just over a year later", "two years earlier", "the following year": counted
# from the year the text gave before
_YEARS_APART = re.compile(r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
                          r"\s+years?\s+(?P<way>later|after|earlier|before)"
                          r"|the\s+(?P<next>following|next)\s+year)\b", re.IGNORECASE)
_WHEN_AFTER = re.compile(r",\s+when\b", re.IGNORECASE)
_LAST_BEFORE = re.compile(r"\b(?:last|this|next|past)\s+$", re.IGNORECASE)


def in_context_year(text: str, d: DateMention, lo: int, hi: int, ctx: DateContext) -> DateMention:
    """A month or day without its year in the year that the text before it in its paragraph
    (text[lo:hi] and its own sentence up to it) last gave, when that is earlier than the
    reference's: "* FEBRUARY 2008 - ... Gates makes the first call in April", "By late 2000
    ..., when they co-chaired talks on November 29"; counted on when the text says how far
    ("... on December 10, 2010, and held the next round a year later, on December 7")."""
    if lo >= d.start or d.kind != "explicit" or d.precision == "year" or \
            _WRITTEN_YEAR.search(text, d.start, d.end) or \
            _LAST_BEFORE.search(text, max(0, d.start - 6), d.start):
        return d
    before = [x for x in find_dates(text, lo, d.start, ctx)
              if x.end <= d.start and year_of(x, text[x.start:x.end])]
    apart = None
    for apart in _YEARS_APART.finditer(text, before[-1].end, d.start) if before else ():
        pass
    # counted from the last year given, whatever its clause ("did not resume until December 9,
    # 2002 ... just over a year later, on February 10-11"); else the last year that frames
    # what follows, in its own sentence only one the clause leads on from ("By late 2000 ...,
    # when they met on November 29"; not "the Woodside summit in November 2023 and Sullivan's
    # Aug. 29 meeting")
    given = before if apart is not None else [
        x for x in before if x.role != "excluded"
        and not _OTHER_ACT_BEFORE.search(text, max(lo, x.start - 120), x.start)
        and (x.start < hi or _WHEN_AFTER.search(text, x.end, d.start))]
    if not given or given[-1].date.year >= d.date.year:
        return d
    year = given[-1].date.year
    if apart is not None:
        n = 1 if apart.group("next") else _NUMBERS.get(apart.group("n").lower()) or int(apart.group("n"))
        target = given[-1].date + relativedelta(
            years=-n if (apart.group("way") or "").lower() in ("earlier", "before") else n)
        year = min((target.year - 1, target.year, target.year + 1),
                   key=lambda y: abs((_safe(y, d.date.month, d.date.day) or target) - target))
    try:
        moved = d.date.replace(year=year)
        end = d.end_date.replace(year=moved.year + d.end_date.year - d.date.year) \
            if d.end_date else None
    except ValueError:  # February 29
        return d
    if moved > d.date:
        return d
    return replace(d, date=moved, end_date=end)


def in_section_year(text: str, d: DateMention, year: int) -> DateMention:
    """A day or month written without its year, in the year of the chronology section it stands
    in ("2018" ... "14 June – ...")."""
    if d.kind != "explicit" or d.precision == "year" or d.date.year == year or \
            _WRITTEN_YEAR.search(text, d.start, d.end):
        return d
    try:
        moved = d.date.replace(year=year)
        end = d.end_date.replace(year=year + d.end_date.year - d.date.year) if d.end_date else None
    except ValueError:  # February 29
        return d
    return replace(d, date=moved, end_date=end)


_FUTURE_BETWEEN = re.compile(r"\b(?:will|would|next|later this|expected|plans?|planned|due|scheduled"
                             r"|upcoming)\b", re.IGNORECASE)


def series_years(text: str, dates: list[DateMention]) -> list[DateMention]:
    """'spoke twice: in March, ..., and again in August' (published in May): months listed in
    order are of one year, the last one's, when that was the year before (not 'met in March and
    will meet again in August')."""
    out = list(dates)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if a.kind != "explicit" or b.kind != "explicit" or a.precision == "year" or \
                b.precision == "year" or a.date.year <= b.date.year or \
                (a.date.month, a.date.day) >= (b.date.month, b.date.day) or \
                _WRITTEN_YEAR.search(text, a.start, a.end) or _WRITTEN_YEAR.search(text, b.start, b.end) \
                or _FUTURE_BETWEEN.search(text, a.end, b.start):
            continue
        try:
            moved = a.date.replace(year=b.date.year)
            end = a.end_date.replace(year=b.date.year) if a.end_date else None
        except ValueError:  # February 29
            continue
        out[i] = replace(a, date=moved, end_date=end)
    return out


def find_dates(text: str, start: int, end: int, ctx: DateContext) -> list[DateMention]:
    """Dates in text[start:end] (a sentence), with offsets into text."""
    found = []
    if not may_hold_date(text, start, end):
        return found
    for m in scan(DATE_RE, text, start, end):
        resolved = _resolve(m, ctx)
        if resolved is None:
            continue
        d, e, precision, kind = resolved
        role = _role(text, m.start(), m.end(), start)
        if role == "event" and (m.group("yr") or m.group("my")) and _SERIES_BEGAN.search(
                text, max(start, m.start() - 80), m.start()):
            role = "excluded"
        found.append(DateMention(m.start(), m.end(), d, e, precision, kind, role))
    return found


DATELINE_RE = re.compile(
    rf"^[ \t]*(?P<place>[A-Z][A-Za-z .'/-]{{2,40}}?)(?:,\s*[A-Z][A-Za-z .]{{2,30}}?)?"
    rf",\s*(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>(?:19|20)\d\d))?\s*"
    r"(?:\((?:[A-Za-z .]{2,20})\)\s*)?[-–—.]+",
    re.MULTILINE,
)
COPYRIGHT_RE = re.compile(r"(?:Copyright|©|\(c\))\s*(?:©\s*)?((?:19|20)\d\d)", re.IGNORECASE)


def dateline(text: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of a dateline such as 'BEIJING, Aug. 7 (Xinhua) --'."""
    m = DATELINE_RE.search(text, 0, 3000)
    if not m:
        return None
    return month_number(m.group("mon")), int(m.group("day")), (
        int(m.group("year")) if m.group("year") else None)


def reference_context(text: str, published: date | None) -> DateContext:
    """What relative dates resolve against: the dateline (when it does not contradict the
    publication date), else the publication date, else the dateline with the copyright year."""
    line = dateline(text)
    if published:
        if line:
            month, day, year = line
            d = _before(published, month, day) if year is None else _safe(year, month, day)
            if d and timedelta(0) <= published - d <= timedelta(days=3):
                return DateContext(d, d.year, "dateline")
        return DateContext(published, published.year, "published")
    copyright_year = None
    if m := COPYRIGHT_RE.search(text):
        copyright_year = int(m.group(1))
    if line:
        month, day, year = line
        year = year or copyright_year
        if year and (d := _safe(year, month, day)):
            return DateContext(d, year, "dateline")
    return DateContext(None, copyright_year, "copyright" if copyright_year else "none")


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None

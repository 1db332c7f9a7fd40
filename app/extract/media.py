"""How the text says two people talked: phone, video, in person; and through what channel.

A trigger is a phrase that reports a contact. Strong triggers fix the medium ("video call",
"spoke by phone", "met"); weak ones ("the call", "the talks", "spoke with") take the medium of a
strong trigger next to them or a default.
"""

import bisect
import re
from dataclasses import dataclass, replace

from app.extract.patterns import at_word_start, scan, search

PHONE, VIDEO, MEETING, WRITTEN = "phone_call", "video_conference", "in_person_meeting", "written"
HOTLINE = "Defense Telephone Link"


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int
    end: int
    medium: str
    strong: bool
    definite: bool = False  # "the call", "Wednesday's meeting": refers to a known contact
    generic: bool = False  # "calls", "a number of ... calls"
    needs_person_after: bool = False  # "called Li": only a contact when a person follows
    channel: str | None = None
    # "Wei and Esper spoke on Thursday", "Liang told Gates": a joint act is a contact only between
    # the two sides ("pair": both named before the verb; "object": one before, one right after)
    joint: str | None = None
    neutral: bool = False  # says nothing of the medium: joins a call or a meeting alike
    noun: bool = False  # "a rare meeting", "the call": a noun rather than a verb
    joins: bool = False  # "Ratner joined the call": adds a person to the contact before
    # "The previous one was held on Oct. 29", "the previous call": another contact of the kind
    # just told, whose medium it takes
    like_before: bool = False


_I = re.IGNORECASE
# "conferred for about 45 minutes with", "spoke for more than an hour with"
_FOR_A_WHILE = (r"(?:\s+for\s+(?:about\s+|nearly\s+|almost\s+|more than\s+|roughly\s+|some\s+|over\s+)?"
                r"(?:an?|one|two|three|\d+|several)\s+(?:minutes?|hours?))?")
_PATTERNS: list[tuple[re.Pattern, str, bool]] = [
    (at_word_start(r"\b(?:secure\s+)?video[- ]?(?:tele)?conferenc(?:e|es|ing)\b|\bvideoconferenc\w*"
                r"|\bvideo[- ](?:calls?|links?|chats?|talks|meetings?|summits?|conversations?)\b"
                r"|\bvideo-?links?\b"
                r"|\bVTCs?\b|\bvirtual(?:ly)?\s+(?:talks|meetings?|summits?|calls?|conferences?"
                r"|dialogues?|discussions?|conversations?|chats?|exchanges?|sessions?)\b"
                # "by video conference" whole: the noun is not a second, weaker trigger
                r"|\b(?:by|via|over)\s+(?:secure\s+)?video(?:[- ]?(?:tele)?conferenc(?:e|ing)"
                r"|[- ](?:calls?|links?))?\b"
                r"|\b(?:talks|meetings?|conferences?|dialogue|summit)\s+online\b|\bonline\s+(?:talks"
                r"|meetings?|summit|conference)\b|\bmet virtually\b", _I),
     VIDEO, True),
    (at_word_start(r"\b(?:tele)?phon(?:e|ic)[- ]?(?:calls?|conversations?|talks|discussions?|contact)\b"
                r"|\b(?:by|over|via)\s+(?:a\s+|the\s+)?(?:secure\s+)?(?:tele)?phon(?:e|ic)\s+(?:link|line)\b"
                r"|\b(?:by|over the|on the|via)\s+(?:secure\s+)?(?:tele)?phone\b|\b(?:tele)?phoned\b"
                r"|\b(?:by|over|via|on)\s+(?:a\s+|the\s+)?secure\s+(?:line|link|connection|channel)\b"
                r"|(?<!video )(?<!video-)(?<!secure )\bteleconferenc(?:e|es|ing)\b"
                r"|\b(?:made|placed|held|had|received|took)\s+(?:(?:a|an|two|three|his|her|their|the)\s+)?"
                r"(?:[\w-]+\s+){0,2}?calls?\b(?!\s+(?:on|for)\b)", _I),
     PHONE, True),
    (at_word_start(r"\b(?:met|meets)\b(?!\s+(?:with\s+)?(?:criticism|resistance|the (?:requirement|"
                r"goal|standard)|(?:the\s+)?(?:press|reporters|journalists|media|news media)\b))"
                # "were met with silence", "was met with skepticism": a reception, not a meeting
                r"(?!(?<=was met)\s+with\b)(?!(?<=were met)\s+with\b)(?!(?<=been met)\s+with\b)|\bmeet(?:ing)?\s+(?!(?:\w+\s+)?halfway\b)(?:with\b)?|\bto meet\b"
                r"|\b(?:held|holds|hold|holding)\s+(?:[a-z-]+\s+){0,5}talks\b(?!\s+(?:by|via|over)\s"
                r"+(?:video|phone))|\bin-person\s+(?:talks|meetings?|encounters?)\b|\bon the (?:sidelines|"
                r"margins?|fringes?) of\b|\bco-?chair(?:ed|s)?\s+(?:the\s+)?(?:[\w.'’-]+\s+){0,8}?(?:talks"
                r"|meeting|dialogue|consultations?)\b"
                # "Miller and Qi led round 13 in Washington", "co-led the talks"
                r"|\b(?:co-?)?le[ad]s?\s+(?:the\s+)?(?:(?:round|session)\s+(?:\d+|[a-z]+\b)|talks\b)"
                r"|\b(?:sat|sit|sits|sitting) down\s+(?:(?:on\s+)?(?-i:[A-Z])[a-z]+day\s+)?with\b|\bface-to-face\b"
                r"|\b(?:ushered|escorted|taken)\s+(?:in\s+|into\s+[\w\s]{0,30}?)?to\s+(?:see|meet)\b"
                r"|\b(?:huddled|dined|met up|closeted) with\b"
                # "Jing escorted the secretary through a briefing room"
                r"|\b(?:escorted|guided|showed)\s+(?:him|her|them|the\s+[a-z]+|(?-i:[A-Z])[\w.'’-]*(?:\s+"
                r"(?-i:[A-Z])[\w.'’-]*){0,2})\s+(?:through|around|round|on\s+a\s+tour)\b"
                r"|\b(?:sat|sit|sits|sitting)\s+(?:across\s+(?:the\s+table\s+)?from|opposite)\b"
                r"|\b(?:gave|give|gives|giving)\s+(?:him|her|them)\s+(?:a|an)\s+(?:[\w-]+\s+)?tour\b"
                r"|\bplay(?:ed|s)? host to\b"
                r"|\b(?:had|held|holds?)\s+(?:a|an|their)\s+(?:[\w-]+\s+){0,2}?(?:one-on-one|bilateral"
                r"|t[êe]te-[àa]-t[êe]te)\b|\b(?:spoke|spoken|talked)\s+in person\b"
                # "to continue that conversation in person this morning"
                r"|\b(?:conversation|discussion|dialogue|talks?)\s+in person\b"
                # "held consultations", "an exchange of views with", "a working lunch", "engaged
                # (Wei) in talks"
                r"|\b(?:held|holds|hold|holding)\s+(?:[a-z-]+\s+){0,3}consultations\b"
                r"|\b(?:had|held|has|have|holds?|holding)\s+(?:an?\s+)?(?:[\w-]+\s+)?exchange\s+of\s+views\b"
                r"|\b(?:had|held|has|have|holds?|holding|over)\s+a\s+working\s+(?:lunch|dinner|breakfast)\b"
                r"|\bengag(?:ed|es|ing)\s+(?:in\s+|(?-i:[A-Z])[\w.'’-]*(?:\s+(?-i:[A-Z])[\w.'’-]*){0,3}\s+in\s+)"
                r"(?:[\w-]+\s+){0,2}?talks\b"
                r"|\bhad (?:lunch|dinner|breakfast) with\b"
                # "the meetings with President Hu and with Guo": each one a meeting
                r"|\b(?:the|his|her|their)\s+(?:[\w-]+\s+)?meetings\s+with\b"
                r"|\btalks\s+(?:(?:at|in)\s+(?:the\s+)?[\w-]+(?:\s+[A-Z][\w-]+)?\s+)?(?:with|between)\b"
                # "are in talks at the Bayi Building", "were locked in talks", "is in a meeting with"
                r"|\b(?:is|are|was|were|remain(?:s|ed)?|been)\s+(?:still\s+|now\s+)?(?:locked\s+)?in\s+"
                r"(?:(?:a|an|their)\s+)?(?:[\w-]+\s+)?(?:talks|meetings?|discussions|consultations)\b"
                r"|\b(?:held|holds|hold|holding)\s+(?:the|a|an|their|its)\s+(?:[\w-]+\s+){0,2}round\s+of"
                r"\s+(?:[\w-]+\s+){0,5}?(?:talks|dialogue|consultations|meetings?|communication|exchanges)\b"
                r"|\bconferr(?:ed|ing|s)?" + _FOR_A_WHILE + r"\s+with\b"
                r"|\bpaid\s+(?:a\s+)?(?:[\w-]+\s+)?(?:call|visit)\s+on\b"
                r"|\b(?:had|held|has|have|holds?|holding|granted)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:meetings?"
                r"|sessions?|discussions|consultations|audience|encounter)(?:\s+on\s+\w+)?\s+with\b"
                r"|\b(?:held|holds|hold|a|their|the)\s+summit\b"
                # "agreed at their Nov. 15 summit in Woodside" (a day: "their November summit" has
                # no date of its own)
                r"|\b(?:their|the|a)\s+(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
                r"\s+\d{1,2}\s+summit\b"
                r"|\b(?:round|series|string|day|morning|afternoon|evening)\s+of\s+(?:[\w-]+\s+)?"
                r"(?:meetings|talks)\s+with\b"
                # "I've just come out of a full day with General Ma"
                r"|\ba\s+(?:full|long)\s+(?:day|morning|afternoon)\s+with\b"
                r"|\b(?:traveled|travelled|flew|went)\s+(?:[\w-]+\s+){0,6}?for\s+(?:[\w-]+\s+)?(?:meetings"
                r"|talks)\s+with\b"
                r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|\d+)\s+"
                r"(?:days|rounds|hours|minutes)\s+of\s+(?:[\w-]+\s+){0,3}?"
                r"(?:talks|meetings|consultations|discussions)\b", _I),
     MEETING, True),
    # "the letter delivered by Prueher to Tang", "Xi sent a letter to Biden"
    (at_word_start(r"\bletters?\s+(?:[\w-]+\s+){0,2}?(?:delivered|sent|handed|written|addressed)\s+"
                r"(?:over\s+)?(?:by|to)\b|\b(?:wrote|sent|delivered|handed(?:\s+over)?)\s+(?:a|an|the|his"
                r"|her)\s+(?:[\w-]+\s+){0,2}?letter\s+to\b", _I),
     WRITTEN, True),
    (at_word_start(r"\breached out to\b|\b(?:spoke|spoken|speak|speaks|speaking|talked|talk|talking"
                r"|conversed|chatted)"
                + _FOR_A_WHILE + r"(?:\s+(?!on\b|of\b)[a-z]+){0,2}?\s+(?:with|to)\b"
                # ("will speak to reporters when the session wraps": an audience, not a contact)
                r"(?!\s+(?:the\s+)?(?:reporters|journalists|press|media|news media|audience|crowd"
                r"|students|cadets|troops|sailors|lawmakers|Congress|graduates)\b)"
                r"|\bconversations?\s+(?:with|between)\b", _I),
     PHONE, False),
]
# "hosted his Chinese counterpart", "received Gen. Li", "summoned the American ambassador", "the
# dialogue, which Mattis hosted for Yang": a meeting when a person follows
_HOST_VERB = at_word_start(r"\b(?:hosted|hosts|hosting|welcomed|welcomes|received|receives|greeted"
                        r"|summoned|summons|summoning"
                        r"|paid\s+(?:a\s+)?(?:[\w-]+\s+)?visit\s+to)\b"
                        r"(?=\s+(?:for\s+)?(?:visiting\s+)?(?:(?:his|her|their|the)\s|(?:him|them)\b|[A-Z]))")
# "Harris held talks with Fan and separately with Fang": a second meeting
_SEPARATELY_WITH = at_word_start(r"\bseparately\s+with\b", re.I)
# "Chen was received by Gates", "Xi was welcomed to the Pentagon by Panetta": the host follows
_HOSTED_BY = at_word_start(r"\b(?:was|were|been|being|is|are)\s+(?:[a-z]+\s+)?(?:received|welcomed"
                        r"|hosted|greeted|escorted|guided|briefed|shown\s+(?:a)?round(?:\s+[^.;,]{2,40}?)?)\b(?:\s+(?:at|to|in|on)\s+[^.;,]{2,40}?)?\s+by\b", re.I)
# "Qi also called on Deputy Secretary Carter" (a courtesy call), "used the visit to call on Cao",
# not "called on Beijing to stop"
_CALLED_ON = at_word_start(r"\b(?:call(?:ed|ing)|call(?=\s+on\s+(?-i:[A-Z])))\s+on\b(?![^.;]{0,70}?\bto\s+[a-z])(?!\s+(?:(?i:Monday|Tuesday"
                        r"|Wednesday|Thursday|Friday|Saturday|Sunday)|[A-Z][a-z]{2,8}\.?\s+\d|\d))", re.I)
# "spent more than two hours with General Liang", "hosted a lunch for him"
_SPENT_WITH = at_word_start(r"\bspen[dt]\s+(?:about\s+|more than\s+|nearly\s+|almost\s+|over\s+)?(?:an?|one"
                         r"|two|three|four|five|\d+|several|the)\s+(?:hours?|minutes|day|morning|afternoon"
                         r"|evening)\s+with\b|\bhost(?:ed|s)?\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:lunch|luncheon"
                         r"|dinner|banquet|breakfast)\s+for\b", re.I)
# "Richardson joined the session": one more participant of the contact just reported
# ("Present at Wednesday's talks were ...": the people who follow)
_JOINED = at_word_start(r"\b(?:joined|joins|sat in on|took part in|participated in|attended|present at)\s+(?:the|their"
                     r"|that|this|(?-i:[A-Z])[a-z]+day['’]s)\s+(?:[\w-]+\s+){0,4}?(?:calls?|session|talks|meeting|conversation"
                     r"|discussions?|conference|teleconference|dialogue|consultations)\b", re.I)
# the joint acts: "A and B spoke/agreed ...", "A told/urged B ..."
_PAIR_VERB = at_word_start(r"\b(?:spoke|talked|conferred|agreed|pledged|vowed|discussed|addressed"
                        r"|exchanged\s+(?:views|ideas|opinions|notes)|held\s+discussions|reaffirmed|sat\s+down"
                        r"|reached\s+(?:an?\s+)?(?:consensus|agreement|understanding)|shook hands"
                        r"|traded\s+(?:[\w-]+\s+)?(?:words|barbs|jabs|jibes|accusations"
                        r"|views|warnings|remarks|criticism)"
                        r"|spen[dt]\s+(?:[\w-]+\s+){0,4}?(?:hours?|minutes)\s+together"
                        r"|got to know each other|(?:first\s+)?became acquainted"
                        # "Fan and Odierno witnessed the signing of a framework": present together
                        r"|(?:witnessed|attended|oversaw|presided\s+over)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?"
                        r"signing"
                        # "watched their staffs sign a framework", "looked on as aides signed"
                        r"|(?:watched|looked\s+on)\s+(?:as\s+)?(?:[\w-]+\s+){1,3}?sign(?:ed)?)\b"
                        r"(?!\s+(?:upon|by)\b)", re.I)
_OBJECT_VERB = at_word_start(r"\b(?:told|urged|warned|assured|reassured|briefed|pressed|pressing|thanked"
                          r"|congratulated|exchanged\s+(?:views|ideas|opinions)\s+with)\b", re.I)
# "over the Defense Telephone Link" names a channel: a phone call unless a video call used it
# "Dunford and Fang signed an agreement": signing together is meeting
_SIGNED = at_word_start(r"\bsign(?:ed|s)?\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:agreement|accord"
                        r"|memorandum|framework|deal)\b", _I)
_HOTLINE = at_word_start(r"\b(?:called|used|over|via|through|on|using)\s+(?:the|a|an)\s+(?:new\s+|"
                      r"secure\s+|direct\s+)*(?:(?:telephone|phone)\s+(?:connection|link|line)"
                      r"|Defense Telephone Link|(?:defen[cs]e\s+|military\s+)?hotline)\b", _I)
_CALL_VERB = at_word_start(r"\b(?:call(?:ed|s|ing)?|rang|dial(?:l)?ed)\b"
                           r"(?=\s+(?:his|her|their)\s+(?:\w+\s+)?counterparts?"
                           r"|\s+(?i:gen\.|general|adm\.|admiral)?\s*(?!(?i:with|from|between"
                           r"|was|is|were|are|that|which|lasted|and|or|came|went|had|has|the|an?"
                           r"|this|took|made|but|as|at|by|of|off|up|back|last|ended|began|focused"
                           r"|touched)\b)[A-Za-z])")
_NOUN = at_word_start(
    r"\b(?P<det>the|a|an|this|that|his|her|their|its|first|second|third|latest|[A-Za-z]+['’]s"
    r"|today['’]s|yesterday['’]s|last\s+week['’]s)\s+"
    r"(?:(?i:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\s+)?"
    r"(?:(?:first|second|secure|brief|planned|"
    r"latest|\d+-minute|[a-z]+-minute|hour-long|[a-z]+-day|rare|high-level|working-level|formal|"
    r"face-to-face|in-person|bilateral|official|separate|planned|proposed|direct|only|last|"
    r"previous|prior|preceding|earlier|final|most recent|recent|next|defen[cs]e|security|strategic|military|maritime|policy"
    r"|diplomatic)\s+)*"
    r"(?P<noun>call|calls|meeting|meetings|talks|conversation|conversations|discussion|consultations"
    r"|dialogue)\b", _I)
# "The previous one was held on Oct. 29", "the last round took place in May"
# "The first call came on Oct. 30 ... The second came on Jan. 8": one more of the kind counted
_PREVIOUS_ONE = at_word_start(r"\b(?:the|their|its|his|her)\s+(?:(?:previous|prior|preceding|last|earlier)\s+"
                           r"(?:one|round|session|encounter|exchange)|(?:second|third|fourth|other|latter)"
                           r"(?:\s+(?:one|round|session|encounter|exchange))?)\b(?=(?:\s+of\s+(?:the\s+)?"
                           r"[\w-]+)?\s+(?:was|had been|came|took place|occurred|happened)\b)", _I)
_PREVIOUS_WORD = re.compile(r"\b(?:previous|prior|preceding|earlier)\b", _I)
_DEFINITE = re.compile(r"the|this|that|their|\w+['’]s|last\s+week['’]s", _I)  # "their talks": the pair's
# a quantifier right before the noun: "a number of phone and video calls" (not "a few feet from
# Hagel after the two men's talks")
_GENERIC_BEFORE = re.compile(
    r"\b(?:a number of|several|many|numerous|multiple|regular|frequent|repeated|few|a series of"
    r"|series of|occasional|routine|more|fewer|twice|periodic|any|no|dozens of|scores of|a couple of"
    r"|a handful of)\b\s+(?:(?!(?:were|was|are|is)\b)[\w'’-]+\s+){0,3}$", _I)  # (not "More telling were")
_PLURAL = re.compile(r"(?:calls|meetings|conversations|conferences|discussions|chats|links|"
                     r"summits|dialogues)$", _I)

CHANNELS = [
    (re.compile(r"\bDefense Telephone Link\b|\b(?:defen[cs]e\s+|military\s+)?hotline\b"
                r"|\bsecure (?:telephone|phone) (?:connection|link|line) established\b", _I),
     "Defense Telephone Link"),
    (re.compile(r"\bMilitary Maritime Consultative Agreement\b|\bMMCA\b"),
     "Military Maritime Consultative Agreement talks"),
    (re.compile(r"\bDefen[cs]e Policy Coordination Talks\b", _I), "Defense Policy Coordination Talks"),
    (re.compile(r"\bjoint strategic dialogue mechanism\b", _I), "Joint Strategic Dialogue Mechanism"),
    (re.compile(r"\bDefen[cs]e Consultative Talks\b", _I), "Defense Consultative Talks"),
    (re.compile(r"\bStrategic and Economic Dialogue\b", _I), "Strategic and Economic Dialogue"),
    (re.compile(r"\bDiplomatic and Security Dialogue\b", _I), "Diplomatic and Security Dialogue"),
]
_SIDELINES = re.compile(
    r"\bon the (?:sidelines|margins?|fringes?) of (?:the |a )?(?P<forum>(?:\d+(?:st|nd|rd|th) )?[A-Z][\w'’-]*(?:[ -](?:[A-Z]"
    r"[\w'’-]*|of|for|and|on|the))*|meeting of [^,.;]{3,60}|[a-z ]{0,30}(?:forum|summit|meeting)"
    r"[^,.;]{0,40})")


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """Contact triggers in text[start:end] (one sentence)."""
    return find_triggers_by_sentence(text, [(start, end)])[0]


# (pattern, joint kind)
_MORE_PHRASES = [(_HOSTED_BY, None), (_CALLED_ON, None), (_SPENT_WITH, None),
                 (_SEPARATELY_WITH, None), (_PAIR_VERB, "pair"), (_OBJECT_VERB, "object")]


def find_triggers_by_sentence(text: str, sentences: list[tuple[int, int]]) -> list[list[Trigger]]:
    """Triggers of each sentence; every pattern runs once over the whole text (or not at all
    when the text lacks the words it needs)."""
    starts = [s for s, _ in sentences]
    found: list[list[Trigger]] = [[] for _ in sentences]
    lo, hi = (sentences[0][0], sentences[-1][1]) if sentences else (0, 0)

    def sentence_of(a: int, b: int) -> int | None:
        i = bisect.bisect_right(starts, a) - 1
        return i if i >= 0 and b <= sentences[i][1] else None

    for pattern, medium, strong in _PATTERNS:
        for m in scan(pattern, text, lo, hi):
            i = sentence_of(m.start(), m.end())
            if i is not None:
                found[i].append(Trigger(m.start(), m.end(), medium, strong,
                                        generic=_generic(text, m.start(), m.end(), starts[i])))
    for m in scan(_CALL_VERB, text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is None:
            continue
        # ("the first call" is a noun, "first called Li" a verb)
        if text[m.end():m.end() + 4].lower().startswith((" on ", " for", " in ", " to ")) or \
                not m.group().endswith("ed") and _NOT_A_VERB.search(
                    text, max(starts[i], m.start() - 25), m.start()):
            continue
        found[i].append(Trigger(m.start(), m.end(), PHONE, False, needs_person_after=True,
                                generic=_generic(text, m.start(), m.end(), starts[i])))
    for m in scan(_SIGNED, text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is not None:
            found[i].append(Trigger(m.start(), m.end(), MEETING, False))
    for m in scan(_HOTLINE, text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if m.group().lower().startswith("on ") and not _SPOKE_BEFORE.search(
                text, max(starts[i] if i is not None else lo, m.start() - 40), m.start()):
            continue
        if i is not None:
            found[i].append(Trigger(m.start(), m.end(), PHONE, True, channel=HOTLINE))
    for m in scan(_JOINED, text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is not None:
            found[i].append(Trigger(m.start(), m.end(), MEETING, False, definite=True,
                                    neutral=True, joins=True))
    for pattern, kind in _MORE_PHRASES:
        for m in scan(pattern, text, lo, hi):
            i = sentence_of(m.start(), m.end())
            if i is None:
                continue
            word = m.group().lower()
            medium = PHONE if kind and word.startswith(("spoke", "talked")) else MEETING
            found[i].append(Trigger(m.start(), m.end(), medium, kind is None,
                                    needs_person_after=kind != "pair", joint=kind,
                                    neutral=kind is not None))
    for m in scan(_HOST_VERB, text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is not None:
            # ("welcomed" may be a decision; "received Sullivan at the Great Hall" is a meeting)
            found[i].append(Trigger(m.start(), m.end(), MEETING, m.group().startswith(("h", "rec")),
                                    needs_person_after=True))
    for m in scan(_NOUN, text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is None:
            continue
        noun = m.group("noun").lower()
        medium = PHONE if noun.startswith("call") else MEETING
        definite = bool(_DEFINITE.fullmatch(m.group("det")))
        found[i].append(Trigger(m.start("noun"), m.end(), medium, False, definite=definite,
                                generic=noun.endswith("s") and noun not in ("talks", "consultations")
                                or _generic(text, m.start(), m.end(), starts[i]), noun=True,
                                like_before=bool(_PREVIOUS_WORD.search(text, m.start(), m.end()))))
    for m in scan(_PREVIOUS_ONE, text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is not None:
            found[i].append(Trigger(m.start(), m.end(), MEETING, False, definite=True, noun=True,
                                    like_before=True))
    out = []
    for i, triggers in enumerate(found):
        # "chatted with Li at the opening dinner": talking where they dined is meeting
        # and "talked with Dong in Beijing", "spoke with him at the Pentagon": where they were
        triggers = [replace(t, medium=MEETING) if t.medium == PHONE and not t.strong and not t.noun
                    and t.joint != "object" and (_MEAL.match(text, t.end, sentences[i][1]) or _PLACE.match(
                        text, t.end, sentences[i][1])) else t
                    for t in triggers if t.noun or not _GENERIC_AFTER.match(text, t.end)]
        kept = _absorb(text, triggers) if triggers else triggers
        kept = _drop_appositives(text, kept, starts[i])
        # "met X on Friday on the sidelines of a forum": the sidelines only qualify the meeting
        if len(kept) > 1:
            kept = [t for t in kept if not _SIDELINES_ONLY.fullmatch(text, t.start, t.end)]
        out.append(kept)
    return out


_CONTACT_NOUN = re.compile(r"(?:talks|meetings?|calls?|conversations?|discussions?|sessions?"
                           r"|consultations|dialogue)\b", _I)
_APPOSITIVE = re.compile(r",\s+(?!(?:and|or|but|while|then)\b)(?:[\w'’-]+\s+){1,4}$")


def _drop_appositives(text: str, triggers: list[Trigger], lo: int) -> list[Trigger]:
    """'Sullivan met Thursday with one of China's top generals, a rare meeting that ...': the
    noun after the comma describes the contact just reported, it is not another one."""
    if len(triggers) < 2:
        return triggers
    out = []
    for t in triggers:
        noun = t.noun or bool(_CONTACT_NOUN.match(text, t.start, t.end))
        # (a video conference is "a call" too)
        if noun and any(k.strong and k.end <= t.start and (k.medium == t.medium or MEETING in (
                k.medium, t.medium) and not k.channel or (k.medium, t.medium) == (VIDEO, PHONE))
                for k in out) and \
                _APPOSITIVE.search(text, max(lo, t.start - 40), t.start) and \
                not _SEQUENCE_WORD.search(text, max(lo, t.start - 40), t.start):
            continue
        out.append(t)
    return out


# the object, then a place ("Chinese Defense Minister Dong Jun in Beijing"), not what they talked
# about ("about tensions in the South China Sea") or when ("in March")
_PLACE = re.compile(r"(?:(?!\b(?:(?<!\bfor )about|on|over|regarding|concerning|that|by|via|when|after|who|which"
                    r"|while|before|since)\b|,\s+and\b)[^;:])"
                    r"{0,100}?\b(?:in|at)\s+(?!(?:the\s+)?(?:South|East)\s+China\s+Sea|(?:the\s+)?Taiwan"
                    r"|(?:January|February|March|April|May|June|July|August|September|October|November"
                    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
                    r"(?:the\s+)?(?-i:[A-Z])[a-z]", _I)
_MEAL = re.compile(r"[^;]{0,90}?\b(?:at|during|over)\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,2}?(?:dinner|lunch"
                   r"|luncheon|banquet|breakfast|reception)\b", _I)
_SPOKE_BEFORE = re.compile(r"\b(?:spoke|spoken|talked|speaking|talking|conversation|call|chatted"
                           r"|called)\b(?:\s+[\w-]+){0,4}\s*$", _I)
_NOT_A_VERB = re.compile(r"\b(?:a|an|the|his|her|their|its|video|phone|telephone|secure|first|"
                         r"second|brief|so|[a-z]+['’]s)[\s-]+$", _I)
_SIDELINES_ONLY = re.compile(r"on the (?:sidelines|margins?|fringes?) of", _I)


def _generic(text: str, s: int, e: int, lo: int) -> bool:
    return bool(_PLURAL.search(text, s, e) or _GENERIC_BEFORE.search(text[max(lo, s - 50):s]))


# "have met twice this year", "talk regularly": a count or a habit, not one contact
# ("its working groups have met, with interruptions, most years since")
_GENERIC_AFTER = re.compile(r",?(?:\s+with\s+[\w\s-]{0,30},)?\s+(?:(?:at least|more than|only)\s+)?"
                            r"(?:twice|(?:two|three|four|five|six|several|many|multiple|\d+|a few"
                            r"|a number of)\s+times|repeatedly|regularly|often|frequently|routinely"
                            r"|periodically|annually|yearly|(?:most|every|each)\s+years?)\b", _I)


OBJECT_THEN_AND = re.compile(r"\s+(?:with\s+)?(?:[A-Z][\w.'’-]*\s+)+and\s+(?:also\s+|then\s+|later\s+)?")
# "met Wei in June, when he also called on Xi": a second contact
ALSO_BETWEEN = re.compile(r"\b(?:also|later|afterwards|then)\b", _I)
_SEQUENCE_WORD = re.compile(r"\b(?:since|after|before|following|followed|follows)\b", _I)


def _absorb(text: str, found: list[Trigger]) -> list[Trigger]:
    """Overlapping or adjacent triggers describe one act: 'spoke via video conference' is a video
    conference, 'held talks by video' too. Keep the most specific one."""
    found.sort(key=lambda t: (t.start, -t.end))
    kept: list[Trigger] = []
    for t in found:
        absorbed = False
        for i, k in enumerate(kept):
            near = t.start <= k.end + 45 and k.start <= t.end + 45 or _adverbial_of(text, k, t)
            if bool(k.joint) != bool(t.joint) and not (k.strong or t.strong):
                continue  # "the consultations, a mechanism agreed upon": a verb apart
            # "their first meeting since they met in Malta": two contacts, not one
            if not near or _SEQUENCE_WORD.search(text, min(k.end, t.end), max(k.start, t.start)):
                continue
            if k.end <= t.start and (OBJECT_THEN_AND.fullmatch(text, k.end, t.start) or
                                     ALSO_BETWEEN.search(text, k.end, t.start)):
                continue  # "was received by President Xi and held talks with Wei": two contacts
            # "held telephone talks": one phrase inside another is the same act
            overlapping = t.start < k.end
            if k.medium == t.medium or t.medium == VIDEO and k.medium != VIDEO or overlapping or \
                    t.medium == PHONE and t.strong and k.medium == MEETING and not k.strong or \
                    k.channel or t.channel:
                # merge the two into one trigger, the more specific medium winning
                medium = _specific(k, t)
                if k.channel or t.channel:  # a video call over the hotline stays a video call
                    medium = VIDEO if VIDEO in (k.medium, t.medium) else PHONE
                strong = k.strong or t.strong
                # two joint acts stay one ("told him and agreed"); a real trigger makes it real
                joint = k.joint if k.joint and t.joint else None
                kept[i] = Trigger(min(k.start, t.start), max(k.end, t.end), medium, strong,
                                  definite=k.definite or t.definite,
                                  generic=k.generic and t.generic,
                                  needs_person_after=k.needs_person_after and t.needs_person_after,
                                  joint=joint, neutral=k.neutral and t.neutral,
                                  noun=k.noun and t.noun, joins=k.joins or t.joins,
                                  like_before=(k.like_before or t.like_before) and not strong)
                absorbed = True
                break
        if not absorbed:
            kept.append(t)
    return kept


# "spoke with Gen. Li, chief of the Joint Staff Department, via video link": the medium of the
# verb before its object, however long the object's title
_MEDIUM_ADVERBIAL = re.compile(r"(?:by|via|over|through|in|during|on)\s", _I)
_OBJECT_GAP = re.compile(r"[^;:]{0,120}", _I)  # one sentence: its periods abbreviate
_CLAUSE_WORD = re.compile(r"\b(?:who|which|whose|said|says|told|but|while|when|after|before|since"
                          r"|then|later|also)\b", _I)


_ADVERBIAL_BEFORE = re.compile(r"\b(?:by|via|over|through|in|during|on)\s+(?:(?:a|an|the)\s+)?"
                               r"(?:secure\s+)?$", _I)


def _adverbial_of(text: str, k: Trigger, t: Trigger) -> bool:
    return not k.strong and not k.noun and t.strong and k.end <= t.start and bool(
        _MEDIUM_ADVERBIAL.match(text, t.start) or _ADVERBIAL_BEFORE.search(
            text, max(k.end, t.start - 20), t.start)) and bool(
        _OBJECT_GAP.fullmatch(text, k.end, t.start)) and not _CLAUSE_WORD.search(
        text, k.end, t.start)


def _specific(a: Trigger, b: Trigger) -> str:
    for medium in (VIDEO, PHONE):
        if medium in ((a.medium if a.strong else None), (b.medium if b.strong else None)):
            return medium
    if VIDEO in (a.medium, b.medium):
        return VIDEO
    return a.medium if a.strong or not b.strong else b.medium


# one pass of them all (case-blind, so it finds a superset) rejects most sentences at once
_ANY_CHANNEL = at_word_start("|".join(f"(?:{p.pattern})" for p in [p for p, _ in CHANNELS]
                                      + [_SIDELINES]), _I)


def find_channel(text: str, start: int, end: int) -> str | None:
    first = search(_ANY_CHANNEL, text, start, end)
    if first is None:
        return None
    start = first.start()  # none of them matches before it
    for pattern, name in CHANNELS:
        if pattern.search(text, start, end):
            return name
    if m := _SIDELINES.search(text, start, end):
        forum = m.group("forum").strip().rstrip(",.")
        forum = re.sub(r"\s+(?:in|on|at)\s+[A-Z].*$", "", forum)
        if unnamed := _UNNAMED_FORUM.match(forum):  # "a prominent security summit resuming ..."
            return f"Sidelines of a {unnamed.group(0)}"
        return f"Sidelines of the {forum}" if not forum.lower().startswith("the ") else \
            f"Sidelines of {forum}"
    return None


# a forum the sidelines name only by what it is: up to its noun
_UNNAMED_FORUM = re.compile(r"[a-z][a-z ]{0,30}?\b(?:forum|summit|meeting|conference|dialogue)\b")
# "the 19th Shangri-La Dialogue", "the ASEAN Defence Ministers' Meeting-Plus": a forum's name
_NAMED_FORUM = re.compile(r"\b(?:\d+(?:st|nd|rd|th) )?(?:[A-Z][\w'’-]*[ -](?:(?:of|for|and|on) )?){1,6}"
                          r"(?:Dialogue|Forum|Summit|Conference|Meeting(?:-Plus)?)\b")


def contact_channel(text: str, channels: list[str], spans: list[tuple[int, int]]) -> str | None:
    """The channel of a contact, from its reports' channels in the order of the reports: the
    first, unless it is a forum the sidelines leave unnamed ("on the sidelines of a security
    summit in Singapore"); then a named channel of another report, or the name of the forum the
    contact's sentences give ("... at the 19th Shangri-La Dialogue")."""
    if not channels:
        return None
    if not channels[0].startswith("Sidelines of a "):
        return channels[0]
    named = next((c for c in channels if not c.startswith("Sidelines of a ")), None)
    if named is not None:
        return named
    for start, end in spans:
        if m := _NAMED_FORUM.search(text, start, end):
            return f"Sidelines of the {m.group(0)}"
    return channels[0]


_DURATION = at_word_start(
    r"\blast(?:ed|ing|s)?\s+(?:for\s+)?(?:about|approximately|around|roughly|nearly|almost|more than"
    r"|(?:a little |a bit |just |slightly )?(?:less|more|under|over)(?: than)?|some|close to)?\s*(?P<n>an?|one|two|three|four|five|six|\d+(?:\.\d+)?)"
    r"\s+(?P<half>and a half\s+)?(?P<unit>minutes?|hours?)\b"
    r"|\b(?P<n2>\d+|thirty|forty|forty-five|fifty|sixty|ninety)-minute\b"
    r"|\b(?P<n3>one|two|three|\d+)-hour\b|\bhour-long\b", _I)
_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90}


def find_duration(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(minutes, offset) of 'lasted about 45 minutes', '90-minute call', 'more than two hours'."""
    m = search(_DURATION, text, start, end)
    if not m:
        return None
    if m.group("n"):
        n = _NUM.get(m.group("n").lower()) or float(m.group("n"))
        minutes = n * (60 if m.group("unit").lower().startswith("hour") else 1)
        if m.group("half"):
            minutes += 30 if m.group("unit").lower().startswith("hour") else 0.5
    elif m.group("n2"):
        minutes = _NUM.get(m.group("n2").lower()) or int(m.group("n2"))
    elif m.group("n3"):
        minutes = 60 * (_NUM.get(m.group("n3").lower()) or int(m.group("n3")))
    else:
        minutes = 60
    return int(minutes), m.start()


STATUS_CUES: list[tuple[re.Pattern, str]] = [
    (at_word_start(r"\bcancel\w*|\bscrapp\w+|\bsuspend\w*|\bcalled off\b|\bcall off\b|\baxed\b"
                r"|\bscrubbed\b|\bf[ae]ll(?:s|en)? through\b|\bderailed\b"
                # "a scheduled meeting, which does not take place", "the trip is off"
                r"|\b(?:(?:does|did|do|will|would)\s+not|(?:does|did|do|wo)n['’]t|never)\s+"
                r"(?:take place|took place|happen(?:ed)?|go ahead|went ahead|materiali[sz]e[ds]?|come off)\b"
                r"|\b(?:was|were) (?:never|not) held\b"
                r"|\bbefore\s+(?:[\w.'’-]+\s+){1,3}?(?:could|was able to|had a chance to)\s+(?=meet|sit|speak"
                r"|talk|hold|see)|\b(?:is|are|was|were) (?:now )?off\b(?! the\b)", _I),
     "cancelled"),
    (at_word_start(r"\bpostpon\w+|\bdelayed\b|\bput off\b|\bpushed back\b|\bdeferred\b|\bshelved\b"
                r"|\breschedul\w+|\bon hold\b|\bon ice\b", _I),
     "postponed"),
    (at_word_start(r"\bdeclin(?:ed|es|ing)\b(?! to (?:comment|say|give|disclose|elaborate|specify|discuss|detail))|\brefus\w+|\brebuff\w*|\breject(?:ed|s|ing)?\b"
                r"|\bturned down\b|\bsnubbed\b|\bdid not (?:agree|accept|respond)\b"
                r"|\bhas not agreed\b|\bunanswered\b|\bskipp(?:ed|ing)\b|\bstayed away\b"
                r"|\b(?:said|says|saying) no to\b|\bspurned\b|\bbrushed off\b"
                r"|\b(?:did not|didn['’]t|chose not to|failed to) (?:attend|show|join|turn up)\b"
                r"|\b(?:not|n['’]t)\s+(?:make\s+(?:[\w.'’-]+,?\s+){1,8}?)?(?:be\s+)?available\b", _I),
     "declined"),
    (at_word_start(r"\bwill (?:meet|hold|speak|talk|visit|travel|host)\b|\b(?:is|are|was|were|had been"
                r"|has been|have been) (?:expected|scheduled|set|due|slated|planning|poised|likely"
                r"|supposed) to\b|\bset to\b|\b(?:is|are|was|were|had been) due\b(?! to (?:the|an?|its|their)\b)"
                r"|\bplan(?:s|ned)? to\b|\bplanned\b|\bupcoming\b"
                r"|\bwould (?:meet|hold|speak|travel|visit|talk|be (?:the|their|his|her)|mark)\b"
                r"|\binvited \w+ to (?:visit|meet)\b|\bto visit \w+ later\b|\bplans\b"
                r"|\bagree[ds]?\s+(?:on\s+)?(?:to\s+)?(?:hold|meet|convene|schedule|have|resume)\b"
                r"|\b(?:could|may|might)\s+(?:follow|take place|happen|come|meet|be held)\b"
                r"|\bintends? to (?:visit|meet|travel|hold)\b"
                # "looks forward to speaking with his counterpart", "a possible venue for a meeting"
                r"|\blook(?:s|ed|ing)?\s+forward\s+to\s+(?:speak|meet|talk|visit|host|see|hold|welcom)\w*"
                r"|\b(?:possible|potential|likely)\s+(?:venue|setting|occasion)\s+for\b"
                r"|\b(?:is|are|was|were)\s+(?:now\s+)?looking\s+(?:ahead\s+)?to\b"
                r"|\b(?:is|are|was|were) (?:also )?to (?:meet|hold|speak|talk|visit|travel|sit|call)\b"
                r"|\bwork(?:ing|s)?\s+(?:toward|towards)\b"
                r"|\b(?:toward|towards)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}(?:meeting|summit|call|visit|talks)\b"
                r"|\bin the coming (?:days|weeks|months)\b|\blater this (?:week|month|year)\b"
                r"|\bdiscuss(?:ed|es|ing)?\s+(?:a\s+)?(?:meeting|visiting|holding|(?:an?\s+)?(?:visit|summit))\b"
                r"|\bnext (?:week|month|year)\b(?!['’])"
                r"|\b(?:expected|likely|scheduled|set|due) to (?:meet|hold|speak|talk|visit|sit)\b"
                r"|\bexpects? to (?:meet|hold|speak|talk|visit|sit|travel|host)\b"
                # "officials expect Gates to place the first call in April"
                r"|\bexpect(?:s|ed)?\s+(?:(?-i:[A-Z])[\w.'’-]*\s+){1,3}to\s+(?:place|make|hold|meet|speak"
                r"|talk|visit|travel|host|call|sit)\b"
                r"|\b(?:expected|anticipated|proposed|possible|potential|prospective|eventual|future)"
                r" (?:[\w-]+ )?(?:meeting|talks|call|visit|summit|conversation|dialogue|encounter)s?\b"
                r"|\bexpect(?:s|ed)?\b(?=[^.;]{0,80}\bto (?:top|dominate|focus|feature|be)\b)", _I),
     "planned"),
    (at_word_start(r"\brequest(?:ed|ing)\b|(?<!at the )\brequests?\s+(?:from\s[^.;]{0,60}?|(?:this|last|that)\s+(?:year|month|week)\s+)?(?:for|to)\s+"
                r"(?:a\s|an\s|the\s)?(?:[\w-]+\s){0,2}(?:call|meeting|talks|conversation|visit|meet|"
                r"talk|speak)|\bour request\b|\bunsuccessful\b"
                # "Feb. 4: the Pentagon requests a call between Austin and Wei" (a timeline's tense)
                r"|\brequests\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:call|meeting|talks|conversation|visit)\b"
                r"|\b(?:sought|seek(?:s|ing)?|tried to|trying to|attempt\w* to|efforts? to|asked for"
                r"|wanted to|pushed for|pressed for|hop(?:es|ed|ing) to|hopes? (?:of|for)|hoped for|proposed)\s+(?:\w+\s+){0,2}?"
                r"(?:talk|speak|meet|call|a call|hold|talks|meeting|conversation|phone|visit|sit)"
                r"|\b(?:tried|trying|attempted|attempting|sought|seeking|failed) to (?:reach|contact"
                r"|get hold of|get through to|get\s+(?:[\w'’-]+\s+){0,4}?on the (?:phone|line))\b"
                r"|\b(?<!at the )invitations?\b(?! of)"
                r"|\bproposals?\s+(?:for|of)\b(?=[^.;]{0,60}?\b(?:meet|talk|speak|call|visit|meeting|talks)\b)",
                _I), "requested"),
]
ANY_STATUS_CUE = at_word_start("|".join(f"(?:{p.pattern})" for p, _ in STATUS_CUES), _I)
NEGATION = at_word_start(
    r"\b(?:(?:has|have|had|did|does|do)\s+(?:still\s+|yet\s+)?not|(?:has|have|had|did|does|do)n['’]t)\s+"
    r"(?:(?:yet|even|ever|once|since|still|actually|really|personally|directly)\s+)*"
    r"(?:met|spoken|talked|held|meet|speak|talk|hold)\b"
    r"|\b(?:have|has|had) yet to (?:meet|speak|talk|hold)\b"
    r"|\bnever (?:met|spoke|held|talked)\b|\bnot (?:yet )?(?:held|met)\b"
    r"|\bno (?:plans?|intention) to (?:meet|speak|talk|hold|call|visit)\b"
    # "Gates does not plan to hold a bilateral meeting with the Chinese delegation"
    r"|\b(?:(?:does|do|did)\s+not|(?:does|do|did)n['’]t)\s+(?:plan|intend|expect)\s+to\s+"
    r"(?:meet|speak|talk|hold|call|visit)\b"
    r"|\b(?:hold|holds|held|holding|had|have|has)\s+no\s+(?:[\w-]+\s+)?(?:talks|meetings?|discussions)\b", _I)
# "we have not been able to get them on the phone", "could not reach anyone by phone", "the
# sanctions do not prevent the Secretary from meeting": right before a trigger, no contact
UNREACHED = at_word_start(
    r"\b(?:(?:not|never|n['’]t)\s+(?:been\s+)?able|unable|(?:could|can)(?:\s*not|n['’]t)|failed)"
    r"\s+(?:to\s+)?(?:get|reach)\b[^.;]{0,40}$"
    r"|\b(?:prevent|bar|stop|keep)(?:s|ed|ped|ing|ping)?\s+(?:[\w.'’-]+\s+){0,4}?from\s+$"
    # "depriving Hegseth of a chance for a face-to-face meeting", "missed the chance to meet"
    r"|\b(?:depriv\w+|robb\w+|den(?:ied|ying|ies)|miss(?:ed|ing|es)?|lost|los(?:e|es|ing))\s+"
    r"(?:[\w.'’-]+\s+){0,3}?(?:of\s+)?(?:a|an|the|any|his|her|their)\s+(?:[\w-]+\s+)?(?:chance|opportunity)"
    r"\s+(?:(?:for|to|of)\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?)?$", _I)
# "no plans to attack", "not expected to": a cue the text denies
NEGATED_CUE = re.compile(r"\b(?:no|not|any|never)\s+$", _I)
STATUS_ORDER = ["cancelled", "postponed", "declined", "held", "planned", "requested"]

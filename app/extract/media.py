"""How the text says two people talked: phone, video, in person; and through what channel.

A trigger is a phrase that reports a contact. Strong triggers fix the medium ("video call",
"spoke by phone", "met"); weak ones ("the call", "the talks", "spoke with") take the medium of a
strong trigger next to them or a default.
"""

import bisect
import re
from dataclasses import dataclass

PHONE, VIDEO, MEETING = "phone_call", "video_conference", "in_person_meeting"
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


_I = re.IGNORECASE
_PATTERNS: list[tuple[re.Pattern, str, bool]] = [
    (re.compile(r"\b(?:secure\s+)?video[- ]?(?:tele)?conferenc(?:e|es|ing)\b|\bvideoconferenc\w*"
                r"|\bvideo[- ](?:calls?|links?|chats?|talks|meetings?|summits?|conversations?)\b"
                r"|\bVTCs?\b|\bvirtual(?:ly)?\s+(?:talks|meetings?|summits?|calls?|conferences?"
                r"|dialogues?|discussions?)\b|\b(?:by|via|over)\s+(?:secure\s+)?video\b"
                r"|\b(?:talks|meetings?|conferences?|dialogue|summit)\s+online\b|\bonline\s+(?:talks"
                r"|meetings?|summit|conference)\b|\bmet virtually\b", _I),
     VIDEO, True),
    (re.compile(r"\b(?:tele)?phone[- ]?(?:calls?|conversations?|talks|discussions?|contact)\b"
                r"|\b(?:by|over the|on the|via)\s+(?:secure\s+)?(?:tele)?phone\b|\bphoned\b"
                r"|\b(?:made|placed|held|had|received|took)\s+(?:(?:a|an|two|three|his|her|their|the)\s+)?"
                r"(?:[\w-]+\s+){0,2}?calls?\b(?!\s+(?:on|for)\b)", _I),
     PHONE, True),
    (re.compile(r"\b(?:met|meets)\b(?!\s+(?:with\s+)?(?:criticism|resistance|the (?:requirement|"
                r"goal|standard)))|\bmeet(?:ing)?\s+(?:with\b)?|\bto meet\b"
                r"|\b(?:held|holds|hold|holding)\s+(?:[a-z-]+\s+){0,3}talks\b(?!\s+(?:by|via|over)\s"
                r"+(?:video|phone))|\bin-person\s+(?:talks|meetings?)\b|\bon the (?:sidelines|"
                r"margins?|fringes?) of\b|\bco-?chair(?:ed|s)?\s+the\s+(?:[\w-]+\s+){0,3}(?:talks"
                r"|meeting|dialogue|consultations?)\b"
                r"|\bsat down with\b|\bface-to-face\b|\btalks\s+(?:with|between)\b"
                r"|\b(?:held|holds|hold|a|their|the)\s+summit\b", _I),
     MEETING, True),
    (re.compile(r"\breached out to\b|\b(?:spoke|spoken|speak|speaks|speaking|talked|talk|talking)"
                r"(?:\s+(?!on\b|of\b)[a-z]+){0,2}?\s+(?:with|to)\b"
                r"|\bconversations?\s+(?:with|between)\b", _I),
     PHONE, False),
]
# "hosted his Chinese counterpart", "received Gen. Li": a meeting when a person follows
_HOST_VERB = re.compile(r"\b(?:hosted|hosts|hosting|welcomed|welcomes|received|receives)\b"
                        r"(?=\s+(?:visiting\s+)?(?:(?:his|her|their|the)\s|[A-Z]))")
# "over the Defense Telephone Link" names a channel: a phone call unless a video call used it
# "Dunford and Fang signed an agreement": signing together is meeting
_SIGNED = re.compile(r"\bsign(?:ed|s)?\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:agreement|accord"
                     r"|memorandum|framework|deal)\b", _I)
_HOTLINE = re.compile(r"\b(?:called|used|over|via|through|on|using)\s+(?:the|a|an)\s+(?:new\s+|"
                      r"secure\s+|direct\s+)*(?:(?:telephone|phone)\s+(?:connection|link|line)"
                      r"|Defense Telephone Link|(?:defen[cs]e\s+|military\s+)?hotline)\b", _I)
_CALL_VERB = re.compile(r"\bcall(?:ed|s|ing)?\b(?=\s+(?:his|her|their)\s+(?:\w+\s+)?counterparts?"
                        r"|\s+(?i:gen\.|general|adm\.|admiral)?\s*(?!(?i:with|from|between|was|is"
                        r"|were|are|that|which|lasted|and|or|came|went|had|has|the|an?|this|took|made"
                        r"|but|as|at|by|of|off|up|back|last|ended|began|focused|touched)\b)[A-Za-z])")
_NOUN = re.compile(
    r"\b(?P<det>the|a|an|this|that|his|her|their|its|first|second|third|latest|[A-Za-z]+['’]s"
    r"|today['’]s|yesterday['’]s|last\s+week['’]s)\s+"
    r"(?:(?i:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\s+)?"
    r"(?:(?:first|second|secure|brief|planned|"
    r"latest|\d+-minute|[a-z]+-minute|hour-long|rare|high-level|working-level|formal|"
    r"face-to-face|in-person|bilateral|official|separate|planned|proposed|direct|only|last|"
    r"previous|final|most recent|recent|next)\s+)*"
    r"(?P<noun>call|calls|meeting|meetings|talks|conversation|conversations|discussion)\b", _I)
_DEFINITE = re.compile(r"the|this|that|\w+['’]s|last\s+week['’]s", _I)
_GENERIC_BEFORE = re.compile(
    r"\b(?:a number of|several|many|numerous|multiple|regular|frequent|repeated|few|a series of"
    r"|series of|occasional|routine|more|fewer|twice|periodic|any|no)\b[^.;]{0,40}$", _I)
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


def find_triggers_by_sentence(text: str, sentences: list[tuple[int, int]]) -> list[list[Trigger]]:
    """Triggers of each sentence; every pattern runs once over the whole text."""
    starts = [s for s, _ in sentences]
    found: list[list[Trigger]] = [[] for _ in sentences]
    lo, hi = (sentences[0][0], sentences[-1][1]) if sentences else (0, 0)

    def sentence_of(a: int, b: int) -> int | None:
        i = bisect.bisect_right(starts, a) - 1
        return i if i >= 0 and b <= sentences[i][1] else None

    for pattern, medium, strong in _PATTERNS:
        for m in pattern.finditer(text, lo, hi):
            i = sentence_of(m.start(), m.end())
            if i is not None:
                found[i].append(Trigger(m.start(), m.end(), medium, strong,
                                        generic=_generic(text, m.start(), m.end(), starts[i])))
    for m in _CALL_VERB.finditer(text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is None:
            continue
        if text[m.end():m.end() + 4].lower().startswith((" on ", " for", " in ", " to ")) or \
                _NOT_A_VERB.search(text, max(starts[i], m.start() - 25), m.start()):
            continue
        found[i].append(Trigger(m.start(), m.end(), PHONE, False, needs_person_after=True,
                                generic=_generic(text, m.start(), m.end(), starts[i])))
    for m in _SIGNED.finditer(text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is not None:
            found[i].append(Trigger(m.start(), m.end(), MEETING, False))
    for m in _HOTLINE.finditer(text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is not None:
            found[i].append(Trigger(m.start(), m.end(), PHONE, True, channel=HOTLINE))
    for m in _HOST_VERB.finditer(text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is not None:
            found[i].append(Trigger(m.start(), m.end(), MEETING, m.group().startswith("h"),
                                    needs_person_after=True))
    for m in _NOUN.finditer(text, lo, hi):
        i = sentence_of(m.start(), m.end())
        if i is None:
            continue
        noun = m.group("noun").lower()
        medium = PHONE if noun.startswith("call") else MEETING
        definite = bool(_DEFINITE.fullmatch(m.group("det")))
        found[i].append(Trigger(m.start("noun"), m.end(), medium, False, definite=definite,
                                generic=noun.endswith("s") and noun != "talks"
                                or _generic(text, m.start(), m.end(), starts[i])))
    out = []
    for triggers in found:
        kept = _absorb(text, triggers) if triggers else triggers
        # "met X on Friday on the sidelines of a forum": the sidelines only qualify the meeting
        if len(kept) > 1:
            kept = [t for t in kept if not _SIDELINES_ONLY.fullmatch(text, t.start, t.end)]
        out.append(kept)
    return out


_NOT_A_VERB = re.compile(r"\b(?:a|an|the|his|her|their|its|video|phone|telephone|secure|first|"
                         r"second|brief|so|[a-z]+['’]s)[\s-]+$", _I)
_SIDELINES_ONLY = re.compile(r"on the (?:sidelines|margins?|fringes?) of", _I)


def _generic(text: str, s: int, e: int, lo: int) -> bool:
    return bool(_PLURAL.search(text, s, e) or _GENERIC_BEFORE.search(text[max(lo, s - 50):s]))


_SEQUENCE_WORD = re.compile(r"\b(?:since|after|before|following|followed|follows)\b", _I)


def _absorb(text: str, found: list[Trigger]) -> list[Trigger]:
    """Overlapping or adjacent triggers describe one act: 'spoke via video conference' is a video
    conference, 'held talks by video' too. Keep the most specific one."""
    found.sort(key=lambda t: (t.start, -t.end))
    kept: list[Trigger] = []
    for t in found:
        absorbed = False
        for i, k in enumerate(kept):
            near = t.start <= k.end + 45 and k.start <= t.end + 45
            # "their first meeting since they met in Malta": two contacts, not one
            if not near or _SEQUENCE_WORD.search(text, min(k.end, t.end), max(k.start, t.start)):
                continue
            if k.medium == t.medium or t.medium == VIDEO and k.medium != VIDEO or \
                    t.medium == PHONE and t.strong and k.medium == MEETING and not k.strong or \
                    k.channel or t.channel:
                # merge the two into one trigger, the more specific medium winning
                medium = _specific(k, t)
                if k.channel or t.channel:  # a video call over the hotline stays a video call
                    medium = VIDEO if VIDEO in (k.medium, t.medium) else PHONE
                strong = k.strong or t.strong
                kept[i] = Trigger(min(k.start, t.start), max(k.end, t.end), medium, strong,
                                  definite=k.definite or t.definite,
                                  generic=k.generic and t.generic,
                                  needs_person_after=k.needs_person_after and t.needs_person_after)
                absorbed = True
                break
        if not absorbed:
            kept.append(t)
    return kept


def _specific(a: Trigger, b: Trigger) -> str:
    for medium in (VIDEO, PHONE):
        if medium in ((a.medium if a.strong else None), (b.medium if b.strong else None)):
            return medium
    if VIDEO in (a.medium, b.medium):
        return VIDEO
    return a.medium if a.strong or not b.strong else b.medium


def find_channel(text: str, start: int, end: int) -> str | None:
    for pattern, name in CHANNELS:
        if pattern.search(text, start, end):
            return name
    if m := _SIDELINES.search(text, start, end):
        forum = m.group("forum").strip().rstrip(",.")
        forum = re.sub(r"\s+(?:in|on|at)\s+[A-Z].*$", "", forum)
        return f"Sidelines of the {forum}" if not forum.lower().startswith("the ") else \
            f"Sidelines of {forum}"
    return None


_DURATION = re.compile(
    r"\blast(?:ed|ing|s)?\s+(?:for\s+)?(?:about|approximately|around|roughly|nearly|almost|more than"
    r"|(?:a little |a bit |just |slightly )?(?:less|more|under|over)(?: than)?|some|close to)?\s*(?P<n>an?|one|two|three|four|five|six|\d+(?:\.\d+)?)"
    r"\s+(?P<half>and a half\s+)?(?P<unit>minutes?|hours?)\b"
    r"|\b(?P<n2>\d+|thirty|forty|forty-five|fifty|sixty|ninety)-minute\b"
    r"|\b(?P<n3>one|two|three|\d+)-hour\b|\bhour-long\b", _I)
_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90}


def find_duration(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(minutes, offset) of 'lasted about 45 minutes', '90-minute call', 'more than two hours'."""
    m = _DURATION.search(text, start, end)
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
    (re.compile(r"\bcancel\w*|\bscrapp\w+|\bsuspend\w*|\bcalled off\b|\bcall off\b", _I), "cancelled"),
    (re.compile(r"\bpostpon\w+|\bdelayed\b|\bput off\b|\bpushed back\b|\bdeferred\b", _I),
     "postponed"),
    (re.compile(r"\bdeclin(?:ed|es|ing)\b(?! to comment)|\brefus\w+|\brebuff\w*|\brejected\b"
                r"|\bturned down\b|\bsnubbed\b|\bdid not (?:agree|accept|respond)\b"
                r"|\bhas not agreed\b|\bunanswered\b", _I), "declined"),
    (re.compile(r"\bwill (?:meet|hold|speak|talk|visit|travel|host)\b|\b(?:is|are|was|were|had been"
                r"|has been|have been) (?:expected|scheduled|set|due|slated|planning|poised|likely"
                r"|supposed) to\b|\bset to\b"
                r"|\bplan(?:s|ned)? to\b|\bplanned\b|\bupcoming\b|\bwould (?:meet|hold|speak)\b"
                r"|\binvited \w+ to (?:visit|meet)\b|\bto visit \w+ later\b|\bplans\b"
                r"|\bexpect(?:s|ed)?\b(?=[^.;]{0,80}\bto (?:top|dominate|focus|feature|be)\b)", _I),
     "planned"),
    (re.compile(r"\brequest(?:ed|ing)\b|(?<!at the )\brequests?\s+(?:from\s[^.;]{0,60}?)?(?:for|to)\s+"
                r"(?:a\s|an\s|the\s)?(?:[\w-]+\s){0,2}(?:call|meeting|talks|conversation|visit|meet|"
                r"talk|speak)|\bour request\b|\bunsuccessful\b"
                r"|\b(?:sought|seek(?:s|ing)?|tried to|trying to|attempt\w* to|efforts? to|asked for"
                r"|wanted to|pushed for|pressed for)\s+(?:\w+\s+){0,2}?(?:talk|speak|meet|call|a call"
                r"|hold|talks|meeting|conversation|phone)"
                r"|\b(?<!at the )invitation\b(?! of)",
                _I), "requested"),
]
NEGATION = re.compile(
    r"\b(?:(?:has|have|had|did|does|do)\s+not|(?:has|have|had|did|does|do)n['’]t)\s+"
    r"(?:(?:yet|even|ever|once|since)\s+)*(?:met|spoken|talked|held|meet|speak|talk|hold)\b"
    r"|\b(?:have|has|had) yet to (?:meet|speak|talk|hold)\b"
    r"|\bnever (?:met|spoke|held|talked)\b|\bnot (?:yet )?(?:held|met)\b", _I)
STATUS_ORDER = ["cancelled", "postponed", "declined", "held", "planned", "requested"]

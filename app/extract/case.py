"""Upper-cased passages (TV transcripts, wire headlines) put back in ordinary case.

The rules read names, sentence starts and titles by their capitals, so "ADMIRAL MIKE MULLEN IS
SITTING DOWN WITH GENERAL CHEN BINGDE" reads as nothing. A line whose letters are nearly all
capitals is lowered and given its capitals back where ordinary text has them: the first word of
a sentence or of a speaker's turn, the gazetteer's names (and the surnames of those named in
full), months, weekdays, the two countries and their neighbours, and the acronyms the rules
know. The text keeps its length, so every offset into it is one into the original.
"""

import re
from functools import lru_cache

from app.extract.people import load_gazetteer

_LETTER = re.compile(r"[A-Za-z]")
_UPPER_LETTER = re.compile(r"[A-Z]")
_MIN_LETTERS = 10
_UPPER_SHARE = 0.85
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
# the first word of a sentence, of a line, of a speaker's turn ("ANCHOR: WE'RE ..."), of a quote
_STARTS = re.compile(r"(?:^|(?<![.\s][a-z])[.!?]\s+|:\s+|\n\s*|[\"“(]|--\s+)\W*([a-z])")
_ACRONYMS = frozenset(
    "us usa prc pla plan plaaf cmc asean nato un vtc mmca dod indopacom usindopacom pacom dct "
    "dpct cno jcs nsc cia ep tv cnn ap afp bbc cctv x".split())
_PROPER = frozenset(
    "january february march april june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "china chinese america american americans washington beijing pentagon taiwan taiwanese "
    "japan japanese korea korean koreas russia russian ukraine philippines philippine vietnam "
    "india australia singapore malaysia indonesia thailand cambodia laos hawaii honolulu "
    "shanghai tokyo seoul busan bangkok manila hanoi jakarta kuala lumpur phnom penh moscow "
    "asia pacific indo asean congress senate white house "
    "navy army marine marines".split())
# "in May", "May 4", not the verb
_MAY = re.compile(r"(?<=\bin )may\b|\bmay(?=\s+\d)")
# the office before a name: "ADMIRAL DONG JUN", "WAR SECRETARY PETE HEGSETH"
_TITLES = frozenset(
    "admiral adm general gen lieutenant lt colonel col major maj brigadier brig vice rear captain "
    "capt commander cmdr secretary minister president chairman chief premier ambassador "
    "defense defence war state deputy under assistant senior foreign".split())
# names of more than one word the rules read by their capitals
_PHRASES = re.compile(
    r"\b(?:(?:south|east) china sea|(?:north|south) korea|united states|joint chiefs(?: of staff)?"
    r"|general staff|central military commission|second artillery|great hall of the people"
    r"|bayi building|white house|state department|people['’]s liberation army|rocket force"
    r"|indo-pacific command|southern theat(?:er|re) command|eastern theat(?:er|re) command)\b")
_NOT_SURNAMES = frozenset("he an ma yu do so go in on to me us".split())


@lru_cache(maxsize=1)
def _name_tokens() -> tuple[frozenset, dict]:
    """(every token of a gazetteer name, {full name's tokens: its surname token})."""
    tokens: set[str] = set()
    names: dict[tuple[str, ...], str] = {}
    for o in load_gazetteer().officials:
        for alias in (o.name, *o.aliases):
            words = tuple(w.lower() for w in re.findall(r"[A-Za-z]+", alias))
            tokens.update(w for w in words if len(w) > 1)
            if len(words) >= 2:
                names[words] = o.surname.lower()
    return frozenset(tokens), names


def _upper_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        letters = len(_LETTER.findall(m.group()))
        if letters >= _MIN_LETTERS and len(_UPPER_LETTER.findall(m.group())) >= letters * _UPPER_SHARE:
            spans.append(m.span())
    return spans


# a cheap look first: most articles have no run of capitals this long
_CAPITALS_RUN = re.compile(r"[A-Z][A-Z'’,.\s-]{14,}[A-Z]")


def truecase(text: str) -> str:
    """text with its upper-cased lines in ordinary case (the same length), else text itself."""
    if not _CAPITALS_RUN.search(text):
        return text
    spans = _upper_lines(text)
    if not spans:
        return text
    chars = list(text)
    tokens, names = _name_tokens()
    lowered = [(a, b, text[a:b].lower()) for a, b in spans]
    # surnames standing alone ("CHEN INVITED MULLEN") of those the article names in full
    surnames: set[str] = set()
    for _, _, line in lowered:
        words = _WORD.findall(line)
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                key = tuple(words[i:i + n])
                if key in names:
                    surnames.add(names[key])
                elif key[::-1] in names:  # "Yanan Wu"
                    surnames.add(names[key[::-1]])
    for a, b, line in lowered:
        out = list(line)
        words = list(_WORD.finditer(line))
        for i, w in enumerate(words):
            word = w.group().split("'")[0].split("’")[0]
            if word in _ACRONYMS and (word != "us" or _us_is_country(line, w.start(), w.end())):
                for k in range(w.start(), w.start() + len(word)):
                    out[k] = out[k].upper()
            elif word in _PROPER or word in surnames and word not in _NOT_SURNAMES or \
                    word in tokens and len(word) > 2 and _in_name(words, i, tokens):
                out[w.start()] = out[w.start()].upper()
        for m in _PHRASES.finditer(line):
            for w in re.finditer(r"[a-z]+", m.group()):
                if w.group() not in ("of", "the"):
                    out[m.start() + w.start()] = out[m.start() + w.start()].upper()
        for m in _MAY.finditer(line):
            out[m.start()] = "M"
        # titles right before a name, right to left: "WAR SECRETARY PETE" -> "War Secretary Pete"
        for i in range(len(words) - 2, -1, -1):
            if words[i].group() in _TITLES and out[words[i + 1].start()].isupper() and \
                    line[words[i].end():words[i + 1].start()].strip(" .") == "":
                out[words[i].start()] = out[words[i].start()].upper()
        for m in _STARTS.finditer(line):
            out[m.start(1)] = out[m.start(1)].upper()
        # "u.s.": the country
        for m in re.finditer(r"\bu\.s\.", line):
            out[m.start()] = "U"
            out[m.start() + 2] = "S"
        chars[a:b] = out
    return "".join(chars)


def _us_is_country(line: str, start: int, end: int) -> bool:
    """"US" the country, not "us" the pronoun: before a noun it qualifies ("US officials") or
    after "the"."""
    before = line[max(0, start - 4):start]
    return before.endswith("the ") or bool(re.match(r"[-\s]+(?:officials?|military|navy|army|"
                                                      r"side|defen[cs]e|forces?|delegation|"
                                                      r"government|secretary|president)\b",
                                                      line[end:end + 14]))


def _in_name(words: list, i: int, tokens: frozenset) -> bool:
    """A gazetteer token next to another one: part of a name ("CHEN BINGDE"), not a word that
    happens to be a name's ("WILL", "MARK")."""
    neighbours = [words[j].group() for j in (i - 1, i + 1) if 0 <= j < len(words)]
    return any(n in tokens and len(n) > 1 for n in neighbours)

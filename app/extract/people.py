"""People in the text: gazetteer names (exact, fuzzy), unknown officials found from their titles,
and later mentions by surname or title ("Austin", "the Chinese minister")."""

import bisect
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from app.extract.patterns import at_word_start, scan
from app.extract.text import TOKEN_RE
from app.text import fold

GAZETTEER_PATH = Path(__file__).resolve().parent.parent / "data" / "officials.json"
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "3rd"})
FUZZY_GIVEN_CUTOFF = 85  # "Fenge" vs "Fenghe" is 91; "Qian" vs "Fenghe" is 20


@dataclass(frozen=True)
class Official:
    name: str
    slug: str
    country: str
    titles: tuple[tuple[str, str, str | None, str], ...]  # (title, from, to, category)
    aliases: tuple[str, ...]

    def title_on(self, when: date | None) -> tuple[str | None, str | None]:
        """The title held on that day (the latest one when undated), and its category."""
        if not self.titles:
            return None, None
        if when is not None:
            day = when.isoformat()
            held = [t for t in self.titles if t[1] <= day[:len(t[1])] and
                    (t[2] is None or day[:len(t[2])] <= t[2])]
            if held:
                t = max(held, key=lambda t: t[1])
                return t[0], t[3]
        t = max(self.titles, key=lambda t: t[1])
        return t[0], t[3]

    def holds_on(self, when: date) -> str | None:
        """The title held on that day, None when out of office."""
        day = when.isoformat()
        held = [t for t in self.titles if t[1] <= day[:len(t[1])] and
                (t[2] is None or day[:len(t[2])] <= t[2])]
        return max(held, key=lambda t: t[1])[0] if held else None

    @property
    def surname(self) -> str:
        words = [w for w in _keys(self.name) if w not in _SUFFIXES and len(w) > 1]
        return words[0] if self.country == "CN" else words[-1]


def _keys(name: str) -> list[str]:
    return [w.lower() for w in TOKEN_RE.findall(fold(name))]


class Gazetteer:
    """The officials file indexed once: token tuples of every name and alias variant."""

    def __init__(self, entries: list[dict]):
        self.officials: list[Official] = []
        self.exact: dict[tuple[str, ...], Official] = {}
        self.by_first: dict[str, list[tuple[tuple[str, ...], Official]]] = {}
        self.by_last: dict[str, list[tuple[tuple[str, ...], Official]]] = {}
        surnames: dict[str, set[str]] = {}
        self.by_surname: dict[str, list[Official]] = {}
        for e in entries:
            titles = tuple((t["title"], str(t.get("from") or ""), t.get("to"),
                            t.get("category") or "defense") for t in e.get("titles", []))
            o = Official(e["name"], e["slug"], e["country"], titles, tuple(e.get("aliases", [])))
            self.officials.append(o)
            for alias in (o.name, *o.aliases):
                words = _keys(alias)
                variants = {tuple(words), tuple(w for w in words if len(w) > 1),
                            tuple(w for w in words if w not in _SUFFIXES),
                            tuple(w for w in words if len(w) > 1 and w not in _SUFFIXES)}
                for v in variants:
                    if len(v) >= 2:
                        self.exact.setdefault(v, o)
                        self.by_first.setdefault(v[0], []).append((v, o))
                        self.by_last.setdefault(v[-1], []).append((v, o))
            surnames.setdefault(o.surname, set()).add(o.name)
            self.by_surname.setdefault(o.surname, []).append(o)
        self.max_len = max(len(k) for k in self.exact)
        self.prefixes = {k[:2] for k in self.exact}
        by_name = {o.name: o for o in self.officials}
        # Western surnames distinctive enough to stand alone ("Milley", "Hegseth").
        self.lone_surnames = {
            s: by_name[next(iter(names))] for s, names in surnames.items()
            if len(names) == 1 and by_name[next(iter(names))].country == "US" and len(s) >= 5
            and s not in _COMMON_WORDS}

    def by_name(self, name: str) -> Official | None:
        return self.exact.get(tuple(_keys(name)))

    def by_titled_surname(self, role: str, surname: str, when: date) -> Official | None:
        """'Chairman Brown', 'Admiral Dong': the one official of that surname in office that
        day whose title has the role (a rank names no office: any official of the surname)."""
        found = [o for o in self.by_surname.get(surname, ()) if (t := o.holds_on(when)) and (
            role in _RANKS or role in t.lower())]
        return found[0] if len(found) == 1 else None


_COMMON_WORDS = frozenset(  # surnames that are also ordinary words or places
    "gates rice work pace george brown clark smith miller harris welsh chase shear burns england "
    "jones lynn hicks cohen bush".split())


_RANKS = frozenset("general gen admiral adm".split())
# a title right before a surname the article gives no full name for
_ROLE_BEFORE = re.compile(r"\b(Chairman|General|Gen\.|Admiral|Adm\.|Secretary|Minister|President"
                          r"|Ambassador|Director|Commander)\s+$")


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer(json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))["officials"])


@dataclass
class Person:
    """One person of the article (a gazetteer official or an unknown official)."""
    name: str
    official: Official | None
    side: str | None
    title: str | None = None  # title as the text gives it
    category: str | None = None


@dataclass
class Mention:
    start: int
    end: int
    person: Person | None  # None for an unresolved "his Chinese counterpart"
    side: str | None
    kind: str  # full | fuzzy | surname | title | unknown | counterpart
    participant: bool = True  # False for "the Biden administration", "Austin's predecessors"
    text: str = ""
    extra: dict = field(default_factory=dict)


_TOKEN_SPAN = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+")
_CAP_WORD = re.compile(r"[A-Z][a-z\u00E0-\u024F]+(?:-[A-Za-z]+)?")
_CN_SURNAMES = frozenset(
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang "
    "xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei "
    "su lu ding ren shen yao qian fan fang shi tan jia xia fu kong bai cui qin meng hou wen qiu "
    "chang qi ci guan jing zhong mao duan lei qiao dai xiong yin gu hao shao wan kang".split())
_TITLE_WORDS = frozenset(
    "us u s american chinese china prc pla people's peoples liberation army navy air force rocket "
    "forces marine marines corps defense defence deputy assistant secretary under minister ministry "
    "director commander chief chairman vice general gen lt lieutenant maj major brig brigadier adm "
    "admiral rear senior col colonel capt captain cmdr commodore dr mr ms mrs president premier state "
    "councilor foreign affairs office national security adviser advisor ambassador of for the and "
    "to on department joint staff central military commission international cooperation theater "
    "theatre command southern eastern northern western indo pacific operations policy taiwan "
    "mongolia east asia asian plans strategy spokesman spokeswoman spokesperson press pentagon white "
    "house council envoy special representative coordinator office acting former then "
    "strategic planning sen senator rep gov governor top diplomat leader head team delegation "
    "united states republic committee party communist cpc ccp intelligence war".split())
_NOT_NAMES = frozenset(
    "beijing washington singapore hawaii alaska anchorage tokyo seoul moscow taipei hong kong "
    "january february march april may june july august september october november december monday "
    "tuesday wednesday thursday friday saturday sunday reuters xinhua ap afp efe bloomberg cnn "
    "russia ukraine japan korea india philippines australia europe asia kuala lumpur siem reap "
    "cambodia vienna bali the this that his her their he she it they shangri la dialogue global "
    "times camp smith and but in on at".split())
_RANK = (r"(?:Gen\.|General|Lt\.?\s*Gen\.|Lieutenant General|Maj\.?\s*Gen\.|Major General"
         r"|Brig\.?\s*Gen\.|Brigadier General|Adm\.|Admiral|Vice Adm\.|Vice Admiral|Rear Adm\."
         r"|Rear Admiral|Senior Col\.|Senior Colonel|Col\.|Colonel|Capt\.|Captain|Cmdr\.)")
_NAME = (r"[A-Z][a-z\u00E0-\u024F]+(?:-[a-z]+)?(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z\u00E0-\u024F]+"
         r"(?:-[A-Za-z][a-z]+)?){1,2}")  # "Ann Stillwell-Moore"
_TITLED = at_word_start(
    rf"(?P<title>(?:(?:U\.S\.|US|American|Chinese|China['’]s|PRC|PLA)\s+)?(?:{_RANK}"
    r"|(?:[A-Z][a-z]+[ -]){0,3}(?:Secretary|Minister|Director|Commander|Chief|Chairman|Adviser"
    r"|Advisor|Ambassador|Envoy|Councilor)(?:\s+(?:of|for|to|on|and)\s+(?:the\s+)?[A-Z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’-]*)*)*(?:\s+" + _RANK + r")?))"
    rf"\s+(?P<name>{_NAME})\b")
_APPOSITIVE = re.compile(
    r"\s*,\s*(?:the\s+)?(?P<app>(?i:deputy|director|commander|chief|chairman|head|minister|secretary"
    r"|vice|senior|assistant|under|acting|spokes\w+|commandant)\b[^,;()]{3,110}?)"
    r"(?=,|;|\)|(?<!U\.S)(?<![A-Z])\.\s|$)")
# ("Lu Shumin, Director General of ...": the appositive may be capitalised)
_NAME_FIRST = re.compile(rf"(?P<name>{_NAME})(?=\s*,\s*(?:the\s+)?(?i:deputy|director|commander|chief"
                         r"|chairman|head|vice|assistant|under|acting|commandant)\b)")
_US_MARK = re.compile(
    r"\b(?:US|U\.S\.|(?<!North )(?<!South )(?<!Latin )American|United States|Pentagon|Department of Defense|Indo-Pacific Command"
    r"|Pacific Command|Pacific Fleet|Joint Chiefs|Secretary of Defense|Assistant Secretary|Under "
    r"Secretary|State Department|White House|INDOPACOM|PACOM|Joint Staff(?! Department))\b")
_CN_MARK = re.compile(
    r"\b(?:Chinese|China['’]s|PRC|PLA|People['’]s Liberation Army|Central Military Commission|CMC"
    r"|Ministry of National Defen[cs]e|Theater Command|Senior Col|Joint Staff Department"
    r"|International Military Cooperation)")
# the officials of a third country: neither side's
OTHER_NATIONS = (r"Japanese|Japan['’]s|South Korean|Korean|Australian|Philippine|Indian|British"
                 r"|French|German|Russian|Taiwanese|Vietnamese|Indonesian|Singaporean|Malaysian"
                 r"|Thai|Cambodian|Lao|Mongolian|European|NATO|ASEAN|Canadian|Pakistani|Ukrainian"
                 r"|Israeli|Iranian|Egyptian|Turkish|Saudi|Italian|Spanish|Dutch|Polish|Brazilian"
                 r"|Bangladeshi|Sri Lankan|Nepalese|Burmese|Myanmar|Filipino"
                 # "Australia's Foreign Minister Penny Wong", "New Zealand's Judith Collins"
                 r"|(?:Japan|Australia|India|Britain|France|Germany|Russia|Taiwan|Vietnam|Indonesia"
                 r"|Singapore|Malaysia|Thailand|Cambodia|Laos|Mongolia|(?:South |North )?Korea"
                 r"|New Zealand|Canada|Pakistan|Ukraine|Israel|Iran|Egypt|Turkey|Italy|Spain"
                 r"|Brazil|Myanmar|Bangladesh|Sri Lanka|Nepal)['’]s|(?:the )?Philippines['’]"
                 r"|New Zealand|Kiwi")
_OTHER_NATIONAL = re.compile(rf"\b(?:{OTHER_NATIONS})\s+(?:[A-Z][\w.-]*\s+)*$")
_SAID = re.compile(r",?\s+(?:said|says|told|added|noted)\b")
_SPEAKER = re.compile(r"spokes|press secretary|press officer|spokesperson|strategic communications",
                      re.IGNORECASE)
_NON_PARTICIPANT_AFTER = re.compile(
    r"^(?:['’]s?\s+(?!(?:[\w.-]+\s+){0,2}(?:video|phone|telephone|call|meeting|talks|conversation|"
    r"visit|trip|tour|travels?|journey|stop|stopover|counterpart|request|invitation|offer|proposal))"
    r"|(?:-[A-Z][a-z]+)?\s+(?:administration|era|government|presidency|team)\b"
    # ("became the first defense secretary to visit China": the visitor)
    r"|\s+(?:came to power|took office|was elected"
    r"|became(?!\s+(?:the\s+)?(?:first|second|third|latest|last)\s[^;]{0,60}?\bto\s+(?:visit|meet|hold"
    r"|travel|speak|call|sit))|returned to (?:office|power)|took power|assumed office"
    r"|was sworn in|was inaugurated))")
# "Brown, who succeeded Gen. Mark Milley at the end of September, had sought a call": the one
# before him in office, not a participant
_SUCCEEDED_BEFORE = re.compile(r"\b(?:succeeded|succeeding|replaced|replacing|took over from|taking over"
                               r" from|successor to)\s+(?:[A-Z][\w.'’-]*\s+){0,4}$")
# "the first trip by a Pentagon chief since Chuck Hagel in 2014": a predecessor compared with,
# not someone met (but "since Hegseth and Dong met", "since Chang took office" have a verb)
_SINCE_NAME_BEFORE = re.compile(r"\bsince\s+(?:(?:then-|former\s+)?(?-i:[A-Z])[\w.'’-]*\s+){0,3}$",
                                re.IGNORECASE)
_SINCE_NAME_AFTER = re.compile(r"(?:\s+(?:in|during)\s+(?:\w+\s+)?\d{4}\b|\s*(?:[,;.)—–]|\s-\s|$))")
_TITLE_REF = at_word_start(
    r"\b(?:the|his|her|their)\s+(?:(?P<adj>Chinese|U\.S\.|US|American|PRC|Pentagon|Chinese defen[cs]e"
    r"|U\.S\. defen[cs]e|US defen[cs]e|American defen[cs]e)\s+)?(?:(?P<def>defen[cs]e)\s+)?"
    r"(?P<role>counterpart|minister|secretary|chief|chairman|leader|president|general|admiral"
    r"|commander|guest|visitor|host)\b(?!\s+of\b|[\s-]+(?:level|rank|country|nation|city"
    r"|government)\b)", re.IGNORECASE)  # not "the minister level"
# "Cao welcomed his guest", "Rumsfeld thanked his host": the other side of the one named before
_RELATIVE_ROLES = ("counterpart", "guest", "visitor", "host")


class PeopleFinder:
    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer

    def find(self, text: str, candidate_spans: list[tuple[int, int]],
             when: date | None = None) -> list[Mention]:
        """People of the text; `when` (the article's date) tells who was a spokesperson then."""
        if text.isascii():  # lower-casing the text once is far cheaper than token by token
            lowered = text.lower()
            tokens = [(a, b, lowered[a:b]) for a, b in map(re.Match.span, _TOKEN_SPAN.finditer(text))]
        else:  # (_key, inlined for the many ASCII tokens)
            tokens = [(m.start(), m.end(), w.lower() if (w := m.group()).isascii() else _key(w))
                      for m in _TOKEN_SPAN.finditer(text)]
        lowercase_text = len(_CAPITALISED.findall(text)) < len(tokens) * 0.03
        # the tokens a name may start at (in a text of lower-case sentences, any)
        starts = range(len(tokens)) if lowercase_text else [
            i for i, (s, _, _) in enumerate(tokens) if text[s].isupper()]
        mentions = self._gazetteer_names(text, tokens, starts, lowercase_text)
        people: dict[str, Person] = {}
        for m in mentions:
            people.setdefault(m.person.name, m.person)
            m.person = people[m.person.name]
        taken = _Spans((m.start, m.end) for m in mentions)
        for s, e in candidate_spans:
            for m in self._unknown(text, s, e, taken, people):
                mentions.append(m)
                taken.add(m.start, m.end)
        # "Donald Rumsfield" matched fuzzily: "Rumsfield said" later is him too
        misspelt = {_key(m.text.split()[-1]): m.person for m in mentions if m.kind == "fuzzy"}
        mentions += self._surnames(text, [tokens[i] for i in starts], taken, people, misspelt,
                                   when)
        mentions.sort(key=lambda m: m.start)
        mentions = _drop_adjacent(text, mentions)
        for m in mentions:
            after = text[m.end:m.end + 60]
            if _NON_PARTICIPANT_AFTER.match(after) or _SUCCEEDED_BEFORE.search(
                    text, max(0, m.start - 50), m.start) or m.person.official is not None and \
                    _SPEAKER.search(m.person.official.title_on(when)[0] or ""):
                m.participant = False  # spokespeople report contacts, they do not take part
            elif "since" in text[max(0, m.start - 60):m.start] and _SINCE_NAME_BEFORE.search(
                    text, max(0, m.start - 60), m.start) and _SINCE_NAME_AFTER.match(text, m.end):
                m.participant = False
        mentions += self._title_refs(text, mentions)
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _gazetteer_names(self, text, tokens, starts, lowercase_text) -> list[Mention]:
        """The gazetteer's people named from the tokens at `starts` (indexes into tokens, in
        order) on."""
        out: list[Mention] = []
        n = len(tokens)
        g = self.g
        free = 0  # the first token after the last name found
        for i in starts:
            if i < free:
                continue
            # (the cheap test first: a name, exact or fuzzy, begins with a first word of the
            # gazetteer, is read as one by the last word after it, or skips an initial)
            if tokens[i][2] not in g.by_first and not (i + 1 < n and (
                    tokens[i + 1][2] in g.by_last or len(tokens[i + 1][2]) == 1)):
                continue
            hit = None
            if i + 1 < n and (tokens[i][2], tokens[i + 1][2]) not in g.prefixes and \
                    len(tokens[i + 1][2]) > 1:
                sizes = range(0)
            else:
                sizes = range(min(g.max_len, n - i), 1, -1)
            for size in sizes:
                key = tuple(t[2] for t in tokens[i:i + size])
                if key in g.exact and _contiguous(text, tokens[i:i + size]):
                    hit = (size, g.exact[key], "full")
                    break
            if hit is None and i + 2 < n and len(tokens[i + 1][2]) == 1:
                # "Mark T. Esper": skip a middle initial
                for size in (3, 4):
                    window = tokens[i:i + size]
                    key = tuple(t[2] for t in window if len(t[2]) > 1)
                    if len(key) >= 2 and key in g.exact and _contiguous(text, window):
                        hit = (size, g.exact[key], "full")
                        break
            if hit is None and i + 2 < n and text[tokens[i + 1][1]:tokens[i + 2][0]] in "-‐–" and \
                    tokens[i + 1][1] < tokens[i + 2][0] and \
                    (tokens[i][2], tokens[i + 1][2] + tokens[i + 2][2]) in g.exact and \
                    _contiguous(text, tokens[i:i + 2]):
                # "Qian Li-hua", "Shen Jin-long": a given name hyphenated between its syllables
                hit = (3, g.exact[(tokens[i][2], tokens[i + 1][2] + tokens[i + 2][2])], "full")
            if hit is None and i + 1 < n and not lowercase_text:
                hit = self._fuzzy(text, tokens, i)
            if hit:
                size, official, kind = hit
                s, e = tokens[i][0], tokens[i + size - 1][1]
                if e < len(text) and text[e] == "." and tokens[i + size - 1][2] in _SUFFIXES:
                    e += 1  # "Jr."
                title, category = official.title_on(None)
                person = Person(official.name, official, official.country, None, category)
                out.append(Mention(s, e, person, official.country, kind, text=text[s:e]))
                free = i + size
        return out

    def _fuzzy(self, text, tokens, i):
        a, b = tokens[i], tokens[i + 1]
        if not (text[b[0]].isupper() and _contiguous(text, [a, b])) or len(b[2]) < 3:
            return None
        best = None
        for key, o in self.g.by_first.get(a[2], ()):
            if len(key) == 2 and key[1][0] == b[2][0]:
                score = fuzz.ratio(b[2], key[1])
                if score >= FUZZY_GIVEN_CUTOFF and (best is None or score > best[0]):
                    best = (score, o)
        for key, o in self.g.by_last.get(b[2], ()):
            if len(key) == 2 and o.country == "US" and key[0][0] == a[2][0]:
                score = fuzz.ratio(a[2], key[0])
                if score >= FUZZY_GIVEN_CUTOFF and (best is None or score > best[0]):
                    best = (score, o)
        return (2, best[1], "fuzzy") if best else None

    def _unknown(self, text, s, e, taken, people) -> list[Mention]:
        out = []
        for m in list(_TITLED.finditer(text, s, e)) + list(_NAME_FIRST.finditer(text, s, e)):
            ns, ne = m.span("name")
            if taken.overlaps(ns, ne):
                continue
            words = m.group("name").split()
            words = [w for w in words if not re.fullmatch(r"[A-Z]\.", w)]
            # trailing title words belong to the title, not the name
            while words and words[0].lower().strip(".") in _TITLE_WORDS:
                words.pop(0)
            if len(words) < 2 or any(w.lower() in _TITLE_WORDS | _NOT_NAMES for w in words):
                continue
            name = " ".join(words)
            ns = text.find(words[0], ns)
            ne = ns + len(name) if text.startswith(name, ns) else ne
            title = m.groupdict().get("title") or ""
            app = _APPOSITIVE.match(text, ne)
            if app:
                title = f"{title}, {app.group('app')}".strip(", ")
            lead = text[max(s, m.start() - 30):m.start()]
            if _SPEAKER.search(title) or _SPEAKER.search(lead) or _SAID.match(text, ne):
                continue
            official = self.g.by_name(name)
            if official:
                person = people.setdefault(official.name, Person(
                    official.name, official, official.country, None, official.title_on(None)[1]))
                out.append(Mention(ns, ne, person, person.side, "full", text=text[ns:ne]))
                continue
            # "Japanese Defense Minister Yasukazu Hamada": someone of neither side
            other = bool(_OTHER_NATIONAL.search(text, max(s, ns - 60), ns))
            side = None if other else _side_from_title(title, words)
            person = people.setdefault(name, Person(name, None, side, _clean_title(title),
                                                    _category(title)))
            out.append(Mention(ns, ne, person, person.side, "unknown", participant=not other,
                               text=text[ns:ne]))
        return out

    def _surnames(self, text, tokens, taken, people, misspelt: dict[str, Person] | None = None,
                  when: date | None = None) -> list[Mention]:
        """People named by their surname alone, among tokens (those a name may start at)."""
        by_surname: dict[str, list[Person]] = {}
        for p in people.values():
            key = p.official.surname if p.official else _keys(p.name)[
                0 if p.side == "CN" else -1]
            by_surname.setdefault(key, []).append(p)
        for key, p in (misspelt or {}).items():
            if p not in by_surname.setdefault(key, []):
                by_surname[key].append(p)
        out = []
        g = self.g
        for s, e, key in tokens:
            if key not in by_surname and key not in g.lone_surnames and (
                    when is None or key not in g.by_surname):
                continue  # (nobody it may name, whether taken or not: the cheaper test first)
            if taken.overlaps(s, s + 1):
                continue
            persons = by_surname.get(key)
            if persons is None and key in self.g.lone_surnames:
                o = self.g.lone_surnames[key]
                p = people.setdefault(o.name, Person(o.name, o, o.country, None,
                                                     o.title_on(None)[1]))
                persons = by_surname.setdefault(key, [p])
            if persons is None and when is not None and key in self.g.by_surname and (
                    role := _ROLE_BEFORE.search(text, max(0, s - 12), s)) and (
                    o := self.g.by_titled_surname(role.group(1).lower().rstrip("."), key, when)):
                p = people.setdefault(o.name, Person(o.name, o, o.country, None,
                                                     o.title_on(when)[1]))
                persons = [p]  # (not kept for the bare surname: "Brown" may be a colour)
            if persons and len(persons) == 1:
                p = persons[0]
                out.append(Mention(s, e, p, p.side, "surname", text=text[s:e]))
        return out

    def _title_refs(self, text, mentions) -> list[Mention]:
        out = []
        named = sorted((m for m in mentions if m.person is not None), key=lambda m: m.start)
        starts = [m.start for m in named]
        spans = _Spans((m.start, m.end) for m in named)
        by_side: dict[str | None, dict[str, Person]] = {}
        for a in named:
            by_side.setdefault(a.side, {})[a.person.name] = a.person
        for m in scan(_TITLE_REF, text, 0, len(text)):
            if spans.overlaps(m.start(), m.end()):
                continue
            adj = (m.group("adj") or "").lower()
            role = m.group("role").lower()
            side = None
            if adj.startswith(("chinese", "prc")):
                side = "CN"
            elif adj:
                side = "US"
            elif role == "secretary":
                side = "US"
            elif role == "minister":
                side = "CN"
            i = bisect.bisect_left(starts, m.start())
            preceding = [a for a in named[max(0, i - 30):i] if a.end <= m.start() and a.participant]
            if role in _RELATIVE_ROLES:
                if side is None and preceding:
                    side = "CN" if preceding[-1].side == "US" else "US"
                # "his Chinese counterpart, Li Shangfu": an apposition names him
                if i < len(named) and 0 <= named[i].start - m.end() <= 6:
                    continue
                same_side = by_side.get(side, {})
                person = next(iter(same_side.values())) if len(same_side) == 1 else None
                out.append(Mention(m.start(), m.end(), person, side, "counterpart",
                                   text=m.group()))
                continue
            if role in ("general", "admiral", "commander", "chief") and not adj:
                continue
            for a in reversed(preceding):
                title, _ = a.person.official.title_on(None) if a.person.official else (
                    a.person.title or "", None)
                if (side is None or a.side == side) and (
                        role in (title or "").lower() or role in ("leader", "chief")
                        or role == "president" and "President" in (title or "")):
                    out.append(Mention(m.start(), m.end(), a.person, a.side, "title",
                                       text=m.group()))
                    break
        return out


class _Spans:
    """Character spans already given to a person, with a fast overlap test."""

    def __init__(self, spans=()):
        self.spans = sorted(spans)

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.spans, (end, -1))
        # spans are short (a name or a title), so only the few just before `end` can overlap
        for a, b in self.spans[max(0, i - 3):i]:
            if a < end and start < b:
                return True
        return False


_CAPITALISED = re.compile(r"\b[A-Z]")


def _key(token: str) -> str:
    return token.lower() if token.isascii() else fold(token).lower()


def _contiguous(text: str, tokens) -> bool:
    """Tokens of one name: separated only by spaces, dots, hyphens or apostrophes."""
    for (s1, e1, _), (s2, _, _) in zip(tokens, tokens[1:]):
        gap = text[e1:s2]
        if len(gap) > 3 or any(c not in " .-'’\u00a0" for c in gap):
            return False
    return True


def _drop_adjacent(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Austin Biden reiterated': a garbled second name right after a first is not a person."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].end < m.start <= out[-1].end + 1 and text[out[-1].end:m.start] == " " \
                and m.kind == "surname" and out[-1].person is not m.person:
            continue
        out.append(m)
    return out


def _side_from_title(title: str, words: list[str]) -> str | None:
    t = title.strip()
    if re.match(r"(?:U\.S\.|US|American)\b", t):
        return "US"
    if re.match(r"(?:Chinese|China['’]s|PRC|PLA)\b", t):
        return "CN"
    us, cn = _US_MARK.search(t), _CN_MARK.search(t)
    if us and cn:
        return "US" if us.start() < cn.start() else "CN"
    if us:
        return "US"
    if cn:
        return "CN"
    return "CN" if words[0].lower() in _CN_SURNAMES else "US"


def _clean_title(title: str) -> str | None:
    t = re.sub(r"^(?:U\.S\.|US|American|Chinese|China['’]s|PRC)\s+", "", title.strip())
    return t or None


def _category(title: str) -> str:
    if re.search(r"Foreign|State Department|Secretary of State|Ambassador|diplomat", title):
        return "diplomatic"
    return "defense"

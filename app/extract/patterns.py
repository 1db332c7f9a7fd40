"""What makes the big patterns cheaper to run without changing a match: a guard at word starts,
a filter by the words a pattern needs, and a case-sensitive twin of a case-blind pattern that
runs on folded text."""

import functools
import re
from collections.abc import Iterator
from re import _compiler, _constants as _c, _parser


def at_word_start(pattern: str, flags: int = 0) -> re.Pattern:
    """A pattern each of whose alternatives begins a word with an ASCII letter or digit. The guard
    in front is implied by the pattern, so the matches are the same, but the engine can reject
    every position inside a word at once: two to three times faster over a whole article."""
    return re.compile(r"(?<![A-Za-z0-9_])(?=[A-Za-z0-9])(?:" + pattern + ")", flags)


# the non-ASCII characters a case-blind pattern takes for an ASCII letter ("İ".lower() is two
# characters: replaced first, folded text keeps the offsets of the text; the Kelvin sign
# lowers to k)
_ASCII_LOOKALIKES = (("İ", "i"), ("ı", "i"), ("ſ", "s"))
_MIN_WORD = 3  # a shorter word is in nearly every text: no use as a filter
_MAX_SPELLINGS = 32


@functools.lru_cache(maxsize=4)  # (the scans of one article ask for it again and again)
def fold_case(text: str) -> str:
    """text lower-cased, offset for offset, so that any ASCII text a pattern (case-blind or not)
    matches is in it lower-cased."""
    if not text.isascii():
        for char, letter in _ASCII_LOOKALIKES:  # (str.replace is far faster than str.translate)
            text = text.replace(char, letter)
    return text.lower()


def scan(pattern: re.Pattern, text: str, start: int, end: int) -> Iterator[re.Match]:
    """pattern.finditer(text, start, end), without the scan when text[start:end] holds none of
    the words each match has to contain, and by the pattern's twin when it has one (see
    search())."""
    _, words, twin = _plan(pattern)
    if words:
        folded = fold_case(text)
        for w in words:  # (a loop: any() over a generator costs more than most of the finds)
            if folded.find(w, start, end) >= 0:
                break
        else:
            return iter(())
    twin = _usable(twin, text)
    if twin is None:
        return pattern.finditer(text, start, end)
    return _twin_matches(pattern, *twin, text, start, end)


def search(pattern: re.Pattern, text: str, start: int, end: int) -> re.Match | None:
    """pattern.search(text, start, end), by the pattern's twin when it has one: a case-sensitive
    pattern over the folded text, two to three times faster, that matches wherever the pattern
    matches (and maybe elsewhere); the pattern itself then matches at the places it finds, in
    order, so the match is the same, its groups from text."""
    twin = _usable(_plan(pattern)[2], text)
    if twin is None:
        return pattern.search(text, start, end)
    return next(_twin_matches(pattern, *twin, text, start, end), None)


def _twin_matches(pattern, twin, lead, text, start, end) -> Iterator[re.Match]:
    folded = fold_case(text)
    while (at := _first_place(twin, lead, folded, start, end)) is not None:
        found = pattern.match(text, at, end)
        if found is None:
            start = at + 1  # (a place only the twin matches)
            continue
        yield found
        start = found.end()  # (no match is empty: see folded_twin)


def _first_place(twin, lead, folded, start, end) -> int | None:
    """Where twin first matches folded[start:end]; after start, by its lead (see lead_twin)."""
    if lead is None:
        m = twin.search(folded, start, end)
        return None if m is None else m.start()
    if twin.match(folded, start, end):
        return start
    m = lead.search(folded, start, end)
    return None if m is None else m.start() + 1


def _usable(twin: tuple[re.Pattern, bool, re.Pattern | None] | None,
            text: str) -> tuple[re.Pattern, re.Pattern | None] | None:
    if twin is None or not twin[1] and _has_lookalikes(text):
        return None
    return twin[0], twin[2]


_PLANS: dict[int, tuple[re.Pattern, tuple[str, ...],
                        tuple[re.Pattern, bool, re.Pattern | None] | None]] = {}


def _plan(pattern: re.Pattern):
    """(pattern, its required words, (its twin, for every text, the twin's lead) or None), worked
    out once per pattern (and looked up by identity: hashing a compiled pattern hashes its whole
    program, 15 µs for the dates')."""
    plan = _PLANS.get(id(pattern))
    if plan is None or plan[0] is not pattern:
        plan = _PLANS[id(pattern)] = (pattern, required_words(pattern), _twins(pattern))
    return plan


@functools.lru_cache(maxsize=4)
def _has_lookalikes(text: str) -> bool:
    return not text.isascii() and any(c in text for c in "İıſ\u212a")  # (\u212a: Kelvin)


def folded_twin(pattern: re.Pattern) -> tuple[re.Pattern, bool] | None:
    """(twin, for every text): the case-sensitive pattern that matches fold_case(text) wherever
    pattern matches text, or None. Case-blind parts fold exactly; a case-sensitive letter folds
    to one that also takes the other case, which is right only on a text without the four
    lookalikes (İ, ı, ſ, K) and only where a wider match cannot stop one (not inside a negative
    lookaround or a negated set). None for a pattern that may match nothing, or holds what
    folding cannot keep (a back-reference, a letter outside ASCII and Latin-1)."""
    twins = _twins(pattern)
    return twins and twins[:2]


def lead_twin(pattern: re.Pattern) -> re.Pattern | None:
    """The twin of an at_word_start pattern with the guard's look back made a character it reads:
    it matches at p - 1 wherever the twin matches at p > 0. The engine tries a pattern at every
    place, but one that begins with a set of characters only after each character of the set
    (a fast loop in C): here only after the characters before words, 10 to 35% faster."""
    twins = _twins(pattern)
    return twins and twins[2]


def _twins(pattern: re.Pattern) -> tuple[re.Pattern, bool, re.Pattern | None] | None:
    """(folded_twin's twin, for every text, lead_twin's lead) from one parse (of big patterns,
    a good part of the time an import takes), or None."""
    parsed = _folded_tree(pattern)
    twin = _compiled(parsed, pattern)
    if twin is None:
        return None
    # (only "(?-i:...)" makes part of a case-blind pattern case-sensitive)
    every_text = bool(pattern.flags & re.IGNORECASE) and "(?-i" not in pattern.pattern
    op, av = parsed.data[0]
    if op is not _c.ASSERT_NOT or av[0] != -1 or len(av[1]) != 1 or av[1][0][0] is not _c.IN \
            or any(x is _c.NEGATE for x, _ in av[1][0][1]):
        return twin, every_text, None  # (no look back at one character to begin with)
    parsed.data = [(_c.IN, [(_c.NEGATE, None), *av[1][0][1]]), *parsed.data[1:]]
    return twin, every_text, _compiled(parsed, pattern)


def _folded_tree(pattern: re.Pattern):
    """The parsed twin (see folded_twin), or None."""
    blind = bool(pattern.flags & re.IGNORECASE)
    if not blind and "(?i" not in pattern.pattern:
        return None  # (case-sensitive throughout: as fast as a twin)
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        folded = _folded(parsed, blind)
        if folded is None or parsed.getwidth()[0] == 0:
            return None
        parsed.data = _unguarded_alternatives(parsed, folded[0])
        parsed.state.flags &= ~re.IGNORECASE
    except Exception:  # a parser of another Python version: no twin, the same matches
        return None
    return parsed


def _unguarded_alternatives(parsed, items: list) -> list:
    """After at_word_start's guard, the alternatives without the word boundaries and guards they
    open with. The twin then matches more (at a word start after a letter outside ASCII), so it
    still matches wherever the pattern does; but the engine tries an alternative only when the
    next character is its first (it cannot tell while an assertion comes first)."""
    if len(items) < 3 or [op for op, _ in items[:2]] != [_c.ASSERT_NOT, _c.ASSERT]:
        return items
    guards = [(op, av[0], av[1].data) for op, av in items[:2]]

    def opened(sub: list) -> list:
        sub = list(sub)
        while sub and (sub[0] == (_c.AT, _c.AT_BOUNDARY) or sub[0][0] in (_c.ASSERT, _c.ASSERT_NOT)
                       and (sub[0][0], sub[0][1][0], sub[0][1][1].data) in guards):
            del sub[0]
        if sub and sub[0][0] is _c.BRANCH:
            av = sub[0][1]
            sub[0] = (_c.BRANCH, (av[0], by_first_letter(
                [b for branch in av[1] for b in alternatives(branch)])))
        elif sub and sub[0][0] is _c.SUBPATTERN:
            group, add, remove, inner = sub[0][1]
            sub[0] = (_c.SUBPATTERN, (group, add, remove, subpattern(inner)))
        return sub

    def subpattern(sub) -> _parser.SubPattern:
        return _parser.SubPattern(parsed.state, opened(sub))

    def alternatives(branch) -> list:
        # "(?:a|(?:b|c))" as "(?:a|b|c)": the same matches, in the same order, but the engine
        # skips b and c by their first letters (it enters an alternative that opens with one)
        sub = subpattern(branch)
        if len(sub.data) == 1 and sub.data[0][0] is _c.BRANCH:
            return sub.data[0][1][1]
        return [sub]

    def by_first_letter(branches: list) -> list:
        # "(?:ab|c|ad)" as "(?:a(?:b|d)|c)": another order, so not the same match at a place,
        # but a match at the same places (all a twin tells); one test of "a" for both
        groups: dict[int, list] = {}
        for b in branches:
            if b.data and b.data[0][0] is _c.LITERAL:
                groups.setdefault(b.data[0][1], []).append(b)
        out = [b for b in branches if not (b.data and b.data[0][0] is _c.LITERAL)]
        for letter, group in groups.items():
            if len(group) == 1:
                out += group
                continue
            rests = [_parser.SubPattern(parsed.state, b.data[1:]) for b in group]
            out.append(_parser.SubPattern(parsed.state, [
                (_c.LITERAL, letter), (_c.BRANCH, (None, by_first_letter(rests)))]))
        return out
    return items[:2] + opened(items[2:])


def _compiled(parsed, pattern: re.Pattern) -> re.Pattern | None:
    if parsed is None:
        return None
    try:
        return _compiler.compile(parsed, pattern.flags & ~re.IGNORECASE)
    except Exception:  # (as in _folded_tree)
        return None


def _folded_char(code: int) -> int | None:
    c = chr(code)
    # (Latin-1's letters other than ß, ÿ and µ have one other case each, as ASCII's do;
    # punctuation has none)
    if code < 0x80 or 0xC0 <= code <= 0xFE and c not in "ßµ" or 0x2000 <= code <= 0x206F:
        return ord(c.lower())
    return None


def _cased(code: int) -> bool:
    return chr(code).lower() != chr(code).upper()


def _folded(items, blind: bool) -> tuple[list, bool] | None:
    """A parsed sequence with its letters lower-cased, and whether it matches folded text
    exactly where the sequence matches text (case-sensitive parts are exact only on a text
    without lookalikes). Else it matches more: what folding makes wider where wider would
    reject more (a negated set or lookaround, a possessive repeat) is widened further. None
    when folding could lose a match. blind: case-blind here."""
    out, exact = [], True
    for op, av in items:
        here = True
        if op in (_c.LITERAL, _c.NOT_LITERAL):
            here = blind or not _cased(av)
            if op is _c.NOT_LITERAL and not here:
                op, av = _c.IN, _ANY_CHAR
            else:
                av = _folded_char(av)
        elif op is _c.IN:
            folded = _folded_set(av, blind)
            av, here = folded if folded else (None, True)
            if not here and any(x is _c.NEGATE for x, _ in folded[0]):
                av = _ANY_CHAR
        elif op in (_c.SUBPATTERN, _c.ATOMIC_GROUP):
            group, add, remove, sub = av if op is _c.SUBPATTERN else (None, 0, 0, av)
            inner = (blind or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            folded = _sub(items, sub, inner)
            if folded is None:
                return None
            sub, here = folded
            av = sub if op is _c.ATOMIC_GROUP and here else \
                (group, add & ~re.IGNORECASE, remove & ~re.IGNORECASE, sub)
            op = op if here else _c.SUBPATTERN  # (an atomic group gives up less than a group)
        elif op is _c.BRANCH:
            branches = [_sub(items, b, blind) for b in av[1]]
            av = None if None in branches else (av[0], [b for b, _ in branches])
            here = all(e for _, e in branches) if av else True
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            folded = _sub(items, av[2], blind)
            av, here = ((av[0], av[1], folded[0]), folded[1]) if folded else (None, True)
            if op is _c.POSSESSIVE_REPEAT and not here:
                op = _c.MAX_REPEAT
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            folded = _sub(items, av[1], blind)
            av, here = ((av[0], folded[0]), folded[1]) if folded else (None, True)
            if op is _c.ASSERT_NOT and not here:
                exact = False
                continue  # without it, the twin matches more
        elif op not in (_c.AT, _c.ANY):
            return None  # back-references, conditionals
        if av is None:
            return None
        out.append((op, av))
        exact = exact and here
    return out, exact


def _sub(parent, items, blind: bool):
    folded = _folded(items, blind)
    return None if folded is None else (_parser.SubPattern(parent.state, folded[0]), folded[1])


def _folded_set(items, blind: bool) -> tuple[list, bool] | None:
    """A set's items lower-cased, and whether it is exact: case-blind, or with both cases of
    each letter in it."""
    out, letters = [], set()
    for op, av in items:
        if op is _c.LITERAL:
            if (code := _folded_char(av)) is None:
                return None
            out.append((op, code))
            letters.add(av)
        elif op is _c.RANGE:
            low, high = av
            if high >= 0x80:
                return None
            codes = range(low, high + 1)
            out += [(_c.LITERAL, code) for code in sorted({ord(chr(i).lower()) for i in codes})]
            letters.update(codes)
        elif op in (_c.CATEGORY, _c.NEGATE):
            out.append((op, av))
        else:
            return None
    return out, blind or all(ord(chr(c).swapcase()) in letters for c in letters if _cased(c))


_ANY_CHAR = [(_c.NEGATE, None)]  # (what a negated set of case-sensitive letters widens to)

def required_words(pattern: re.Pattern) -> tuple[str, ...]:
    """Lower-case ASCII words one of which every match of pattern contains (found from its
    literal stretches, alternatives included), or () when it has none of 3 letters or more."""
    try:
        words = _required(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a parser of another Python version: no filter, the same matches
        return ()
    return tuple(words) if words and min(map(len, words)) >= _MIN_WORD else ()


def _required(items) -> list[str] | None:
    best: list[str] | None = None

    def consider(words: list[str] | None) -> None:
        nonlocal best
        # the longest shortest word filters best; then the fewest
        if words and (best is None or (min(map(len, words)), -len(words))
                      > (min(map(len, best)), -len(best))):
            best = words

    run = [""]  # the spellings of the literal stretch being read
    for op, av in items:
        spellings = _spellings([(op, av)])
        if spellings is not None and len(run) * len(spellings) <= _MAX_SPELLINGS:
            run = [a + b for a in run for b in spellings]
            continue
        consider(run if all(run) else None)
        run = [""]
        if op is _c.SUBPATTERN:
            consider(_required(av[-1]))
        elif op is _c.ATOMIC_GROUP:
            consider(_required(av))
        elif op is _c.BRANCH:
            branches = [_required(b) for b in av[1]]
            if all(branches):
                consider([w for b in branches for w in b])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_required(av[2]))
        # anchors, lookarounds, character sets: nothing their match has to contain
    consider(run if all(run) else None)
    return best


def _spellings(items) -> list[str] | None:
    """The texts a sequence of only ASCII literals (and alternatives of them) can match."""
    out = [""]
    for op, av in items:
        if op is _c.LITERAL and av < 128:
            parts = [chr(av).lower()]
        elif op is _c.SUBPATTERN:
            parts = _spellings(av[-1])
        elif op is _c.BRANCH:
            alternatives = [_spellings(b) for b in av[1]]
            parts = None if None in alternatives else [w for a in alternatives for w in a]
        else:
            return None
        if parts is None or len(out) * len(parts) > _MAX_SPELLINGS:
            return None
        out = [a + b for a in out for b in parts]
    return out

"""Small text helpers shared by services and the extractor."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Strip accents: 'Xīnhuá' -> 'Xinhua'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def name_key(name: str) -> str:
    """What name lookups compare: lower-case ASCII words. 'Wei  Fenghe.' -> 'wei fenghe'."""
    return _NON_WORD.sub(" ", fold(name).lower()).strip()


def slugify(text: str) -> str:
    return name_key(text).replace(" ", "-") or "item"

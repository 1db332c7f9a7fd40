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


def slugify(text: str, max_length: int | None = None) -> str:
    """'Wei Fenghe' -> 'wei-fenghe', cut to `max_length` (folding can lengthen: 'ﬃ' -> 'ffi')."""
    slug = name_key(text).replace(" ", "-")
    if max_length is not None:
        slug = slug[:max_length].rstrip("-")
    return slug or "item"

"""Officials: lookup by name or alias (misspellings included), search, the gazetteer."""

import json
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from app.config import ROOT
from app.models import Official, OfficialAlias
from app.services.slugs import unique_slug
from app.text import name_key

GAZETTEER_PATH = ROOT / "app" / "data" / "officials.json"
FUZZY_CUTOFF = 85
# The column's length: PostgreSQL refuses longer values (folding can lengthen a name).
ALIAS_KEY_LENGTH = OfficialAlias.__table__.c.alias_key.type.length


def alias_key(name: str) -> str:
    """What alias lookups compare: name_key, cut to the column."""
    return name_key(name)[:ALIAS_KEY_LENGTH].rstrip()


def load_gazetteer_file() -> list[dict]:
    return json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))["officials"]


def find_official(session: Session, name: str) -> Official | None:
    """Exact match on the canonical name or any alias, ignoring case, accents and punctuation."""
    key = alias_key(name)
    if not key:
        return None
    return session.exec(
        select(Official).join(OfficialAlias, col(OfficialAlias.official_id) == Official.id)
        .where(OfficialAlias.alias_key == key).limit(1)
    ).first()


def official_by_slug(session: Session, slug: str) -> Official | None:
    return session.exec(select(Official).where(Official.slug == slug)).first()


def official_names(session: Session, slugs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """slug -> name of these officials (for the chips of a filter)."""
    if not slugs:
        return {}
    return dict(session.exec(
        select(Official.slug, Official.name).where(col(Official.slug).in_(list(slugs)))).all())


def add_alias(session: Session, official: Official, alias: str) -> None:
    key = alias_key(alias)
    if not key:
        return
    exists = session.exec(
        select(OfficialAlias.id).where(
            OfficialAlias.official_id == official.id, OfficialAlias.alias_key == key
        )
    ).first()
    if exists is None:
        session.add(OfficialAlias(official_id=official.id, alias=alias, alias_key=key))


def create_official(session: Session, *, name: str, country: str, aliases: list[str] = (),
                    slug: str | None = None) -> Official:
    official = Official(name=name, country=country, slug=slug or unique_slug(session, Official.slug, name))
    session.add(official)
    session.flush()
    # The canonical name is an alias too, so one lookup path serves both.
    for alias in [name, *aliases]:
        add_alias(session, official, alias)
    session.flush()
    return official


def get_or_create_official(session: Session, *, name: str, country: str) -> Official:
    return find_official(session, name) or create_official(session, name=name, country=country)


# Built once (each write runs them with other values).
_IDS_OF_SLUGS = select(Official.slug, Official.id).where(
    col(Official.slug).in_(bindparam("slugs", expanding=True)))
_IDS_OF_ALIAS_KEYS = (
    select(OfficialAlias.alias_key, OfficialAlias.official_id)
    .where(col(OfficialAlias.alias_key).in_(bindparam("keys", expanding=True)))
    .order_by(OfficialAlias.id)
)


def resolve_officials(session: Session,
                      people: Sequence[tuple[str | None, str | None, str]]) -> list[int | None]:
    """The official id of each (slug, name, country): the official of the slug when it names
    one, else the one whose name or alias is `name` (as find_official), else a new official
    of that name; None without either. Two lookups for all of them (a write's participants)."""
    slugs = list({slug for slug, _, _ in people if slug})
    by_slug = dict(session.execute(_IDS_OF_SLUGS, {"slugs": slugs}).all()) if slugs else {}
    keys = list({alias_key(name) for slug, name, _ in people
                 if name and slug not in by_slug} - {""})
    by_key: dict[str, int] = {}
    if keys:
        for key, official_id in session.execute(_IDS_OF_ALIAS_KEYS, {"keys": keys}):
            by_key.setdefault(key, official_id)
    out: list[int | None] = []
    for slug, name, country in people:
        official_id = by_slug.get(slug) if slug else None
        if official_id is None and name:
            key = alias_key(name)
            official_id = by_key.get(key) if key else None
            if official_id is None:
                official_id = create_official(session, name=name, country=country).id
                if key:
                    by_key[key] = official_id
        out.append(official_id)
    return out


def import_gazetteer(session: Session, entries: list[dict] | None = None) -> int:
    """Create the officials of the gazetteer that the database lacks; returns how many."""
    created = 0
    for entry in entries if entries is not None else load_gazetteer_file():
        official = find_official(session, entry["name"])
        if official is None:
            official = create_official(session, name=entry["name"], country=entry["country"],
                                       slug=entry.get("slug"))
            created += 1
        for alias in entry.get("aliases", []):
            add_alias(session, official, alias)
    session.flush()
    return created


def _similarity(query: str, alias_key: str, **_) -> float:
    """The whole name's similarity, or, for one typed word, its closeness to one word of the
    name: "austn" is a typo of "austin", though only 76% like "lloyd austin" as a whole."""
    best = fuzz.WRatio(query, alias_key)
    if " " not in query and len(query) >= 4:
        words = [w for w in alias_key.split() if len(w) >= 4]
        best = max([best, *(fuzz.ratio(query, w) for w in words)])
    return best


def _containment_score(key: str, alias_key: str) -> float:
    """How well a name containing the typed text matches it: a whole word ("wei" in "wei
    fenghe") before the start of a word ("wei" in "he weidong") before the middle of one
    ("ci guowei")."""
    padded = f" {alias_key} "
    if f" {key} " in padded:
        return 100.0
    if f" {key}" in padded:
        return 98.0
    return 95.0


@dataclass(frozen=True)
class OfficialMatch:
    official: Official
    matched: str  # the name or alias that matched
    score: float


def search_officials(session: Session, q: str, *, limit: int = 10) -> list[OfficialMatch]:
    """Names and aliases containing the words typed, then close misspellings ("Wei Fenge")."""
    key = alias_key(q)
    if not key:
        return []
    found: dict[int, tuple[str, float]] = {}  # official id -> (alias matched, score)
    rows = session.exec(
        select(OfficialAlias.official_id, OfficialAlias.alias, Official.name)
        .join(Official, Official.id == OfficialAlias.official_id)
        .where(col(OfficialAlias.alias_key).contains(key))
        # Ties in a fixed order, the same on every backend.
        .order_by(func.length(OfficialAlias.alias_key), OfficialAlias.alias_key, OfficialAlias.id)
        .limit(limit * 3)
    ).all()
    for official_id, alias, name in rows:
        # The best-placed match; at equal scores the official's own name before an alias.
        rank = (_containment_score(key, alias_key(alias)), alias == name)
        kept = found.get(official_id)
        if kept is None or rank > (kept[1], kept[0] == name):
            found[official_id] = (alias, rank[0])
    if len(found) < limit and len(key) >= 3:
        aliases = session.exec(
            select(OfficialAlias.official_id, OfficialAlias.alias_key, OfficialAlias.alias)
        ).all()
        keys = [alias_key for _, alias_key, _ in aliases]
        for _, score, i in process.extract(key, keys, scorer=_similarity, limit=limit * 3,
                                           score_cutoff=FUZZY_CUTOFF):
            official_id, _, alias = aliases[i]
            found.setdefault(official_id, (alias, score))
    officials = {
        o.id: o for o in session.exec(select(Official).where(col(Official.id).in_(found))).all()
    }
    matches = [
        OfficialMatch(officials[i], alias, score)
        for i, (alias, score) in found.items()
        if i in officials
    ]
    # Equal scores: a match on the official's own name before one on an alias ("He Wei-dong").
    matches.sort(key=lambda m: (-m.score, m.matched != m.official.name, m.official.name))
    return matches[:limit]

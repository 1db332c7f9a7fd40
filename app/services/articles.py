"""Stored articles: the text and metadata of what was ingested, kept for provenance.

An article is identified by the hash of its normalised text, so the same article pasted twice,
uploaded as a file, or ingested again from the terminal is stored once.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.extract.pipeline import article_title
from app.limits import MAX_PUBLISHER, MAX_URL
from app.models import Article, Event, Source
from app.services.live import live_events

MAX_ARTICLE_TITLE = 500  # Article.title
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ArticleInput:
    """An article to ingest: its text and what is known of it (validated)."""

    text: str
    publisher: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None


def clean_text(text: str) -> str:
    """The text as stored (and extracted from): line ends as \\n, no surrounding blank space.
    Offsets of the evidence refer to this text."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def content_hash(text: str) -> str:
    """SHA-256 of the text with Unicode compatibility forms folded and every run of white
    space one space: the same article hashes alike however it was copied."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def find_article(session: Session, text: str) -> Article | None:
    return session.exec(select(Article).where(Article.content_hash == content_hash(text))).first()


def get_article(session: Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


@dataclass(frozen=True)
class Stored:
    article: Article
    created: bool  # False: the article was stored before (its first metadata is kept)


def store_article(session: Session, *, text: str, publisher: str | None = None,
                  url: str | None = None, published: date | None = None,
                  title: str | None = None, commit: bool = True) -> Stored:
    """The stored article with this text, or a new one. The caller has validated the text
    (not empty, within MAX_ARTICLE_BYTES) and the metadata."""
    text = clean_text(text)
    found = find_article(session, text)
    if found is not None:
        return Stored(found, created=False)
    article = new_article(text, publisher=publisher, url=url, published=published, title=title)
    if not commit:
        session.add(article)
        session.flush()
        return Stored(article, created=True)
    try:
        session.add(article)
        session.commit()
    except IntegrityError:  # the same article, stored by a request that ran at the same time
        session.rollback()
        return Stored(find_article(session, text), created=False)
    return Stored(article, created=True)


def new_article(text: str, *, publisher: str | None = None, url: str | None = None,
                published: date | None = None, title: str | None = None) -> Article:
    """An Article row, not yet added; its title is the text's headline when none is given."""
    text = clean_text(text)
    title = title or article_title(text) or ""
    return Article(content_hash=content_hash(text), text=text, title=title[:MAX_ARTICLE_TITLE],
                   publisher=_cut(publisher, MAX_PUBLISHER), url=_cut(url, MAX_URL),
                   published=published)


def _cut(value: str | None, limit: int) -> str | None:
    value = (value or "").strip()
    return value[:limit] or None


@dataclass(frozen=True)
class Citing:
    """A live event that cites the article, as a list shows it."""

    id: int
    title: str
    date: date
    date_precision: str
    medium: str


def events_citing(session: Session, article_id: int) -> list[Citing]:
    rows = session.exec(
        select(Event.id, Event.title, Event.date, Event.date_precision, Event.medium)
        .where(col(Event.id).in_(select(Source.event_id).where(Source.article_id == article_id)))
        .where(live_events())
        .order_by(Event.date, Event.id)
    ).all()
    return [Citing(*row) for row in rows]

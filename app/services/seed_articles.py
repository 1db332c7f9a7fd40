"""The seed articles (app/data/seed_articles: ../shared/seeds verbatim, with their metadata):
stored once and ingested through the extractor on top of the curated record by `contacts seed`.

The curated record already has what a careful reader takes from them (seed_events.json): its
sources from these articles link the stored articles, and ingesting them then matches every
confident candidate with a recorded event instead of recording it twice.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from app.services.articles import ArticleInput, store_article
from app.services.ingest import IngestReport, ingest_article
from app.services.seed import SEED_ARTICLES_PATH

INDEX = "articles.json"


@dataclass(frozen=True)
class SeedArticle:
    file: str
    item: ArticleInput


def read_seed_articles(folder: Path = SEED_ARTICLES_PATH) -> list[SeedArticle]:
    entries = json.loads((folder / INDEX).read_text(encoding="utf-8"))["articles"]
    return [SeedArticle(e["file"], ArticleInput(
        text=(folder / e["file"]).read_text(encoding="utf-8"), publisher=e["publisher"],
        url=e["url"], published=date.fromisoformat(e["published"]), title=e.get("title")))
        for e in entries]


def store_seed_articles(session: Session, articles: list[SeedArticle]) -> dict[tuple, int]:
    """Store the articles (in the caller's transaction); their ids by (publisher, published),
    which is how the curated seed events name the article a source quotes."""
    ids = {}
    for a in articles:
        stored = store_article(session, text=a.item.text, publisher=a.item.publisher,
                               url=a.item.url, published=a.item.published, title=a.item.title,
                               commit=False)
        ids[(a.item.publisher, a.item.published)] = stored.article.id
    return ids


def ingest_seed_articles(session: Session, articles: list[SeedArticle]) -> list[IngestReport]:
    """Ingest each article without review, in the caller's transaction (attributed to the
    system, as the rest of the seed)."""
    return [ingest_article(session, a.item, save=True, commit=False) for a in articles]

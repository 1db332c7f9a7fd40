"""The topic taxonomy (app/data/topics.json) and its patterns."""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.extract.patterns import at_word_start, scan, search

TOPICS_PATH = Path(__file__).resolve().parent.parent / "data" / "topics.json"


@dataclass(frozen=True)
class Topic:
    name: str
    slug: str
    pattern: re.Pattern


class Taxonomy:
    def __init__(self, entries: list[dict]):
        sources = {e["name"]: "|".join(f"(?:{p})" for p in e["patterns"]) for e in entries}
        self.topics = [Topic(e["name"], e["slug"], at_word_start(sources[e["name"]], re.IGNORECASE))
                       for e in entries]
        # one pass of every pattern at once rejects the many sentences that name no topic
        self.any = at_word_start("|".join(f"(?:{s})" for s in sources.values()), re.IGNORECASE)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int]]:
        """(topic name, offset) for every topic whose pattern occurs in text[start:end]."""
        end = len(text) if end is None else end
        first = search(self.any, text, start, end)
        if first is None:
            return []
        found = []
        for t in self.topics:  # (none matches before the first match of them all)
            for m in scan(t.pattern, text, first.start(), end):
                found.append((t.name, m.start()))
        return found


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    return Taxonomy(json.loads(TOPICS_PATH.read_text(encoding="utf-8"))["topics"])

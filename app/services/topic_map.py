"""Free-form topics (the record's, an article's) -> a dialogue channel and a small set of topics.

The mapping lives in app/data/topic_map.json; strings it does not know are kept as topics.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache

from app.config import ROOT
from app.services.event_titles import round_of

TOPIC_MAP_PATH = ROOT / "app" / "data" / "topic_map.json"
DIALOGUE_TOPIC = "Dialogue channels"


@dataclass(frozen=True)
class MappedTopics:
    channel: str | None = None
    round_label: str | None = None  # "17th" when the channel string names a round
    topics: list[str] = field(default_factory=list)


@lru_cache
def _maps() -> tuple[dict[str, str], dict[str, list[str]]]:
    data = json.loads(TOPIC_MAP_PATH.read_text(encoding="utf-8"))
    channels = {k.casefold(): v for k, v in data["channels"].items()}
    topics = {k.casefold(): v for k, v in data["topics"].items()}
    return channels, topics


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def map_topics(raw: list[str], *, allow_channel: bool = True) -> MappedTopics:
    """The first dialogue named becomes the channel (unless `allow_channel` is False: leaders
    agree on channels rather than hold them); later ones count as the topic 'Dialogue channels'."""
    channels, topic_map = _maps()
    channel = round_label = None
    topics: list[str] = []

    def add(name: str) -> None:
        if name.casefold() not in (t.casefold() for t in topics):
            topics.append(name)

    for text in raw:
        key = text.strip().casefold()
        if not key:
            continue
        if key in channels:
            if allow_channel and channel is None:
                channel, round_label = channels[key], round_of(text)
            elif channels[key] != channel:
                add(DIALOGUE_TOPIC)
        elif key in topic_map:
            for name in topic_map[key]:
                add(name)
        else:
            add(_capitalised(text.strip()))
    return MappedTopics(channel=channel, round_label=round_label, topics=topics)

import json
import re

from app.extract.people import GAZETTEER_PATH

ENTRIES = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))["officials"]
PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def test_every_official_has_a_country_a_unique_slug_and_dated_titles():
    slugs = [e["slug"] for e in ENTRIES]
    assert len(slugs) == len(set(slugs))
    for e in ENTRIES:
        assert e["country"] in ("US", "CN"), e["name"]
        assert e["titles"], e["name"]
        for t in e["titles"]:
            assert PERIOD.match(t["from"]), (e["name"], t)
            assert t["to"] is None or PERIOD.match(t["to"]) and t["to"] >= t["from"], (e["name"], t)
            assert t["category"] in ("defense", "leader", "diplomatic")


def test_the_gazetteer_covers_the_defence_chiefs_since_2000():
    names = {e["name"] for e in ENTRIES}
    for name in ["Donald Rumsfeld", "Robert Gates", "Leon Panetta", "Chuck Hagel", "Ashton Carter",
                 "James Mattis", "Mark Esper", "Lloyd Austin", "Pete Hegseth", "Cao Gangchuan",
                 "Liang Guanglie", "Chang Wanquan", "Wei Fenghe", "Li Shangfu", "Dong Jun",
                 "Mark Milley", "Li Zuocheng", "Liu Zhenli", "Samuel Paparo", "Zhang Youxia"]:
        assert name in names


def test_known_misspellings_are_aliases():
    aliases = {e["name"]: e["aliases"] for e in ENTRIES}
    assert "Wei Fenge" in aliases["Wei Fenghe"]
    assert "Anton Blinken" in aliases["Antony Blinken"]

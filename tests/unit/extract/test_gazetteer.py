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


RECORD = GAZETTEER_PATH.parent / "record.jsonl"


def test_every_named_participant_of_the_record_is_in_the_gazetteer_with_a_title_then():
    from datetime import date

    from app.extract.people import load_gazetteer

    g = load_gazetteer()
    for line in RECORD.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        when = event["date"]
        for side, country in (("us", "US"), ("cn", "CN")):
            for p in event[side]:
                if not p["name"]:
                    continue
                official = g.by_name(p["name"])
                assert official is not None, p["name"]
                assert official.country == country, p["name"]
                held = [t for t in official.titles if t[1] <= when[:len(t[1])]
                        and (t[2] is None or when[:len(t[2])] <= t[2])]
                assert held, (p["name"], when, p.get("title"))
                if len(when) == 10:
                    assert official.title_on(date.fromisoformat(when))[0] in {t[0] for t in held}


def test_the_gazetteer_covers_the_roles_that_handle_the_other_side():
    titles = {(e["country"], t["title"]) for e in ENTRIES for t in e["titles"]}

    def has(country, *words):
        return any(c == country and all(w in t for w in words) for c, t in titles)

    for words in [("Vice Chairman of the Joint Chiefs",), ("Chief of Naval Operations",),
                  ("Chief of Staff of the Army",), ("Chief of Staff of the Air Force",),
                  ("Commandant of the Marine Corps",), ("Pacific Command",),
                  ("Indo-Pacific Command",), ("Pacific Fleet",), ("Under Secretary of Defense for Policy",),
                  ("Assistant Secretary of Defense", "Pacific"),
                  ("Deputy Assistant Secretary of Defense", "China"), ("Ambassador to China",),
                  ("Secretary of State",), ("National Security Adviser",), ("President",)]:
        assert has("US", *words), words
    for words in [("Minister of National Defense",), ("Vice Chairman of the Central Military",),
                  ("Joint Staff Department",), ("PLA Navy",), ("PLA Air Force",), ("PLA Army",),
                  ("Rocket Force",), ("Eastern Theater",), ("Southern Theater",),
                  ("Western Theater",), ("Northern Theater",), ("Central Theater",),
                  ("Office for International Military Cooperation",), ("Foreign Minister",),
                  ("Ambassador to the United States",), ("Spokesman, Ministry of National Defense",),
                  ("President",), ("Premier",)]:
        assert has("CN", *words), words


def test_no_alias_names_two_officials():
    from app.text import name_key

    owner = {}
    for e in ENTRIES:
        for alias in [e["name"], *e["aliases"]]:
            assert owner.setdefault(name_key(alias), e["name"]) == e["name"], alias

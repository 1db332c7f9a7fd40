"""The two seed articles, checked against what ../shared/seeds/README.md records."""

import json
from pathlib import Path

from app.extract.pipeline import extract_events

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def run(name: str):
    article = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return extract_events(article["text"], published=article["published"],
                          publisher=article["publisher"]).events


def summary(event):
    return (event.date, event.end_date, event.medium, event.status,
            sorted(p.name for p in event.participants if p.side == "US"),
            sorted(p.name for p in event.participants if p.side == "CN"))


def test_efe_seed_chase_huang_video_conference():
    events = run("seed-000-efe-chase-huang.json")
    assert [summary(e) for e in events] == [
        ("2021-09-28", "2021-09-29", "video_conference", "held", ["Michael Chase"],
         ["Huang Xueping"])]
    assert "Military relations" in events[0].topics


def test_ap_seed_four_held_contacts():
    events = run("seed-004-ap-austin-wei.json")
    held = [summary(e) for e in events if e.status == "held"]
    assert held == [
        ("2022-04-20", None, "phone_call", "held", ["Lloyd Austin"], ["Wei Fenghe"]),
        ("2020-08-06", None, "phone_call", "held", ["Mark Esper"], ["Wei Fenghe"]),
        ("2022-03-18", None, "video_conference", "held", ["Joe Biden"], ["Xi Jinping"]),
        ("2021-03", None, "in_person_meeting", "held", ["Antony Blinken", "Jake Sullivan"], []),
    ]
    main = events[0]
    assert main.duration_minutes == 45 and main.initiated_by == "US"
    assert next(p for p in main.participants if p.side == "CN").mention == "Wei Fenge"
    assert {"Taiwan", "South China Sea", "East China Sea", "Ukraine", "North Korea", "Nuclear",
            "Space", "Cyber", "Crisis communication"} <= set(main.topics)
    assert events[[summary(e)[0] for e in events].index("2021-03")].category == "diplomatic"
    assert [e.category for e in events if e.date == "2022-03-18"] == ["leader"]


def test_ap_seed_xu_qiliang_was_never_held():
    for event in run("seed-004-ap-austin-wei.json"):
        if any(p.name == "Xu Qiliang" for p in event.participants):
            assert event.status == "requested"


def test_ap_seed_blinken_wang_generic_calls_are_not_an_event():
    for event in run("seed-004-ap-austin-wei.json"):
        assert all(p.name != "Wang Yi" for p in event.participants)


def test_seed_fixtures_are_verbatim_copies_of_the_text_files():
    for name, txt in [("seed-000-efe-chase-huang.json", "000_5114188dcac77269.txt"),
                      ("seed-004-ap-austin-wei.json", "004_16a2962eca6a6bb6.txt")]:
        article = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        assert article["text"] == (FIXTURES / "seeds" / txt).read_text(encoding="utf-8")

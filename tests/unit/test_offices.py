"""Offices over every title the record uses, and office pairs."""

import json

import pytest

from app.services.offices import all_offices, office_of, office_pair
from app.services.seed import RECORD_PATH, SEED_EVENTS_PATH

RECORD = [json.loads(line) for line in RECORD_PATH.read_text(encoding="utf-8").splitlines() if line]

# Every (side, title) in the record and the seed events, and the office it names (None: no office).
EXPECTED = {
    ("US", "Under Secretary of Defense for Policy"): "us-usd-policy",
    ("US", "Defense Department official, head of US team"): None,
    ("US", "Rear Admiral, Chief of Operations, US Pacific Command"): None,
    ("US", "US military officials"): None,
    ("US", "Secretary of Defense"): "us-secretary-of-defense",
    ("US", "Acting Secretary of Defense"): "us-secretary-of-defense",
    ("US", "Secretary of Defense/War"): "us-secretary-of-defense",
    ("US", "Chairman of the Joint Chiefs of Staff"): "us-cjcs",
    ("US", "Deputy Under Secretary of Defense (Asia-Pacific)"): "us-dusd-asia-pacific",
    ("US", "Commander, US Pacific Command"): "us-indopacom-commander",
    ("US", "Admiral, Commander, US Indo-Pacific Command"): "us-indopacom-commander",
    ("US", "Deputy Assistant Secretary of Defense for East Asia"): "us-dasd-east-asia",
    ("US", "Deputy Assistant Secretary of Defense for China"): "us-dasd-china",
    ("US", "Deputy Assistant Secretary of Defense for China, Taiwan and Mongolia"): "us-dasd-china",
    ("US", "Pentagon spokesman"): None,
    ("US", "Army Chief of Staff"): "us-army-chief-of-staff",
    ("US", "Chief of Naval Operations"): "us-cno",
    ("US", "Prospective Chief of Naval Operations"): None,
    ("US", "Secretary of State"): "us-secretary-of-state",
    ("US", "National Security Advisor"): "us-national-security-advisor",
    ("US", "President"): "us-president",
    ("US", "US military MMCA delegation"): None,
    ("US", "DoD delegation"): None,
    ("US", "Maj. Gen., INDOPACOM strategic planning and policy director"): None,
    ("US", "INDOPACOM, Pacific Fleet and PACAF representatives"): None,
    ("US", "INDOPACOM, Pacific Fleet, PACAF and Coast Guard officials"): None,
    ("CN", "Deputy Chief of the PLA General Staff"): "cn-deputy-chief-general-staff",
    ("CN", "Chinese officials (not named on page)"): None,
    ("CN", "PLA two-star delegation leader (not named)"): None,
    ("CN", "PLA officials"): None,
    ("CN", "Minister of National Defense"): "cn-minister-of-national-defense",
    ("CN", "Minister of National Defense, CMC Vice Chairman"): "cn-minister-of-national-defense",
    ("CN", "CMC Vice Chairman, Minister of National Defense"): "cn-minister-of-national-defense",
    ("CN", "Chief of the PLA General Staff"): "cn-chief-joint-staff",
    ("CN", "Chief, CMC Joint Staff Department"): "cn-chief-joint-staff",
    ("CN", "CMC Vice Chairman"): "cn-cmc-vice-chairman",
    ("CN", "CMC Chairman"): "cn-cmc-chairman",
    ("CN", "President, CMC Chairman"): "cn-president",
    ("CN", "President"): "cn-president",
    ("CN", "Vice President, CMC Vice Chairman"): "cn-vice-president",
    ("CN", "Director, MND Foreign Affairs Office"): "cn-mnd-fao-director",
    ("CN", "Maj. Gen., Director, MND Foreign Affairs Office"): "cn-mnd-fao-director",
    (
        "CN",
        "Rear Admiral, Deputy Director, MND Foreign Affairs Office",
    ): "cn-mnd-fao-deputy-director",
    (
        "CN",
        "Maj. Gen., Deputy Director, CMC Office for International Military Cooperation",
    ): "cn-oimc-deputy-director",
    ("CN", "Leaders of the CMC Office for International Military Cooperation"): None,
    ("CN", "Commander, Second Artillery Force"): "cn-second-artillery-commander",
    ("CN", "Commander, PLA Navy"): "cn-pla-navy-commander",
    ("CN", "General, Commander, PLA Southern Theater Command"): "cn-southern-theater-commander",
    ("CN", "State Councilor"): "cn-state-councilor",
    ("CN", "Director, CPC Foreign Affairs Office"): "cn-cpc-foreign-affairs-director",
    ("CN", "PLA leaders (not named)"): None,
    ("CN", "Senior PLA officials (not named)"): None,
    ("CN", "Lt. Gen., PLA (director of military intelligence per DoD)"): None,
    ("CN", "CMC, PLA and Foreign Ministry officials (not named)"): None,
    ("CN", "PRC government / PLA"): None,
    ("CN", "PRC Ministry of National Defense"): None,
    ("CN", "PRC Ministry of Foreign Affairs"): None,
    ("CN", "PLA MMCA delegation"): None,
    ("CN", "PLA Navy MMCA delegation"): None,
    ("CN", "PLA delegation"): None,
    ("CN", "PLA Navy and Air Force officers"): None,
    ("CN", "Chinese military leaders"): None,
    ("CN", "PLA representatives"): None,
    ("CN", "Chinese counterparts (not named in the article)"): None,
}


def _titles_in_data() -> set[tuple[str, str]]:
    titles = {(side.upper(), p["title"]) for r in RECORD for side in ("us", "cn") for p in r[side]}
    seeds = json.loads(SEED_EVENTS_PATH.read_text(encoding="utf-8"))["events"]
    return titles | {(p["side"], p["title"]) for e in seeds for p in e["participants"]}


def test_every_title_in_the_data_has_a_decision():
    assert _titles_in_data() <= set(EXPECTED), "a new title: decide its office in EXPECTED"


@pytest.mark.parametrize("side, title", sorted(EXPECTED))
def test_office_of_record_titles(side, title):
    office = office_of(title, side)
    assert (office.key if office else None) == EXPECTED[(side, title)]
    if office:
        assert office.country == side


def test_side_settles_titles_both_countries_use():
    assert office_of("President", "US").key == "us-president"
    assert office_of("President", "CN").key == "cn-president"
    assert office_of("Minister of National Defense").key == "cn-minister-of-national-defense"
    assert office_of("") is None and office_of(None) is None


def test_offices_are_well_formed():
    offices = all_offices()
    assert len({o.key for o in offices}) == len(offices)
    assert {o.country for o in offices} == {"US", "CN"}
    groups = {o.group for o in offices}
    for group in ("defense-chief", "top-military", "policy-talks", "regional-command", "leader"):
        assert group in groups and {o.country for o in offices if o.group == group} == {"US", "CN"}


def _pair(rows) -> tuple[str, str] | None:
    pair = office_pair(rows)
    return (pair[0].key, pair[1].key) if pair else None


def test_office_pair_prefers_counterparts():
    # Mullen and Gates host Chen Bingde: Chairman – Chief of the General Staff.
    assert _pair(
        [
            {"side": "US", "title": "Chairman of the Joint Chiefs of Staff"},
            {"side": "US", "title": "Secretary of Defense"},
            {"side": "CN", "title": "Chief of the PLA General Staff"},
        ]
    ) == ("us-cjcs", "cn-chief-joint-staff")
    # Mattis and Pompeo with Wei and Yang: the defence pair outranks the diplomatic one.
    assert _pair(
        [
            {"side": "US", "title": "Secretary of Defense"},
            {"side": "US", "title": "Secretary of State"},
            {"side": "CN", "title": "Minister of National Defense"},
            {"side": "CN", "title": "Director, CPC Foreign Affairs Office"},
        ]
    ) == ("us-secretary-of-defense", "cn-minister-of-national-defense")
    # No counterparts: each side's highest office (Sullivan meets Zhang Youxia).
    assert _pair(
        [
            {"side": "US", "title": "National Security Advisor"},
            {"side": "CN", "title": "CMC Vice Chairman"},
        ]
    ) == ("us-national-security-advisor", "cn-cmc-vice-chairman")
    # A delegation without an office gives no pair.
    assert (
        _pair(
            [{"side": "US", "title": "DoD delegation"}, {"side": "CN", "title": "PLA delegation"}]
        )
        is None
    )


def test_office_pair_takes_participation_objects():
    class Part:
        def __init__(self, side, title):
            self.side, self.title = side, title

    pair = office_pair(
        [Part("US", "Secretary of Defense/War"), Part("CN", "Minister of National Defense")]
    )
    assert (pair[0].name, pair[1].name) == ("Secretary of Defense", "Minister of National Defense")


def test_record_office_pairs_count_like_analysts_do():
    pairs = [
        _pair([{"side": s.upper(), "title": p["title"]} for s in ("us", "cn") for p in r[s]])
        for r in RECORD
        if r["status"] != "suspended"
    ]
    assert pairs.count(("us-secretary-of-defense", "cn-minister-of-national-defense")) == 32
    assert pairs.count(("us-cjcs", "cn-chief-joint-staff")) == 12
    assert pairs.count(("us-usd-policy", "cn-deputy-chief-general-staff")) == 8

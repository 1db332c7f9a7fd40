from app.extract.people import PeopleFinder, load_gazetteer


def people(text: str):
    finder = PeopleFinder(load_gazetteer())
    return finder.find(text, [(0, len(text))])


def names(text: str) -> list[tuple[str, str | None, str]]:
    return [(m.person.name, m.side, m.kind) for m in people(text) if m.person]


def test_misspelling_is_found_by_fuzzy_matching():
    assert names("Austin called General Wei Fenghee.")[-1] == ("Wei Fenghe", "CN", "fuzzy")
    assert names("Austin called General Wei Fenge.")[-1] == ("Wei Fenghe", "CN", "full")  # alias


def test_a_lone_surname_is_not_the_official_unless_named_in_full():
    assert names("Wei Qian said the talks were useful. Wei agreed.") == []


def test_later_mentions_by_surname_resolve_to_the_same_person():
    found = names("Defense Secretary Lloyd Austin called Wei Fenghe. Austin said Wei agreed.")
    assert [n for n, _, _ in found] == ["Lloyd Austin", "Wei Fenghe", "Lloyd Austin", "Wei Fenghe"]


def test_unknown_officials_come_from_title_patterns():
    found = people("Maj. Gen. Zhang Sanfeng, deputy director of the PLA Navy's operations "
                   "department, and US Deputy Assistant Secretary of Defense for China Tom "
                   "Brightwater spoke.")
    unknown = {m.person.name: m for m in found if m.kind == "unknown"}
    assert unknown["Zhang Sanfeng"].side == "CN"
    assert "deputy director" in unknown["Zhang Sanfeng"].person.title
    assert unknown["Tom Brightwater"].side == "US"
    assert unknown["Tom Brightwater"].person.official is None


def test_spokespeople_are_not_participants():
    found = people("Pentagon press secretary Brig. Gen. Jon Doe said Austin had called.")
    assert all(m.person is None or m.person.name != "Jon Doe" for m in found)


def test_title_reference_resolves_to_the_named_official():
    found = people("Wei Fenghe spoke with Lloyd Austin. The Chinese minister said it went well.")
    title = [m for m in found if m.kind == "title"]
    assert title and title[0].person.name == "Wei Fenghe"


def test_adjectival_mentions_are_not_participants():
    found = people("President Joe Biden spoke. The Biden administration's first meeting came.")
    assert [m.participant for m in found if m.person] == [True, False]


def test_titles_change_over_time():
    from datetime import date

    wei = load_gazetteer().by_name("Wei Fenghe")
    assert wei.title_on(date(2016, 6, 1))[0] == "Commander, PLA Rocket Force"
    assert wei.title_on(date(2020, 8, 6))[0] == "Minister of National Defense"


def test_gazetteer_spokespeople_are_not_participants_while_they_speak():
    from datetime import date

    finder = PeopleFinder(load_gazetteer())
    text = "Foreign Ministry spokesman Qin Gang said Yang Jiechi met Rice."
    then = {m.person.name: m.participant for m in finder.find(text, [(0, len(text))],
                                                              date(2008, 5, 1)) if m.person}
    assert then["Qin Gang"] is False and then["Yang Jiechi"] is True
    later = "Foreign Minister Qin Gang met Antony Blinken."
    now = {m.person.name: m.participant for m in finder.find(later, [(0, len(later))],
                                                             date(2023, 6, 18)) if m.person}
    assert now["Qin Gang"] is True


def test_side_comes_from_the_title_context():
    found = people("PLA Maj. Gen. Zhang Sanfeng met Pentagon official Director Tom Brightwater.")
    sides = {m.person.name: m.side for m in found if m.kind == "unknown"}
    assert sides == {"Zhang Sanfeng": "CN", "Tom Brightwater": "US"}


def test_aliases_and_transliterations_resolve():
    g = load_gazetteer()
    assert g.by_name("Jiang Zemin") is g.by_name("Chiang Tse-min")
    assert g.by_name("Hsu Chi-liang").name == "Xu Qiliang"
    assert g.by_name("Zhang Yuxia").name == "Zhang Youxia"


def test_a_titled_surname_is_the_official_of_that_title_in_office():
    from datetime import date

    finder = PeopleFinder(load_gazetteer())
    text = "Asked about it, Chairman Brown said the channel mattered. Brown is a colour."
    found = [(m.person.name, m.text) for m in finder.find(text, [(0, len(text))], date(2024, 4, 16))
             if m.person]
    assert found == [("Charles Q. Brown Jr.", "Brown")]
    # in 2019 he chaired nothing: no chairman of that name
    assert [m for m in finder.find(text, [(0, len(text))], date(2019, 4, 16)) if m.person] == []


def test_a_title_used_as_a_level_names_nobody():
    found = people("Lloyd Austin called Wei Fenghe. Talks at the minister level are rare.")
    assert [m for m in found if m.kind == "title"] == []


def test_a_capitalised_appositive_title_and_a_region_named_american():
    found = names("The U.S. team met a delegation led by Han Zhiqiang, Director General of the "
                  "Department of Latin American Affairs of the Ministry of Foreign Affairs.")
    assert ("Han Zhiqiang", "CN", "unknown") in found


def test_who_became_the_first_to_visit_is_the_visitor():
    found = people("Defense Secretary Chuck Hagel flew in on Sunday. In April, Hagel became the first "
                   "U.S. defense secretary to visit the Liaoning aircraft carrier.")
    hagel = [m for m in found if m.person and m.person.name == "Chuck Hagel"]
    assert hagel[-1].participant
    assert not [m for m in people("Hagel became defense secretary in 2013.") if m.participant]


def test_a_name_is_read_whichever_way_it_begins():
    # (the finder skips a token no name of the gazetteer can begin at: these all can)
    assert names("Lloyd J. Austin met Qian Li-hua.") == [("Lloyd Austin", "US", "full"),
                                                          ("Qian Lihua", "CN", "full")]
    assert names("Loyd Austin met Wei Fenghee.") == [("Lloyd Austin", "US", "fuzzy"),
                                                      ("Wei Fenghe", "CN", "fuzzy")]
    assert names("Gen. Mark A. Milley spoke; Milley said.") == [("Mark Milley", "US", "full"),
                                                                ("Mark Milley", "US", "surname")]

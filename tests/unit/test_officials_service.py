from app.services.officials import find_official, import_gazetteer, search_officials


def test_gazetteer_import_is_idempotent(session):
    first = import_gazetteer(session)
    assert first > 50
    assert import_gazetteer(session) == 0


def test_aliases_resolve_to_one_official(session):
    import_gazetteer(session)
    assert find_official(session, "CQ Brown Jr.").name == "Charles Q. Brown Jr."
    assert find_official(session, "Robert M. Gates").name == "Robert Gates"
    assert find_official(session, "michael s. chase").name == "Michael Chase"
    assert find_official(session, "Wei") is None


def test_search_finds_misspellings_and_parts(session):
    import_gazetteer(session)
    assert search_officials(session, "Wei Fenge")[0].official.name == "Wei Fenghe"
    assert search_officials(session, "fenghe")[0].official.name == "Wei Fenghe"
    assert search_officials(session, "Lloyd Ostin")[0].official.name == "Lloyd Austin"
    assert search_officials(session, "zzzz") == []


def test_search_forgives_a_typo_in_one_word(session):
    import_gazetteer(session)
    assert search_officials(session, "austn")[0].official.name == "Lloyd Austin"
    assert search_officials(session, "Hegseh")[0].official.name == "Pete Hegseth"
    # A word like no word of any name finds nobody.
    assert search_officials(session, "qqzx") == []


def test_search_ranks_a_whole_word_before_a_word_start_before_the_middle_of_a_word(session):
    import_gazetteer(session)
    names = [m.official.name for m in search_officials(session, "wei")]
    # Wei Fenghe (the word itself, in his own name) before He Weidong (the word, in the alias
    # "He Wei-dong"), before Han Weiguo (a word starts with it), before Ci Guowei (inside a word).
    assert names.index("Wei Fenghe") == 0
    assert names.index("He Weidong") < names.index("Han Weiguo") < names.index("Ci Guowei")
    assert search_officials(session, "li")[0].official.name.startswith("Li ")

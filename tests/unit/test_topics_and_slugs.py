"""Topics resolve by name regardless of case and punctuation; slugs stay unique per table."""

from sqlmodel import select

from app.models import Official, Topic
from app.services.officials import create_official
from app.services.slugs import unique_slug
from app.services.topics import get_or_create_topic


def test_a_topic_is_found_again_whatever_its_case_and_punctuation(session):
    first = get_or_create_topic(session, "Arms control")
    assert get_or_create_topic(session, "arms control.") == first
    assert get_or_create_topic(session, "ARMS-CONTROL") == first
    assert first.slug == "arms-control"


def test_names_without_latin_letters_are_different_topics_with_their_own_slugs(session):
    taiwan = get_or_create_topic(session, "台湾")
    arms = get_or_create_topic(session, "军控")
    assert taiwan.id != arms.id
    assert {taiwan.slug, arms.slug} == {"item", "item-2"}
    assert get_or_create_topic(session, "军控") == arms
    assert len(session.exec(select(Topic)).all()) == 2


def test_a_name_without_latin_letters_never_resolves_to_the_topic_owning_its_fallback_slug(session):
    item = get_or_create_topic(session, "Item")
    taiwan = get_or_create_topic(session, "台湾")
    assert taiwan.id != item.id
    assert (item.slug, taiwan.slug) == ("item", "item-2")


def test_unique_slug_numbers_official_slugs_and_respects_the_column_length(session):
    create_official(session, name="Wei Fenghe", country="CN")
    session.flush()
    assert unique_slug(session, Official.slug, "Wei Fenghe") == "wei-fenghe-2"
    long_name = "x" * 500
    slug = unique_slug(session, Official.slug, long_name)
    assert len(slug) <= Official.__table__.c.slug.type.length

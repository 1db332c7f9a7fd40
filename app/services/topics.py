"""Topics: a small taxonomy, grown by editors."""

from collections.abc import Sequence

from sqlalchemy import bindparam
from sqlmodel import Session, col, func, select

from app.models import Topic
from app.services.slugs import unique_slug
from app.text import name_key, slugify

SLUG_LENGTH = Topic.__table__.c.slug.type.length


def get_or_create_topic(session: Session, name: str) -> Topic:
    """The topic called `name`, ignoring case, accents and punctuation, or a new one."""
    key = name_key(name)
    topic = session.exec(select(Topic).where(func.lower(Topic.name) == name.lower())).first()
    if topic is None and key:
        # 'Arms control.' is 'Arms control'; names without Latin letters only match exactly.
        topic = session.exec(select(Topic).where(Topic.slug == slugify(name, SLUG_LENGTH))).first()
        if topic is not None and name_key(topic.name) != key:
            topic = None
    if topic is None:
        topic = Topic(name=name, slug=unique_slug(session, Topic.slug, name))
        session.add(topic)
        session.flush()
    return topic


_IDS_OF_SLUGS = select(Topic.slug, Topic.id).where(
    col(Topic.slug).in_(bindparam("slugs", expanding=True)))


def topic_ids(session: Session, names: Sequence[str]) -> list[int]:
    """The id of each topic named (as get_or_create_topic, creating the new ones), without
    repeats, in order; one lookup when every topic exists."""
    slugs = list({slugify(name, SLUG_LENGTH) for name in names})
    by_slug = dict(session.execute(_IDS_OF_SLUGS, {"slugs": slugs}).all()) if slugs else {}
    out: list[int] = []
    for name in names:
        topic_id = by_slug.get(slugify(name, SLUG_LENGTH))
        if topic_id is None:
            topic_id = get_or_create_topic(session, name).id
        if topic_id not in out:
            out.append(topic_id)
    return out


def list_topics(session: Session) -> list[Topic]:
    return list(session.exec(select(Topic).order_by(Topic.name)).all())


def get_topic_by_slug(session: Session, slug: str) -> Topic | None:
    return session.exec(select(Topic).where(Topic.slug == slug)).first()

"""Topics: a small taxonomy, grown by editors."""

from sqlmodel import Session, func, select

from app.models import Topic
from app.text import slugify


SLUG_LENGTH = Topic.__table__.c.slug.type.length


def get_or_create_topic(session: Session, name: str) -> Topic:
    slug = slugify(name, SLUG_LENGTH)
    topic = session.exec(select(Topic).where(Topic.slug == slug)).first()
    if topic is None:
        topic = session.exec(select(Topic).where(func.lower(Topic.name) == name.lower())).first()
    if topic is None:
        topic = Topic(name=name, slug=slug)
        session.add(topic)
        session.flush()
    return topic


def list_topics(session: Session) -> list[Topic]:
    return list(session.exec(select(Topic).order_by(Topic.name)).all())


def get_topic_by_slug(session: Session, slug: str) -> Topic | None:
    return session.exec(select(Topic).where(Topic.slug == slug)).first()

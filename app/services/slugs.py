"""URL slugs that stay unique in their table."""

from sqlmodel import Session, select

from app.text import slugify


def unique_slug(session: Session, column, name: str) -> str:
    """A slug for `name` not yet in `column` (a slug column): 'wei-fenghe', then 'wei-fenghe-2'.

    Names that fold to no Latin letter or digit ('台湾') all share the base 'item', so the
    number is what keeps them apart."""
    length = column.type.length
    base = slugify(name, length)
    slug, n = base, 1
    while session.exec(select(column).where(column == slug)).first() is not None:
        n += 1
        suffix = f"-{n}"
        slug = base[:length - len(suffix)].rstrip("-") + suffix
    return slug

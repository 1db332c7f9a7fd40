"""Event cards drawn once per content: a timeline page shows 50, and drawing them was a
quarter of its CPU time. A card shows nothing but its event (no filter, no visitor), so it is
kept under the key that names the event's contents (app.services.kept_events)."""

from functools import cache

from markupsafe import Markup

from app.lru import LRU
from app.schemas import EventPublic
from app.services.kept_events import KEPT, contents_key

_cards: LRU[Markup] = LRU(KEPT)


@cache
def _card_macro():
    from app.web.templating import templates  # which registers card_html as a global

    return templates.get_template("timeline/_card.html").module.card


def card_html(event: EventPublic) -> Markup:
    """The card of templates/timeline/_card.html for `event`."""
    key = contents_key(event)
    html = _cards.get(key)
    if html is None:
        html = Markup(_card_macro()(event))
        _cards.put(key, html)
    return html

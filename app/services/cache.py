"""Figures kept until the record changes: the chart and /stats count thousands of events for a
broad filter, and the same views are asked again and again between two edits.

An entry is keyed by what it is for (the database, the kind, the filter) and holds the record's
stamp when it was computed (app.services.counts.stamp: a generation every write through the
services bumps, and the highest event id, which a bulk load moves); a changed stamp, or an age
past MAX_AGE, computes it again. Per process; a write in another process changes the stamp in the
database, so every process sees it on its next read.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlmodel import Session

from app.services.counts import stamp

SIZE = 256
MAX_AGE = 600.0  # seconds

T = TypeVar("T")


class Store:
    """Entries of one kind, the least recently used dropped past `size`."""

    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, tuple[tuple, float, object]] = OrderedDict()


_default = Store(SIZE)


def cached(session: Session, key: Hashable, compute: Callable[[], T], *,
           store: Store = _default) -> T:
    """`compute()`, or what it gave for `key` while the record stayed the same."""
    full_key = (str(session.get_bind().url), key)
    current = stamp(session)
    with store.lock:
        entry = store.entries.get(full_key)
        if entry is not None and entry[0] == current and time.monotonic() - entry[1] < MAX_AGE:
            store.entries.move_to_end(full_key)
            return entry[2]  # type: ignore[return-value]
    value = compute()
    with store.lock:
        store.entries[full_key] = (current, time.monotonic(), value)
        store.entries.move_to_end(full_key)
        while len(store.entries) > store.size:
            store.entries.popitem(last=False)
    return value


def clear() -> None:
    with _default.lock:
        _default.entries.clear()

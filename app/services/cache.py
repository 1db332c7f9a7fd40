"""Figures kept until the record changes: the chart and /stats count thousands of events for a
broad filter, and the same views are asked again and again between two edits.

An entry is keyed by what it is for (the database, the kind, the filter) and holds the record's
stamp when it was computed (app.services.counts.stamp: a generation every write through the
services bumps, and the highest event id, which a bulk load moves); a changed stamp, or an age
past MAX_AGE, computes it again. Per process; a write in another process changes the stamp in the
database, so every process sees it on its next read.
"""

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlmodel import Session

from app.lru import LRU
from app.services.counts import WROTE, stamp

SIZE = 256
MAX_AGE = 600.0  # seconds

T = TypeVar("T")

Store = LRU  # entries of one kind: key -> (stamp, monotonic time computed, value)

_default: Store = Store(SIZE)


def cached(session: Session, key: Hashable, compute: Callable[[], T], *,
           store: Store = _default, keep: Callable[[T], bool] = lambda value: True) -> T:
    """`compute()`, or what it gave for `key` while the record stayed the same. Not kept: a
    value computed in a transaction that wrote (it may be rolled back, and its generation come
    back with other contents), or one `keep` refuses."""
    full_key = (str(session.get_bind().url), key)
    current = stamp(session)
    entry = store.get(full_key)
    if entry is not None and entry[0] == current and time.monotonic() - entry[1] < MAX_AGE:
        return entry[2]  # type: ignore[return-value]
    value = compute()
    if not session.info.get(WROTE) and keep(value):
        store.put(full_key, (current, time.monotonic(), value))
    return value

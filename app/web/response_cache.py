"""Whole responses kept for anonymous readers until the database commits again.

A read-heavy deployment answers the same few pages (the first page of the timeline, a filter
someone shared, an event) to many visitors between two edits: rendering each costs 5 to 12 ms
of CPU (the service, Jinja), sending the bytes of the last answer a few microseconds. This pure
ASGI middleware (Starlette's BaseHTTPMiddleware costs more than a hit) keeps the bytes of 200
answers to GET (and so HEAD: HeadAsGetMiddleware, outside it, asks GET and drops the body).

- **Who**: only requests without the session cookie and without an Authorization header. An
  editor (or a visitor who opened a form, and so holds a cookie) is always rendered afresh, and
  is never handed what an anonymous reader got.
- **Key**: the URL (scheme, host, root path, path, query string) and the htmx headers a page
  reads (`rendering.HTMX_HEADERS`), so a fragment and the full page of one URL never mix.
- **Until**: the next commit to the database by anyone (app/commit_version.py, one cheap query
  per request), the next day (silences and gaps reach to today), or MAX_AGE, whichever is first.
- **What**: a 200 whose body came in one piece (not streamed), at most MAX_ENTRY_BYTES, that
  sets no cookie, says neither `no-store` nor `private`, and varies on no header outside the key.
  The entries together stay under CONTACTS_RESPONSE_CACHE_MB, least recently used dropped first.
- **ETag**: a hash of the body on every kept answer; a matching If-None-Match gets 304.
- **Once**: anonymous readers asking for a page that another request is rendering wait until
  it is known whether that answer is kept (its first body piece), not for its whole download.
- **Not** `/static` (StaticFiles answers with its own ETag, cheaply) and never on the event
  loop's time: the commit look runs in threads of its own (app/concurrency.py), so a
  database that stops answering stalls requests, not the server, and a look never queues
  behind the pages being drawn.

CONTACTS_RESPONSE_CACHE=false turns it off (the bench measures rendering that way too).
"""

import asyncio
import hashlib
import threading
import time
from collections import OrderedDict
from datetime import date
from typing import NamedTuple

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.commit_version import commit_epoch
from app.concurrency import lane
from app.db import app_engine
from app.services.cache import MAX_AGE
from app.web.rendering import HTMX_HEADERS
from app.web.session import COOKIE

MAX_ENTRY_BYTES = 1_000_000
ENTRY_OVERHEAD = 400  # bytes of bookkeeping counted per entry besides its body and headers

_KEYED = (b"host", *(name.lower().encode() for name in HTMX_HEADERS))
_KEYED_NAMES = frozenset(name.decode() for name in _KEYED)
_SESSION_COOKIE = COOKIE.encode() + b"="
_NOT_MODIFIED_DROPS = frozenset({b"content-length", b"content-type"})


class Entry(NamedTuple):
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    stored_at: float
    size: int


class ResponseStore:
    """Entries of one generation (commit epoch and day); a new generation empties it."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.size = 0
        self.generation: tuple | None = None

    def get(self, generation: tuple, key: tuple) -> Entry | None:
        with self.lock:
            if generation != self.generation:
                self._empty(generation)
                return None
            entry = self.entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry.stored_at > MAX_AGE:
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, generation: tuple, key: tuple, entry: Entry) -> None:
        with self.lock:
            if generation != self.generation or entry.size > self.max_bytes:
                return  # rendered before a commit that came meanwhile: not worth keeping
            if key in self.entries:
                self._drop(key)
            self.entries[key] = entry
            self.size += entry.size
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: tuple) -> None:
        self.size -= self.entries.pop(key).size

    def _empty(self, generation: tuple) -> None:
        self.entries.clear()
        self.size = 0
        self.generation = generation


def request_key(scope: Scope) -> tuple | None:
    """The key of an anonymous GET, or None for a request the cache leaves alone."""
    if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static/"):
        return None
    picked: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name == b"authorization" or (name == b"cookie" and _SESSION_COOKIE in value):
            return None
        if name in _KEYED:
            picked[name] = value
    return (scope.get("scheme"), scope.get("root_path", ""), scope["path"],
            scope.get("query_string", b""), *(picked.get(name) for name in _KEYED))


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def storable(message: Message) -> bool:
    """A 200 the cache may hand to other anonymous readers."""
    if message["status"] != 200:
        return False
    headers = message.get("headers", [])
    if _header(headers, b"set-cookie") is not None:
        return False
    control = (_header(headers, b"cache-control") or b"").lower()
    if b"no-store" in control or b"private" in control:
        return False
    vary = (_header(headers, b"vary") or b"").decode("latin-1").lower()
    return all(name.strip() in _KEYED_NAMES for name in vary.split(",") if name.strip())


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def matches(if_none_match: bytes | None, etag: bytes) -> bool:
    if if_none_match is None:
        return False
    tags = [t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")]
    return etag in tags or b"*" in tags


async def send_entry(send: Send, entry: Entry, if_none_match: bytes | None) -> None:
    if matches(if_none_match, entry.etag):
        headers = [(k, v) for k, v in entry.headers if k.lower() not in _NOT_MODIFIED_DROPS]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
    await send({"type": "http.response.body", "body": entry.body})


class ResponseCacheMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int):
        self.app = app
        self.store = ResponseStore(max_bytes)
        # (generation, key) -> set once the request rendering it knows whether its answer is
        # kept: readers who ask for the same page meanwhile wait for it rather than render it
        # too (after a write, the first page is asked by many at once).
        self.rendering: dict[tuple, asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = request_key(scope)
        # The app's database (tests give each app its own, by override); its look may wait on
        # the database, so not on the event loop.
        epoch = (await anyio.to_thread.run_sync(commit_epoch, app_engine(scope["app"]),
                                                limiter=lane("look"))
                 if key is not None else None)
        if epoch is None:
            await self.app(scope, receive, send)
            return
        generation = (epoch, date.today())
        if_none_match = _header(scope["headers"], b"if-none-match")
        entry = self.store.get(generation, key)
        if entry is None and (pending := self.rendering.get((generation, key))) is not None:
            await pending.wait()
            entry = self.store.get(generation, key)  # None: not kept after all, render it here
        if entry is not None:
            await send_entry(send, entry, if_none_match)
            return
        done = self.rendering.setdefault((generation, key), asyncio.Event())
        try:
            await self._render(scope, receive, send, generation, key, if_none_match, done)
        finally:
            done.set()
            if self.rendering.get((generation, key)) is done:
                del self.rendering[(generation, key)]

    async def _render(self, scope: Scope, receive: Receive, send: Send, generation: tuple,
                      key: tuple, if_none_match: bytes | None, decided: asyncio.Event) -> None:
        """The app's answer, kept on the way out when it may be; `decided` is set as soon as
        that is known, before the body is sent."""
        held: Message | None = None

        async def keep(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                held = message  # sent with the first piece of the body, once it is known
                return
            if held is not None:
                start, held = held, None
                body = message.get("body", b"")
                if (message["type"] == "http.response.body" and not message.get("more_body")
                        and len(body) <= MAX_ENTRY_BYTES and storable(start)):
                    headers = [*start.get("headers", []), (b"etag", etag_of(body))]
                    size = len(body) + sum(len(k) + len(v) for k, v in headers) + ENTRY_OVERHEAD
                    entry = Entry(headers, body, headers[-1][1], time.monotonic(), size)
                    self.store.put(generation, key, entry)
                    decided.set()
                    await send_entry(send, entry, if_none_match)
                    return
                decided.set()  # not kept: the waiting readers render it themselves
                await send(start)
            await send(message)

        await self.app(scope, receive, keep)

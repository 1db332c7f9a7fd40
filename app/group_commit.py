"""Group commit: the writes of concurrent requests share one transaction and one fsync.

SQLite runs with synchronous=FULL (an acknowledged write survives a power loss) and lets one
writer in at a time, so a transaction per request pays a full fsync each (about 5 ms here) while
every other writer waits for the lock: creations stop near 100 to 200 a second. Here one writer
thread per engine takes every write queued since its last commit, runs them in one
transaction, commits them together, and only then answers each request. An answer therefore always
follows the fsync that made its write durable: nothing acknowledged can be lost, whatever crashes.

A write that raises is undone alone and its request gets the exception; the batch's others
commit (the batch runs again with a SAVEPOINT per write). If the commit itself fails, every
request of the batch gets that error: none was acknowledged, none is kept. Writes must not
commit or roll back themselves, and may run twice (the first run rolled back).

Routes that write through here are marked with `batched_write` (app.db), so their own request
session stays a reader: it must not hold the write lock the writer thread needs.
"""

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import batched_write, begin_write

__all__ = ["GroupCommitter", "batched_write", "committer_for", "run_batched"]

T = TypeVar("T")
MAX_BATCH = 128  # writes per transaction: bounds how long one batch holds the lock
IDLE_SECONDS = 5.0  # the writer thread ends after this long without work (restarted on demand)


class GroupCommitter:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._queue: deque[tuple[Callable[[Session], object], Future]] = deque()
        self._ready = threading.Condition()
        self._running = False
        self.batches = 0  # commits made, for tests and the benchmark's curiosity

    def run(self, write: Callable[[Session], T]) -> T:
        """Run `write(session)` in the next batch; return its result once the batch committed
        (or raise its exception, or the commit's)."""
        return self.submit(write).result()

    def submit(self, write: Callable[[Session], T]) -> "Future[T]":
        """Queue `write` for the next batch: the future resolves once the batch committed."""
        future: Future = Future()
        with self._ready:
            self._queue.append((write, future))
            if not self._running:
                self._running = True
                threading.Thread(target=self._loop, name="group-commit", daemon=True).start()
            self._ready.notify()
        return future

    def _loop(self) -> None:
        while True:
            with self._ready:
                if not self._queue:
                    self._ready.wait(IDLE_SECONDS)
                    if not self._queue:
                        self._running = False
                        return
                batch = [self._queue.popleft() for _ in range(min(len(self._queue), MAX_BATCH))]
            self._commit(batch)

    def _commit(self, batch: list[tuple[Callable[[Session], object], Future]]) -> None:
        """One transaction for the batch. Writes rarely fail (their input was validated), so
        the batch runs without savepoints first; if one raises, the transaction is rolled back
        and the batch runs again with a savepoint per write, so that write fails alone."""
        try:
            results = self._transaction(batch, isolated=False)
        except _WriteFailed:
            try:
                results = self._transaction(batch, isolated=True)
            except BaseException as exc:
                return self._fail(batch, exc)
        except BaseException as exc:
            return self._fail(batch, exc)
        for (_, future), (ok, value) in zip(batch, results):
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def _transaction(self, batch, *, isolated: bool) -> list[tuple[bool, object]]:
        """Run the batch's writes and commit: (True, result) or (False, exception) per write.
        Without `isolated`, the first write that raises stops it all (_WriteFailed)."""
        results: list[tuple[bool, object]] = []
        with Session(self.engine) as session:
            begin_write(session)
            for write, _ in batch:
                if not isolated:
                    try:
                        results.append((True, write(session)))
                    except Exception as exc:
                        raise _WriteFailed from exc
                    continue
                try:
                    with session.begin_nested():
                        results.append((True, write(session)))
                except Exception as exc:  # this write alone is undone
                    results.append((False, exc))
            session.commit()  # a failure here reaches every write: none was acknowledged
        self.batches += 1
        return results

    @staticmethod
    def _fail(batch, exc: BaseException) -> None:
        for _, future in batch:
            if not future.done():
                future.set_exception(exc)
        if not isinstance(exc, Exception):
            raise exc


class _WriteFailed(Exception):
    """A write of an unisolated batch raised: run the batch again, a savepoint per write."""


_committers: "WeakKeyDictionary[Engine, GroupCommitter]" = WeakKeyDictionary()
_committers_lock = threading.Lock()


def committer_for(engine: Engine) -> GroupCommitter:
    with _committers_lock:
        committer = _committers.get(engine)
        if committer is None:
            committer = _committers[engine] = GroupCommitter(engine)
        return committer


async def run_batched(session: Session, write: Callable[[Session], T]) -> T:
    """Run `write` in a group commit on the engine of the request's `session` (which must not
    be in a write transaction: see `batched_write`); the event loop serves others meanwhile."""
    return await asyncio.wrap_future(committer_for(session.get_bind()).submit(write))

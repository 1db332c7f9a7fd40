"""How many requests one process works on at once, and a lane of its own for quick looks.

FastAPI runs the pages' (synchronous) code in anyio's thread pool, 40 threads by default. The
work is nearly all Python, so only one thread runs at a time whatever their number, and more
threads only fight over the interpreter lock: each SQLite step gives it up and waits to get it
back behind the others. At a million events under 16 clients, 8 threads rendered the timeline
with 7.0 ms of CPU per page against 8.6 ms with 40, and the mixed benchmark (a write among
every 20 requests) 21 ms per request against 30 (bench/RESULTS.md). Requests past the limit
wait on the event loop, costing nothing.

The response cache's look at the database (app/commit_version.py) must not queue behind pages
being drawn, or a page it could answer from memory would wait for them: it has its own few
threads.
"""

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar

LOOK_THREADS = 4
_look_limiter: RunVar[CapacityLimiter] = RunVar("look_limiter")


def limit_request_threads(threads: int) -> None:
    """Let at most `threads` requests run the app's code at once (call it on the event loop,
    at startup: the limit belongs to the loop)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads


def look_limiter() -> CapacityLimiter:
    """The threads of the response cache's looks, apart from the pages' (one set per loop)."""
    try:
        return _look_limiter.get()
    except LookupError:
        limiter = CapacityLimiter(LOOK_THREADS)
        _look_limiter.set(limiter)
        return limiter

"""How many requests one process works on at once, and lanes of their own for what waits.

FastAPI runs the pages' (synchronous) code in anyio's thread pool, 40 threads by default. The
work is nearly all Python, so only one thread runs at a time whatever their number, and more
threads only fight over the interpreter lock: each SQLite step gives it up and waits to get it
back behind the others. At a million events under 16 clients, 8 threads rendered the timeline
with 7.0 ms of CPU per page against 8.6 ms with 40, and the mixed benchmark (a write among
every 20 requests) 21 ms per request against 30 (bench/RESULTS.md). Requests past the limit
wait on the event loop, costing nothing.

The response cache's look at the database (app/commit_version.py) must not queue behind pages
being drawn, or a page it could answer from memory would wait for them; nor may writers waiting
for SQLite's write lock (BEGIN IMMEDIATE, up to busy_timeout) hold the pages' threads: the
writer holding the lock needs one to go on, and would wait for the waiters' timeout while every
other request stalled. Each has a lane of threads of its own.
"""

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar

LANES = {"look": 4, "write": 16}  # threads of each lane
_lanes: dict[str, RunVar[CapacityLimiter]] = {name: RunVar(f"{name}_lane") for name in LANES}


def limit_request_threads(threads: int) -> None:
    """Let at most `threads` requests run the app's code at once (call it on the event loop,
    at startup: the limit belongs to the loop)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads


def lane(name: str) -> CapacityLimiter:
    """The threads of lane `name` ("look", "write"), apart from the pages' (one set per loop)."""
    try:
        return _lanes[name].get()
    except LookupError:
        limiter = CapacityLimiter(LANES[name])
        _lanes[name].set(limiter)
        return limiter

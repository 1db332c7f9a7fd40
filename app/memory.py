"""Keep the server's memory near what it uses, not what it once used (glibc only).

A text search for a common word makes SQLite allocate tens of megabytes for a moment (the ids
of 300,000 matches, FTS5's doclists), on whichever of the thread pool's threads runs it. glibc
gives each thread that contends for the allocator an arena of its own (up to 8 per core) and
keeps what is freed there for reuse; and after a large block is freed it raises the size from
which blocks are mapped on their own, so later large blocks come from those arenas too. Under
16 clients the server's resident memory reached 260 to 290 MB at a million events, most of it
free memory held in arenas. Two arenas and a fixed mapping threshold (large blocks are mapped,
and unmapped when freed) keep the peak near 160 to 180 MB, for no measurable CPU.
"""

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameters (malloc.h)
M_ARENA_MAX = -8
ARENAS = 2
MMAP_THRESHOLD = 128 * 1024


def limit_malloc_arenas() -> bool:
    """Set the allocator's limits; must run before the thread pool starts. False off glibc."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        mallopt = libc.mallopt if libc is not None else None
    except (OSError, AttributeError):
        return False
    if mallopt is None:
        return False
    return bool(mallopt(M_ARENA_MAX, ARENAS)) and bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))

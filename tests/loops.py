"""Running a coroutine from a test, whatever else runs."""

import asyncio
import concurrent.futures


def run_on_own_loop(coroutine):
    """asyncio.run in a thread of its own: in a serial run the browser tests' Playwright keeps an
    event loop running in the main thread, where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

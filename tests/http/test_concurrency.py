"""How many requests a process works on at once (app/concurrency.py), and the response cache's
look that must not queue behind them."""

import asyncio

import anyio.to_thread
import pytest

from app.config import get_settings
from tests.conftest import app_on
from tests.http.test_response_cache import _get, _middleware
from tests.loops import run_on_own_loop


@pytest.fixture
def settings_env(monkeypatch):
    """Set CONTACTS_* variables for an app made inside the block, the cached settings renewed."""
    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(f"CONTACTS_{name.upper()}", str(value))
        get_settings.cache_clear()

    yield set_env
    get_settings.cache_clear()


def _tokens_after_startup(application) -> float:
    async def started():
        async with application.router.lifespan_context(application):
            return anyio.to_thread.current_default_thread_limiter().total_tokens

    return run_on_own_loop(started())


def test_startup_limits_the_threads_to_the_setting(engine, settings_env):
    settings_env(threads=3)
    assert _tokens_after_startup(app_on(engine)) == 3


def test_the_default_is_a_few_threads_not_anyios_forty(engine, settings_env):
    settings_env()
    assert _tokens_after_startup(app_on(engine)) == get_settings().threads == 8


def test_the_commit_look_does_not_queue_behind_pages(monkeypatch):
    """Every page thread busy (a slow render, say): a reader the cache could answer is still
    looked up at once."""
    async def app_(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    middleware = _middleware(monkeypatch, app_)

    async def with_pages_busy():
        pages = anyio.to_thread.current_default_thread_limiter()
        pages.total_tokens = 1
        await pages.acquire_on_behalf_of("a page being drawn")
        try:
            return await asyncio.wait_for(_get(middleware), timeout=5)
        finally:
            pages.release_on_behalf_of("a page being drawn")

    assert run_on_own_loop(with_pages_busy())[-1]["body"] == b"ok"

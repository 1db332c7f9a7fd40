"""app.memory: the allocator limits apply on glibc (the server's platform) and are harmless."""

import platform

import pytest

from app.memory import limit_malloc_arenas


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_the_allocator_takes_the_limits():
    assert limit_malloc_arenas() is True

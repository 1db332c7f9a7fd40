"""The caches' store (app/lru.py): at most `size` entries, the least recently used dropped."""

from app.lru import LRU


def test_keeps_at_most_its_size_dropping_the_least_recently_used():
    kept = LRU(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" is now the most recently used
    kept.put("c", 3)
    assert kept.get("b") is None and kept.get("a") == 1 and kept.get("c") == 3
    assert len(kept) == 2


def test_a_new_value_replaces_the_old_and_clear_empties_it():
    kept = LRU(4)
    kept.put("a", 1)
    kept.put("a", 2)
    assert kept.get("a") == 2 and len(kept) == 1
    kept.clear()
    assert kept.get("a") is None and len(kept) == 0

"""Which acknowledged writes a crash lost (no Django, no network: the test imports it)."""

from __future__ import annotations

from collections.abc import Mapping


def lost_writes(acknowledged: Mapping[str, int], found: Mapping[str, int]) -> list[str]:
    """Keys whose last acknowledged write is not in the database.

    Each key (a created record, or one field that only one client writes) maps to the
    sequence number of its last write that got a 2xx answer. The database may hold that
    write or a later one that was in flight when the server died (committed, answer lost);
    an older value or no row means an acknowledged write was lost.
    """
    return sorted(key for key, seq in acknowledged.items() if found.get(key, -1) < seq)

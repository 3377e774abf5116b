"""meta.versionId and meta.lastUpdated of exported resources, from the records' own
`modified` times: the version changes whenever the record behind the resource changes
(tumorboard keeps no resource history, so older versions cannot be read: no vread)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def stamp(resource: dict[str, Any], *modified: dt.datetime | None) -> dict[str, Any]:
    """Set meta.versionId (milliseconds of the latest change) and meta.lastUpdated."""
    times = [m for m in modified if m is not None]
    if not times:
        return resource
    latest = max(times)
    meta = resource.setdefault("meta", {})
    meta["versionId"] = str(int(latest.timestamp() * 1000))
    meta["lastUpdated"] = latest.isoformat()
    return resource


def etag(resource: dict[str, Any]) -> str:
    version = resource.get("meta", {}).get("versionId")
    return f'W/"{version}"' if version else ""

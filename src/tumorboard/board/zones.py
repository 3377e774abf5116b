"""Times shown in the site's own time zone (08:00 in Shanghai is shown as 08:00)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings


def zone_of(site: Any) -> zoneinfo.ZoneInfo:
    name = getattr(site, "time_zone", "") or settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_time(moment: dt.datetime, site: Any) -> dt.datetime:
    return moment.astimezone(zone_of(site))


def local_date(moment: dt.datetime, site: Any) -> dt.date:
    return local_time(moment, site).date()

"""Time-zone helpers that know nothing about models."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache


@cache
def choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


def local_date(moment: dt.datetime, zone: str) -> dt.date:
    """The calendar date at `moment` for someone living in `zone`."""
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    return moment.astimezone(tz).date()

"""Building blocks for calendar events (iCalendar), shared by the practices that have times.

Only times and our own names for things go into an event; nothing anyone wrote ever does: a
calendar app syncs to other services and devices (docs/decisions/0012).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Event

from nearer.lib import schedule

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "nearer"


def link(url_name: str, *args: object) -> str:
    """An absolute link to a page in Nearer."""
    return settings.SITE_URL.rstrip("/") + reverse(url_name, args=args)


def first_on_or_after(
    start: dt.datetime, weekdays: Iterable[int], at: dt.time, tz: zoneinfo.ZoneInfo
) -> dt.datetime:
    """The first weekly occurrence at or after `start`, as a wall time on the clocks of `tz`.

    The wall time is kept even on a day it does not exist (clocks going forward): calendar apps
    then apply the same rule as Nearer's reminders and move it forward by the gap.
    """
    days = list(weekdays)
    moment = schedule.next_weekly(
        after=start - dt.timedelta(microseconds=1), weekdays=days, at=at, tz=tz
    )
    assert moment is not None
    return dt.datetime.combine(moment.astimezone(tz).date(), at.replace(tzinfo=None), tzinfo=tz)


def event(
    *,
    uid: str,
    summary: str,
    start: dt.datetime,
    minutes: int,
    url: str,
    stamp: dt.datetime,
    weekdays: Iterable[int] | None = None,
    sequence: int = 0,
) -> Event:
    """One event (weekly when `weekdays` is given), linking back to its page in Nearer."""
    found = Event()
    found.add("uid", f"{uid}@{host()}")
    found.add("dtstamp", stamp)
    found.add("dtstart", start)
    found.add("duration", dt.timedelta(minutes=minutes))
    found.add("summary", summary)
    found.add("description", _("Open in Nearer: %(url)s") % {"url": url})
    found.add("url", url)
    if sequence:
        found.add("sequence", sequence)
    if weekdays is not None:
        found.add("rrule", {"freq": "weekly", "byday": [BYDAY[d] for d in sorted(set(weekdays))]})
    return found

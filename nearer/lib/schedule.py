"""Wall-clock scheduling that knows nothing about models.

People choose times on their own clock ("Sundays at 19:00"), so everything here takes a local
date and time plus a time zone and returns aware datetimes in UTC. Daylight saving is handled
the same way everywhere:

* a wall time that does not exist (the hour skipped when clocks go forward) is moved forward
  by the size of the gap, e.g. 01:30 on the morning London skips to 02:30 BST;
* a wall time that happens twice (clocks go back) means the first of the two.

One-off choices (a catch-up, a note for later) are refused instead when they fall in a gap:
see `nonexistent`.

Days are kept within EARLIEST_DAY to LATEST_DAY. Python's dates end at the years 1 and 9999,
and a day near either end overflows once a time zone or a few days are added; a day outside
the range raises `OutOfRange` (a ValueError) instead.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

UTC = dt.UTC
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2200, 12, 31)


class OutOfRange(ValueError):
    """A day outside EARLIEST_DAY to LATEST_DAY: too far to schedule anything on."""


def _check(day: dt.date) -> None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise OutOfRange(f"a day outside {EARLIEST_DAY} to {LATEST_DAY}")


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The named zone, or UTC for a name this machine does not know."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def at_local(day: dt.date, at: dt.time, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """`day` at `at` on the clocks of `tz`, as an aware UTC datetime (gaps move forward)."""
    _check(day)
    return dt.datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=tz).astimezone(UTC)


def nonexistent(day: dt.date, at: dt.time, tz: zoneinfo.ZoneInfo) -> bool:
    """Whether clocks in `tz` skip this wall time on `day` (a daylight-saving gap)."""
    _check(day)
    wall = dt.datetime.combine(day, at.replace(tzinfo=None, fold=0))
    back = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return back != wall


def next_weekly(
    *, after: dt.datetime, weekdays: Iterable[int], at: dt.time, tz: zoneinfo.ZoneInfo
) -> dt.datetime | None:
    """The first moment strictly after `after` that falls on one of `weekdays` (0 = Monday)
    at wall time `at` in `tz`; None when there are no weekdays."""
    days = set(weekdays)
    if not days:
        return None
    # Start a day early: `after` may already be tomorrow in zones east of UTC.
    start = after.astimezone(tz).date() - dt.timedelta(days=1)
    for offset in range(9):
        day = start + dt.timedelta(days=offset)
        if day.weekday() in days:
            moment = at_local(day, at, tz)
            if moment > after:
                return moment
    raise AssertionError("a weekly occurrence always falls within nine days")  # pragma: no cover


def in_quiet_hours(
    moment: dt.datetime, tz: zoneinfo.ZoneInfo, start: dt.time, end: dt.time
) -> bool:
    """Whether `moment` falls in the quiet hours [start, end) on the clocks of `tz`.

    Quiet hours may cross midnight (22:00–08:00). Equal start and end mean none at all.
    """
    if start == end:
        return False
    local = moment.astimezone(tz).time().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end


def after_quiet_hours(
    moment: dt.datetime, tz: zoneinfo.ZoneInfo, start: dt.time, end: dt.time
) -> dt.datetime:
    """`moment` itself, or, when it falls in quiet hours, the moment those hours end."""
    if not in_quiet_hours(moment, tz, start, end):
        return moment
    local_day = moment.astimezone(tz).date()
    for offset in range(3):
        candidate = at_local(local_day + dt.timedelta(days=offset), end, tz)
        if candidate > moment:
            return candidate
    raise AssertionError("quiet hours always end within a day")  # pragma: no cover


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts the week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def first_gap(
    *, weekdays: Iterable[int], at: dt.time, tz: zoneinfo.ZoneInfo, start: dt.date, weeks: int = 53
) -> tuple[dt.date, dt.time] | None:
    """The first day from `start` (within `weeks`) on one of `weekdays` when clocks in `tz`
    skip the wall time `at`, and the wall time it moves forward to; None if it never does."""
    days = set(weekdays)
    for offset in range(weeks * 7):
        day = start + dt.timedelta(days=offset)
        if day.weekday() in days and nonexistent(day, at, tz):
            return day, at_local(day, at, tz).astimezone(tz).time()
    return None

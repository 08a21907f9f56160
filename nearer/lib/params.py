"""Numbers and dates from a request, read strictly and in one place.

Query strings and hidden form fields come back from our own links and forms, but anyone can
change them. Everything a view reads from one goes through these helpers before it reaches a
query or a date calculation:

* Digits are the ASCII digits 0-9 and nothing else, with a length cap. `str.isdigit()` also
  accepts "²", and `int()` also accepts "٣", "1_000" and surrounding spaces.
* Dates stay within the calendar Nearer works in (`schedule.EARLIEST_DAY` to
  `schedule.LATEST_DAY`), so adding a day or moving to a time zone never overflows.
* A missing or empty value is `None`, for the view to choose its default; a value that is
  there but cannot be read raises `BadParameter`, which Django answers with 400 Bad Request.

The exception's message says what kind of value was wrong, never the value itself (it is
logged with the path).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from .schedule import EARLIEST_DAY, LATEST_DAY

MAX_ID = 2**63 - 1  # the largest primary key (a 64-bit signed integer)
_NUMBER = re.compile(r"[0-9]{1,19}")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class BadParameter(BadRequest):
    """A number, date or cursor in a request that cannot be read: answered with 400."""


def integer(value: str | None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """The whole number in `value`, from `low` to `high`; None when it is missing or empty."""
    if value is None or value == "":
        return None
    if not _NUMBER.fullmatch(value):
        raise BadParameter(_("That link has a number in it that Nearer can’t read."))
    number = int(value)
    if not low <= number <= high:
        raise BadParameter(_("That link has a number in it that is out of range."))
    return number


def identifier(value: str | None) -> int | None:
    """The id of a row (1 or more); None when it is missing or empty."""
    return integer(value, low=1)


def day(value: str | None) -> dt.date | None:
    """A date written as YYYY-MM-DD, within Nearer's calendar; None when missing or empty."""
    if value is None or value == "":
        return None
    match = _DAY.fullmatch(value)
    found = _date(int(match[1]), int(match[2]), int(match[3])) if match else None
    if found is None:
        raise BadParameter(_("That link has a date in it that Nearer can’t show."))
    return found


def month(value: str | None) -> dt.date | None:
    """The first day of a month written as YYYY-MM, within Nearer's calendar; None when
    missing or empty."""
    if value is None or value == "":
        return None
    match = _MONTH.fullmatch(value)
    first = _date(int(match[1]), int(match[2]), 1) if match else None
    if first is None:
        raise BadParameter(_("That link has a month in it that Nearer can’t show."))
    return first


def _date(y: int, m: int, d: int) -> dt.date | None:
    """That date if it exists and lies within Nearer's calendar, else None."""
    try:
        found = dt.date(y, m, d)
    except ValueError:  # the 31st of a short month, month 13, year 0
        return None
    return found if EARLIEST_DAY <= found <= LATEST_DAY else None

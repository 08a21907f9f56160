"""Keyset ("show earlier") cursors: where the last page ended, as a sort key and an id.

* A date cursor, `2027-01-04_42`, for lists ordered by a date.
* A moment cursor, `1795651200000000_42`, for lists ordered by a moment: microseconds since
  1970-01-01 UTC.

Reading one goes through `params`: a missing or empty cursor is None (the first page), a
malformed one raises `params.BadParameter` (400).
"""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

from django.utils.translation import gettext as _

from . import params
from .schedule import LATEST_DAY

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
LATEST_MICROS = (dt.datetime.combine(LATEST_DAY, dt.time.max, dt.UTC) - EPOCH) // _MICROSECOND


def date_cursor(day: dt.date, pk: int) -> str:
    return f"{day.isoformat()}_{pk}"


def parse_date_cursor(value: str | None) -> tuple[dt.date, int] | None:
    """The (date, id) in a cursor; None for a missing one."""
    if not value:
        return None
    day, pk = _halves(value)
    return params.day(day) or _broken(), params.identifier(pk) or _broken()


def moment_cursor(moment: dt.datetime, pk: int) -> str:
    return f"{(moment - EPOCH) // _MICROSECOND}_{pk}"


def parse_moment_cursor(value: str | None) -> tuple[dt.datetime, int] | None:
    """The (moment, id) in a cursor; None for a missing one."""
    if not value:
        return None
    micros, pk = _halves(value)
    number = params.integer(micros, high=LATEST_MICROS)
    if number is None:
        _broken()
    return EPOCH + number * _MICROSECOND, params.identifier(pk) or _broken()


def _halves(value: str) -> tuple[str, str]:
    key, sep, pk = value.partition("_")
    if not sep:
        _broken()
    return key, pk


def _broken() -> NoReturn:
    raise params.BadParameter(_("That “show earlier” link is broken. Go back and try again."))

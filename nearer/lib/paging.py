"""Keyset ("show earlier") cursors: a date and an id, as `2027-01-04_42`."""

from __future__ import annotations

import datetime as dt


def date_cursor(day: dt.date, pk: int) -> str:
    return f"{day.isoformat()}_{pk}"


def parse_date_cursor(value: str | None) -> tuple[dt.date, int] | None:
    """The (date, id) in a cursor, or None for a missing or malformed one."""
    if not value:
        return None
    day, _sep, pk = value.partition("_")
    try:
        return dt.date.fromisoformat(day), int(pk)
    except ValueError:
        return None

"""Keyset ("show earlier") paging: newest first, a page at a time, never by offset.

`keyset_page(queryset, key, before, size)` is the one way a history list is paged: ordered by
`key` (a date or a moment) and then the id, both descending, it returns a `Page` of at most
`size` items and the cursor of the next page. A cursor says where the last page ended:

* a date cursor, `2027-01-04_42`, for lists ordered by a date;
* a moment cursor, `1795651200000000_42`, for lists ordered by a moment: microseconds since
  1970-01-01 UTC.

Reading one goes through `params`: a missing or empty cursor is None (the first page), a
malformed one raises `params.BadParameter` (400).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, NoReturn, TypeVar

from django.db import models
from django.db.models import Q
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


M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Page(Generic[M]):
    """One page of a list: its items, and the cursor of the next page (None on the last)."""

    items: list[M]
    next_cursor: str | None


def keyset_page(queryset: models.QuerySet[M], key: str, before: str | None, size: int) -> Page[M]:
    """The page of `queryset` after the cursor `before` (None or "": the first page), newest
    first by (`key`, id). `key` names a date or date-and-time field of the model; no item may
    have it empty. One query (plus the queryset's own prefetches): `size` + 1 rows are read to
    know whether there is a next page.
    """
    if size < 1:
        raise ValueError("A page holds at least one item.")
    field = queryset.model._meta.get_field(key)
    moments = isinstance(field, models.DateTimeField)  # a DateTimeField is a DateField too
    if not moments and not isinstance(field, models.DateField):
        raise TypeError(f"Keyset pages are ordered by a date or a moment, not {key!r}.")
    cursor = parse_moment_cursor(before) if moments else parse_date_cursor(before)
    if cursor is not None:
        value, pk = cursor
        queryset = queryset.filter(Q(**{f"{key}__lt": value}) | Q(**{key: value, "pk__lt": pk}))
    rows = list(queryset.order_by(f"-{key}", "-pk")[: size + 1])
    items = rows[:size]
    if len(rows) <= size:
        return Page(items, None)
    last = items[-1]
    at = getattr(last, key)
    if at is None:
        raise ValueError(f"A keyset page cannot continue after an item without {key!r}.")
    return Page(items, moment_cursor(at, last.pk) if moments else date_cursor(at, last.pk))

"""Planned catch-ups in a person's calendar feed (the last four weeks' and every later one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from icalendar import Event

from nearer.lib import ical, schedule

from .models import CatchUp

if TYPE_CHECKING:
    from nearer.accounts.models import User

CATCHUPS_BACK = dt.timedelta(weeks=4)  # past catch-ups kept in the feed


def catchup_event(catchup: CatchUp, stamp: dt.datetime) -> Event:
    return ical.event(
        uid=f"catchup-{catchup.pk}",
        summary=_("Catch-up · Nearer"),
        start=catchup.starts_at.astimezone(schedule.zone(catchup.time_zone)),
        minutes=catchup.minutes,
        url=ical.link("catchups:detail", catchup.pk),
        stamp=stamp,
        sequence=catchup.version,
    )


def events(user: User, now: dt.datetime) -> Iterator[Event]:
    catchups = (
        CatchUp.objects.for_user(user)
        .planned()
        .filter(starts_at__gte=now - CATCHUPS_BACK)
        .defer("body")
        .order_by("starts_at", "pk")
    )
    for catchup in catchups:
        yield catchup_event(catchup, now)

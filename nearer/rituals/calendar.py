"""Timed rituals in a person's calendar feed: one weekly event each, under our own name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from icalendar import Event

from nearer.lib import ical, schedule

from .content import ideas_by_key
from .models import Ritual

if TYPE_CHECKING:
    from nearer.accounts.models import User

RITUAL_MINUTES = 15  # rituals have no length of their own; a small block in the calendar


def ritual_event(ritual: Ritual, stamp: dt.datetime) -> Event | None:
    if ritual.time is None or not ritual.weekdays:
        return None
    # The idea's title is our own writing; the ritual's own title may be the couple's words.
    idea = ideas_by_key().get(ritual.idea_key) if ritual.idea_key else None
    summary = _("%(idea)s · Nearer") % {"idea": idea.title} if idea else _("Ritual · Nearer")
    tz = schedule.zone(ritual.time_zone)
    return ical.event(
        uid=f"ritual-{ritual.pk}",
        summary=summary,
        start=ical.first_on_or_after(ritual.created_at, ritual.weekdays, ritual.time, tz),
        minutes=RITUAL_MINUTES,
        url=ical.link("rituals:index"),
        stamp=stamp,
        weekdays=ritual.weekdays,
    )


def events(user: User, now: dt.datetime) -> Iterator[Event]:
    rituals = (
        Ritual.objects.for_user(user)
        .current()
        .filter(time__isnull=False)
        .defer("body")
        .order_by("created_at", "pk")
    )
    for ritual in rituals:
        if (found := ritual_event(ritual, now)) is not None:
            yield found

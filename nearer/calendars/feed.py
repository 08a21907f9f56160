"""The iCalendar feed: every practice's events for the person (`Practice.calendar`).

Only times and the practices' own names go in. Nothing anyone wrote (a ritual in their own
words, a catch-up topic) ever does: a calendar app syncs to other services and devices.
Everything comes from the person's current space, so after unlinking the shared things vanish.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from nearer.lib import practices

if TYPE_CHECKING:
    from nearer.accounts.models import User

PRODID = "-//Nearer//Nearer//EN"
TIMEZONES_AHEAD = dt.timedelta(days=10 * 366)  # how far ahead VTIMEZONE spells out changes


def calendar_for(user: User, now: dt.datetime | None = None) -> Calendar:
    """The person's calendar: a fixed number of queries, however much is in it."""
    now = (now or timezone.now()).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Nearer")
    calendar.add("x-wr-caldesc", _("Your weekly check-in, rituals and catch-ups from Nearer."))
    calendar.add("x-published-ttl", "PT1H")
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})

    starts = []
    for practice in practices.practices():
        if practice.calendar is None:
            continue
        for event in practice.calendar(user, now):
            calendar.add_component(event)
            starts.append(event.decoded("dtstart").date())
    if starts:
        calendar.add_missing_timezones(
            first_date=min(starts) - dt.timedelta(days=1),
            last_date=max(max(starts), now.date()) + TIMEZONES_AHEAD,
        )
    return calendar

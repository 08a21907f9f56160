"""The iCalendar feed: a person's weekly check-in, timed rituals and catch-ups as events.

Only times and the practices' own names go in. Nothing anyone wrote (a ritual in their own
words, a catch-up topic) ever does: a calendar app syncs to other services and devices.
Everything comes from the person's current space, so after unlinking the shared things vanish.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from nearer.catchups.models import CatchUp
from nearer.checkins.models import CHECKIN_MINUTES, CheckinPlan
from nearer.lib import schedule
from nearer.rituals.content import ideas_by_key
from nearer.rituals.models import Ritual

if TYPE_CHECKING:
    from nearer.accounts.models import User

PRODID = "-//Nearer//Nearer//EN"
RITUAL_MINUTES = 15  # rituals have no length of their own; a small block in the calendar
CATCHUPS_BACK = dt.timedelta(weeks=4)  # past catch-ups kept in the feed
TIMEZONES_AHEAD = dt.timedelta(days=10 * 366)  # how far ahead VTIMEZONE spells out changes
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "nearer"


def _link(url_name: str, *args: object) -> str:
    """An absolute link to a page in Nearer."""
    return settings.SITE_URL.rstrip("/") + reverse(url_name, args=args)


def _first_on_or_after(
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


def _event(
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
    event = Event()
    event.add("uid", f"{uid}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=minutes))
    event.add("summary", summary)
    event.add("description", _("Open in Nearer: %(url)s") % {"url": url})
    event.add("url", url)
    if sequence:
        event.add("sequence", sequence)
    if weekdays is not None:
        event.add("rrule", {"freq": "weekly", "byday": [BYDAY[d] for d in sorted(set(weekdays))]})
    return event


def checkin_event(plan: CheckinPlan, stamp: dt.datetime) -> Event | None:
    if not plan.is_agreed or plan.weekday is None or plan.time is None:
        return None
    tz = schedule.zone(plan.time_zone)
    return _event(
        uid=f"checkin-{plan.pk}",
        summary=_("Weekly check-in · Nearer"),
        start=_first_on_or_after(plan.agreed_at or stamp, [plan.weekday], plan.time, tz),
        minutes=CHECKIN_MINUTES,
        url=_link("checkins:index"),
        stamp=stamp,
        weekdays=[plan.weekday],
    )


def ritual_event(ritual: Ritual, stamp: dt.datetime) -> Event | None:
    if ritual.time is None or not ritual.weekdays:
        return None
    # The idea's title is our own writing; the ritual's own title may be the couple's words.
    idea = ideas_by_key().get(ritual.idea_key) if ritual.idea_key else None
    summary = _("%(idea)s · Nearer") % {"idea": idea.title} if idea else _("Ritual · Nearer")
    tz = schedule.zone(ritual.time_zone)
    return _event(
        uid=f"ritual-{ritual.pk}",
        summary=summary,
        start=_first_on_or_after(ritual.created_at, ritual.weekdays, ritual.time, tz),
        minutes=RITUAL_MINUTES,
        url=_link("rituals:index"),
        stamp=stamp,
        weekdays=ritual.weekdays,
    )


def catchup_event(catchup: CatchUp, stamp: dt.datetime) -> Event:
    return _event(
        uid=f"catchup-{catchup.pk}",
        summary=_("Catch-up · Nearer"),
        start=catchup.starts_at.astimezone(schedule.zone(catchup.time_zone)),
        minutes=catchup.minutes,
        url=_link("catchups:detail", catchup.pk),
        stamp=stamp,
        sequence=catchup.version,
    )


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

    events: list[Event | None] = []
    plan = CheckinPlan.objects.for_user(user).first()
    if plan is not None:
        events.append(checkin_event(plan, now))
    rituals = (
        Ritual.objects.for_user(user)
        .current()
        .filter(time__isnull=False)
        .defer("body")
        .order_by("created_at", "pk")
    )
    events.extend(ritual_event(ritual, now) for ritual in rituals)
    catchups = (
        CatchUp.objects.for_user(user)
        .planned()
        .filter(starts_at__gte=now - CATCHUPS_BACK)
        .defer("body")
        .order_by("starts_at", "pk")
    )
    events.extend(catchup_event(catchup, now) for catchup in catchups)

    starts = []
    for event in events:
        if event is not None:
            calendar.add_component(event)
            starts.append(event.decoded("dtstart").date())
    if starts:
        calendar.add_missing_timezones(
            first_date=min(starts) - dt.timedelta(days=1),
            last_date=max(max(starts), now.date()) + TIMEZONES_AHEAD,
        )
    return calendar

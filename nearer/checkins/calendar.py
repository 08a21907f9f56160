"""The weekly check-in in a person's calendar feed: one weekly event once a time is agreed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from icalendar import Event

from nearer.lib import ical, schedule

from .models import CHECKIN_MINUTES, CheckinPlan

if TYPE_CHECKING:
    from nearer.accounts.models import User


def checkin_event(plan: CheckinPlan, stamp: dt.datetime) -> Event | None:
    if not plan.is_agreed or plan.weekday is None or plan.time is None:
        return None
    tz = schedule.zone(plan.time_zone)
    return ical.event(
        uid=f"checkin-{plan.pk}",
        summary=_("Weekly check-in · Nearer"),
        start=ical.first_on_or_after(plan.agreed_at or stamp, [plan.weekday], plan.time, tz),
        minutes=CHECKIN_MINUTES,
        url=ical.link("checkins:index"),
        stamp=stamp,
        weekdays=[plan.weekday],
    )


def events(user: User, now: dt.datetime) -> Iterator[Event]:
    plan = CheckinPlan.objects.for_user(user).first()
    if plan is not None and (found := checkin_event(plan, now)) is not None:
        yield found

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nearer.couples.space import space_of
from nearer.lib import schedule
from nearer.lib.timezones import local_date
from nearer.notifications.operations import sync_couple_reminders

from .content import ideas_by_key
from .models import Ritual, RitualDone

if TYPE_CHECKING:
    from nearer.accounts.models import User
    from nearer.couples.models import Couple


class RitualError(Exception):
    pass


def add_ritual(
    *, user: User, title: str, idea_key: str, days: list[int], time: dt.time | None
) -> Ritual:
    if not days:
        raise RitualError(_("Choose at least one day."))
    if idea_key and idea_key not in ideas_by_key():
        raise RitualError(_("That idea isn’t on the list any more. Choose another."))
    title = title.strip() or (ideas_by_key()[idea_key].title if idea_key else "")
    if not title:
        raise RitualError(_("Pick an idea from the list or write your own."))
    ritual = Ritual(
        author=user,
        couple=space_of(user),
        idea_key=idea_key,
        days="".join(str(d) for d in sorted(set(days))),
        time=time,
        time_zone=user.time_zone,
    )
    ritual.text = title
    ritual.save()
    sync_couple_reminders(ritual.couple)
    return ritual


def mark_done(*, user: User, ritual: Ritual, date: dt.date | None = None) -> RitualDone:
    """'We did it' for today (the person's local date). Tapping twice keeps one mark."""
    date = date or local_date(timezone.now(), user.time_zone)
    try:
        with transaction.atomic():
            return RitualDone.objects.create(ritual=ritual, date=date, marked_by=user)
    except IntegrityError:
        return RitualDone.objects.get(ritual=ritual, date=date)


def archive(*, ritual: Ritual) -> None:
    Ritual.objects.filter(pk=ritual.pk, archived_at__isnull=True).update(archived_at=timezone.now())
    sync_couple_reminders(ritual.couple)


def timed_ritual_ids(couple: Couple) -> list[int]:
    """Rituals with a time can be reminded of (and appear in calendar feeds)."""
    return list(
        Ritual.objects.current()
        .filter(couple=couple, time__isnull=False)
        .values_list("pk", flat=True)
    )


def next_ritual_at(ritual_id: int, after: dt.datetime) -> dt.datetime | None:
    ritual = (
        Ritual.objects.current()
        .filter(pk=ritual_id, couple__ended_at__isnull=True, time__isnull=False)
        .first()
    )
    if ritual is None or ritual.time is None:
        return None
    return schedule.next_weekly(
        after=after, weekdays=ritual.weekdays, at=ritual.time, tz=schedule.zone(ritual.time_zone)
    )


def _active_on(ritual: Ritual, day: dt.date) -> bool:
    start = ritual.created_at.date()
    end = ritual.archived_at.date() if ritual.archived_at else None
    return start <= day and (end is None or day < end)


def month_grid(
    *, rituals: list[Ritual], year: int, month: int
) -> list[list[dict[str, object] | None]]:
    """Weeks (Monday first) of days; each day lists the rituals planned and whether done."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    done = set(
        RitualDone.objects.filter(ritual__in=rituals, date__range=(first, last)).values_list(
            "ritual_id", "date"
        )
    )
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row: list[dict[str, object] | None] = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            planned = [r for r in rituals if day.weekday() in r.weekdays and _active_on(r, day)]
            row.append(
                {
                    "date": day,
                    "items": [{"ritual": r, "done": (r.pk, day) in done} for r in planned],
                    "extra": [
                        r
                        for r in rituals
                        if (r.pk, day) in done and day.weekday() not in r.weekdays
                    ],
                }
            )
        weeks.append(row)
    return weeks

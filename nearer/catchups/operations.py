"""Planning, moving, cancelling and marking catch-ups. Either partner may do each."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nearer.couples.space import partner_of, space_of
from nearer.lib import schedule
from nearer.notifications.operations import notify, sync_couple_reminders

from .models import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES, CatchUp

if TYPE_CHECKING:
    from nearer.accounts.models import User
    from nearer.couples.models import Couple

TOPIC_MAX_LENGTH = 500
FURTHEST_AHEAD = dt.timedelta(days=2 * 365)
FAR_MESSAGE = gettext_lazy("Choose a date within the next two years.")


class CatchUpError(Exception):
    """A catch-up action that cannot go ahead. The message is for the person; `field` names the
    argument it is about (`day`, `at`, `minutes` or `topic`; None for the whole action)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NeedsPartner(CatchUpError):
    """Planning is for two: someone on their own is asked to invite their partner first."""


def _starts_at(*, user: User, day: dt.date, at: dt.time, minutes: int) -> dt.datetime:
    """`day` at `at` on the person's own clock, checked: a real moment, ahead, a fair length."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise CatchUpError(_("Choose a length between 30 and 240 minutes."), "minutes")
    at = at.replace(second=0, microsecond=0, tzinfo=None)
    zone = user.zone
    try:
        skipped = schedule.nonexistent(day, at, zone)
    except schedule.OutOfRange:
        raise CatchUpError(str(FAR_MESSAGE), "day") from None
    if skipped:
        later = schedule.at_local(day, at, zone).astimezone(zone)
        raise CatchUpError(
            _(
                "Clocks go forward that night, so %(time)s doesn’t happen on %(date)s. "
                "Choose a later time, such as %(later)s."
            )
            % {
                "time": time_format(at, "H:i"),
                "date": date_format(day, "j F"),
                "later": time_format(later, "H:i"),
            },
            "at",
        )
    starts_at = schedule.at_local(day, at, zone)
    now = timezone.now()
    if starts_at <= now:
        raise CatchUpError(
            _("That time has already passed. Choose a date and time later than now."), "at"
        )
    if starts_at > now + FURTHEST_AHEAD:
        raise CatchUpError(str(FAR_MESSAGE), "day")
    return starts_at


def _url(catchup: CatchUp) -> str:
    return reverse("catchups:detail", args=[catchup.pk])


def _tell_partner(*, user: User, catchup: CatchUp, kind: str, key: str) -> None:
    partner = partner_of(user, catchup.couple)
    if partner is not None:
        notify(
            user=partner,
            kind=kind,
            key=key,
            url=_url(catchup),
            actor=user,
            about_at=catchup.starts_at,
        )


def _in_space_of(user: User, catchup: CatchUp) -> None:
    if catchup.couple_id != space_of(user).pk:
        raise CatchUpError(_("This catch-up isn’t in your space any more."))


def plan_catchup(
    *,
    user: User,
    day: dt.date,
    at: dt.time,
    minutes: int = DEFAULT_MINUTES,
    topic: str = "",
    nonce: str = "",
) -> CatchUp:
    """Put a catch-up on the calendar for both partners and let the other one know."""
    if nonce and (done := CatchUp.objects.filter(author=user, nonce=nonce).first()):
        return done
    couple = space_of(user)
    if partner_of(user, couple) is None:
        raise NeedsPartner(
            _("Catch-ups are planned for the two of you, so this opens once you’re linked.")
        )
    topic = topic.strip()
    if len(topic) > TOPIC_MAX_LENGTH:
        raise CatchUpError(
            _("Keep it to %(limit)d characters. Your words are still here.")
            % {"limit": TOPIC_MAX_LENGTH},
            "topic",
        )
    starts_at = _starts_at(user=user, day=day, at=at, minutes=minutes)
    with transaction.atomic():
        try:
            with transaction.atomic():
                catchup = CatchUp(
                    author=user,
                    couple=couple,
                    starts_at=starts_at,
                    time_zone=user.time_zone,
                    minutes=minutes,
                    nonce=nonce,
                )
                catchup.text = topic
                catchup.save()
        except IntegrityError:  # the same form, submitted twice at once
            return CatchUp.objects.get(author=user, nonce=nonce)
        _tell_partner(
            user=user, catchup=catchup, kind="catchup_planned", key=f"catchup_planned:{catchup.pk}"
        )
        sync_couple_reminders(couple)
    return catchup


def reschedule(*, user: User, catchup: CatchUp, day: dt.date, at: dt.time, minutes: int) -> CatchUp:
    """Move a catch-up to another date, time or length. Changing nothing does nothing."""
    _in_space_of(user, catchup)
    starts_at = _starts_at(user=user, day=day, at=at, minutes=minutes)
    with transaction.atomic():
        catchup = CatchUp.objects.select_for_update().select_related("couple").get(pk=catchup.pk)
        if catchup.is_cancelled:
            raise CatchUpError(_("This catch-up was cancelled. You can plan a new one."))
        if catchup.is_had:
            raise CatchUpError(_("This catch-up is already marked as had."))
        if (catchup.starts_at, catchup.minutes) == (starts_at, minutes):
            return catchup
        catchup.starts_at = starts_at
        catchup.minutes = minutes
        catchup.time_zone = user.time_zone
        catchup.version += 1
        catchup.save(update_fields=["starts_at", "minutes", "time_zone", "version"])
        _tell_partner(
            user=user,
            catchup=catchup,
            kind="catchup_changed",
            key=f"catchup_changed:{catchup.pk}:{catchup.version}:{starts_at.isoformat()}",
        )
        sync_couple_reminders(catchup.couple)
    return catchup


def cancel(*, user: User, catchup: CatchUp) -> CatchUp:
    """Call a catch-up off. Cancelling twice (a double tap) is the same as once."""
    _in_space_of(user, catchup)
    with transaction.atomic():
        catchup = CatchUp.objects.select_for_update().select_related("couple").get(pk=catchup.pk)
        if catchup.is_cancelled:
            return catchup
        if catchup.is_had:
            raise CatchUpError(_("This catch-up is already marked as had."))
        catchup.cancelled_at = timezone.now()
        catchup.save(update_fields=["cancelled_at"])
        _tell_partner(
            user=user,
            catchup=catchup,
            kind="catchup_cancelled",
            key=f"catchup_cancelled:{catchup.pk}",
        )
        sync_couple_reminders(catchup.couple)
    return catchup


def mark_had(*, user: User, catchup: CatchUp) -> CatchUp:
    """'We had it', once it has started. Marking twice keeps the first mark."""
    _in_space_of(user, catchup)
    with transaction.atomic():
        catchup = CatchUp.objects.select_for_update().get(pk=catchup.pk)
        if catchup.is_cancelled:
            raise CatchUpError(_("This catch-up was cancelled. You can plan a new one."))
        if catchup.is_had:
            return catchup
        if not catchup.has_started():
            raise CatchUpError(_("You can mark it once it has started."))
        catchup.done_at = timezone.now()
        catchup.save(update_fields=["done_at"])
    return catchup


# --- Reminders (registered in apps.py) -----------------------------------------------------


def upcoming_catchup_ids(couple: Couple) -> list[int]:
    """The couple's catch-ups still to come: the ones a person can be reminded of."""
    return list(
        CatchUp.objects.planned()
        .filter(couple=couple, done_at__isnull=True, starts_at__gt=timezone.now())
        .values_list("pk", flat=True)
    )


def next_catchup_at(catchup_id: int, after: dt.datetime) -> dt.datetime | None:
    """A catch-up happens once: its start if that is still ahead of `after` and it is on."""
    return (
        CatchUp.objects.planned()
        .filter(
            pk=catchup_id,
            done_at__isnull=True,
            couple__ended_at__isnull=True,
            starts_at__gt=after,
        )
        .values_list("starts_at", flat=True)
        .first()
    )

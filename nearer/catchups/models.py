"""Scheduled catch-ups (practice 5): longer, unhurried conversations on dates a couple picks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone

from nearer.accounts.sealing import SealedText, Writing
from nearer.couples.models import Couple, SpaceQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User

MIN_MINUTES = 30
MAX_MINUTES = 240
DEFAULT_MINUTES = 60
# A catch-up that has started stays "coming up" (with "we had it" to hand) this long.
STAYS_UPCOMING = dt.timedelta(days=1)


class CatchUpQuerySet(SpaceQuerySet["CatchUp"]):
    def for_user(self, user: User | AnonymousUser) -> CatchUpQuerySet:
        """Catch-ups of the person's current space: both partners see and change them."""
        return self.in_space_of(user)

    def planned(self) -> CatchUpQuerySet:
        return self.filter(cancelled_at__isnull=True)

    def upcoming(self, now: dt.datetime) -> CatchUpQuerySet:
        """Not cancelled, not yet marked as had, and not started more than a day ago."""
        return self.planned().filter(done_at__isnull=True, starts_at__gt=now - STAYS_UPCOMING)

    def earlier(self, now: dt.datetime) -> CatchUpQuerySet:
        """Not cancelled and behind us: marked as had, or started more than a day ago."""
        return self.planned().filter(
            Q(done_at__isnull=False) | Q(starts_at__lte=now - STAYS_UPCOMING)
        )


class CatchUp(Writing):
    """One planned catch-up. `author` planned it; the optional topic is sealed under their key
    and shown to both partners. `starts_at` is UTC; `time_zone` is the zone of whoever last
    chose the time, so the calendar can show it on the clock it was chosen on."""

    text = SealedText("body")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="catchups")
    starts_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    minutes = models.PositiveSmallIntegerField(default=DEFAULT_MINUTES)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # Goes up with every change of time or length: each change notifies the partner once.
    version = models.PositiveIntegerField(default=0)
    # From the plan form: a double-submitted form plans one catch-up, not two.
    nonce = models.CharField(max_length=36, blank=True)

    objects = CatchUpQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES),
                name="catchup_minutes_30_240",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | Q(done_at__isnull=True),
                name="catchup_not_cancelled_and_had",
            ),
            models.UniqueConstraint(
                fields=["author", "nonce"], condition=~Q(nonce=""), name="catchup_once_per_nonce"
            ),
        ]
        indexes = [models.Index(fields=["couple", "starts_at"])]

    def __str__(self) -> str:
        return f"Catch-up {self.pk}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_had(self) -> bool:
        return self.done_at is not None

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

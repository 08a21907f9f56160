"""Rituals of connection (practice 7): small recurring moments, scheduled, marked "we did it"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nearer.accounts.sealing import SealedText, Writing
from nearer.couples.models import Couple, SpaceQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User

WEEKDAYS = [
    (0, _("Mon")),
    (1, _("Tue")),
    (2, _("Wed")),
    (3, _("Thu")),
    (4, _("Fri")),
    (5, _("Sat")),
    (6, _("Sun")),
]


class RitualQuerySet(SpaceQuerySet["Ritual"]):
    def for_user(self, user: User | AnonymousUser) -> RitualQuerySet:
        """A ritual belongs to the couple: both partners see and keep it."""
        return self.in_space_of(user)

    def current(self) -> RitualQuerySet:
        return self.filter(archived_at__isnull=True)


class Ritual(Writing):
    """The title is sealed under its author's key: it may be the couple's own words."""

    text = SealedText("body")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="rituals")
    idea_key = models.CharField(max_length=20, blank=True)
    days = models.CharField(max_length=7, help_text="Weekday digits, 0 = Monday.")
    time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = RitualQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(days=""), name="ritual_has_days"),
        ]

    def __str__(self) -> str:
        return f"Ritual {self.pk}"

    @property
    def weekdays(self) -> list[int]:
        return [int(d) for d in self.days]

    @property
    def day_labels(self) -> str:
        names = dict(WEEKDAYS)
        if len(self.days) == 7:
            return str(_("Every day"))
        return ", ".join(str(names[d]) for d in self.weekdays)


class RitualDone(models.Model):
    """'We did it' for a ritual on a date. One mark a day, whoever of the two taps it."""

    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="done")
    date = models.DateField()
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ritual", "date"], name="ritual_done_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.ritual_id} {self.date}"

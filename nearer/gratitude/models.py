"""Gratitude exchange (practice 6): one appreciation a day, always with the "because"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from nearer.accounts.sealing import SealedJSON, Writing
from nearer.couples.models import Couple, in_space_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User


class AppreciationQuerySet(models.QuerySet["Appreciation"]):
    def visible_to(self, user: User | AnonymousUser) -> AppreciationQuerySet:
        """What the person sent, and what their partner sent them in their current space."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(author=user) | (Q(recipient=user) & in_space_of(user)))

    def received_by(self, user: User | AnonymousUser) -> AppreciationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.visible_to(user).filter(recipient=user)


class Appreciation(Writing):
    """Sealed as JSON {"what": ..., "because": ...} under the author's key."""

    words = SealedJSON("body")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="appreciations")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(help_text="The author's local date; one appreciation a day.")
    created_at = models.DateTimeField(default=timezone.now)
    landed_at = models.DateTimeField(null=True, blank=True)

    objects = AppreciationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "date"], name="one_appreciation_a_day")
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return f"Appreciation {self.pk}"

    def set_words(self, *, what: str, because: str) -> None:
        self.words = {"what": what, "because": because}

    @property
    def what(self) -> str:
        return str(self.words["what"])

    @property
    def because(self) -> str:
        return str(self.words["because"])

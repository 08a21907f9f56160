"""Wordless closeness (practice 16): a one-tap "thinking of you". No words, no read receipts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from nearer.couples.models import Couple, in_space_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User


class SignalQuerySet(models.QuerySet["Signal"]):
    def received_by(self, user: User | AnonymousUser) -> SignalQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(in_space_of(user), recipient=user)

    def sent_by(self, user: User | AnonymousUser) -> SignalQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(sender=user)


class Signal(models.Model):
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="signals")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(help_text="The sender's local date, for the daily limit.")
    sent_at = models.DateTimeField(default=timezone.now)

    objects = SignalQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["recipient", "-sent_at"])]

    def __str__(self) -> str:
        return f"Signal {self.pk}"

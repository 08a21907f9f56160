"""Private calendar feeds: one secret link per person, for their own calendar app.

Only a hash of the token is used to find a feed. The token itself is kept sealed under its
owner's key, so the calendar page can show the link again without the database ever holding
it readably; turning a feed off (`revoked_at`) stops the link at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from nearer.accounts.sealing import SealedModel, SealedText
from nearer.couples.models import hash_token

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def for_user(self, user: User | AnonymousUser) -> CalendarFeedQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def active(self) -> CalendarFeedQuerySet:
        return self.filter(revoked_at__isnull=True)

    def by_token(self, token: str) -> CalendarFeedQuerySet:
        return self.filter(token_hash=hash_token(token))


class FeedToken(SealedText):
    """The token, sealed under the feed owner's key; setting it also sets the hash it is
    found by."""

    def __set__(self, obj: models.Model, value: str) -> None:
        obj.token_hash = hash_token(value)  # type: ignore[attr-defined]
        super().__set__(obj, value)


class CalendarFeed(SealedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sealed_token = models.BinaryField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    token = FeedToken("sealed_token", owner="user")

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_calendar_feed_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

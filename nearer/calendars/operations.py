"""Making and turning off a person's calendar link."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import CalendarFeed

if TYPE_CHECKING:
    from nearer.accounts.models import User


def create_feed(*, user: User) -> CalendarFeed:
    """A new secret link for the person. Any earlier link stops working at once."""
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            CalendarFeed.objects.active().filter(user=user).update(revoked_at=timezone.now())
            feed = CalendarFeed(user=user)
            feed.token = token
            feed.save()
    except IntegrityError:  # a second request made one a moment ago: that one stands
        return CalendarFeed.objects.active().select_related("user").get(user=user)
    return feed


def revoke_feed(*, user: User) -> bool:
    """Turn the person's link off. True if there was one to turn off."""
    with transaction.atomic():
        return bool(
            CalendarFeed.objects.active().filter(user=user).update(revoked_at=timezone.now())
        )

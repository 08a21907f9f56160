from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nearer.couples.models import Membership
from nearer.couples.space import partner_of, space_of
from nearer.lib.timezones import local_date

from .models import Signal

if TYPE_CHECKING:
    from nearer.accounts.models import User

DAILY_LIMIT = 3


class SignalError(Exception):
    pass


def think_of(*, sender: User) -> Signal:
    """Send a quiet "thinking of you". A few a day keeps it special."""
    couple = space_of(sender)
    partner = partner_of(sender, couple)
    if partner is None:
        raise SignalError(_("This goes to your partner. Invite them first."))
    today = local_date(timezone.now(), sender.time_zone)
    with transaction.atomic():
        # Serialise a person's sends so the limit holds under double taps.
        Membership.objects.select_for_update().filter(user=sender, left_at__isnull=True).first()
        if Signal.objects.sent_by(sender).filter(date=today).count() >= DAILY_LIMIT:
            raise SignalError(
                _("You’ve sent a few today already. Tomorrow there are more to send.")
            )
        return Signal.objects.create(couple=couple, sender=sender, recipient=partner, date=today)


def recent_for(user: User, hours: int = 24) -> list[Signal]:
    since = timezone.now() - dt.timedelta(hours=hours)
    return list(
        Signal.objects.received_by(user)
        .filter(sent_at__gte=since)
        .select_related("sender")
        .order_by("-sent_at")[:DAILY_LIMIT]
    )


def sent_today(user: User) -> int:
    return (
        Signal.objects.sent_by(user).filter(date=local_date(timezone.now(), user.time_zone)).count()
    )

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nearer.couples.space import partner_of, space_of
from nearer.lib.timezones import local_date
from nearer.notifications.operations import notify

from .models import Appreciation

if TYPE_CHECKING:
    from nearer.accounts.models import User


class GratitudeError(Exception):
    """Something that cannot be done; the message is for the person."""


def todays_appreciation(user: User) -> Appreciation | None:
    today = local_date(timezone.now(), user.time_zone)
    return Appreciation.objects.filter(author=user, date=today).first()


def appreciate(*, author: User, what: str, because: str) -> Appreciation:
    """Send today's appreciation to the partner. A second one the same day is refused."""
    couple = space_of(author)
    partner = partner_of(author, couple)
    if partner is None:
        raise GratitudeError(_("Appreciations go to your partner. Invite them first."))
    if todays_appreciation(author) is not None:
        raise GratitudeError(
            _("You’ve already shared today’s appreciation. There’s another one tomorrow.")
        )
    appreciation = Appreciation(
        author=author,
        recipient=partner,
        couple=couple,
        date=local_date(timezone.now(), author.time_zone),
    )
    appreciation.set_words(what=what, because=because)
    try:
        with transaction.atomic():
            appreciation.save()
            notify(
                user=partner,
                kind="appreciation_received",
                key=f"appreciation:{appreciation.pk}",
                url=reverse("gratitude:index"),
                actor=author,
            )
    except IntegrityError as exc:  # the same form submitted twice at once
        raise GratitudeError(
            _("You’ve already shared today’s appreciation. There’s another one tomorrow.")
        ) from exc
    return appreciation


def mark_landed(*, user: User, appreciation_id: int) -> None:
    updated = (
        Appreciation.objects.received_by(user)
        .filter(pk=appreciation_id, landed_at__isnull=True)
        .update(landed_at=timezone.now())
    )
    if (
        not updated
        and not Appreciation.objects.received_by(user).filter(pk=appreciation_id).exists()
    ):
        raise GratitudeError(_("That appreciation isn’t here any more."))


def delete_own(*, user: User, appreciation_id: int) -> None:
    deleted, _rows = Appreciation.objects.filter(author=user, pk=appreciation_id).delete()
    if not deleted:
        raise GratitudeError(_("That appreciation isn’t here any more."))


def from_the_jar(*, user: User, exclude: int | None = None) -> Appreciation | None:
    """A past appreciation the person received, at random, to reread on a hard day."""
    ids = list(Appreciation.objects.received_by(user).values_list("pk", flat=True))
    if exclude in ids and len(ids) > 1:
        ids.remove(exclude)
    if not ids:
        return None
    pick = random.choice(ids)  # noqa: S311
    return Appreciation.objects.select_related("author").get(pk=pick)

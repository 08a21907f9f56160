"""Everything that changes who is linked with whom."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Couple, Invitation, Membership, hash_token
from .space import forget
from .space import partner_of as partner_of  # also reached from here, as before space.py
from .space import space_of as space_of

if TYPE_CHECKING:
    from nearer.accounts.models import User


class CoupleError(Exception):
    """A couples action that cannot go ahead; the message is for the person."""


# What apps above this one do when a person's space changes (they link up or unlink), called
# inside the same transaction. They register in their AppConfig.ready() (notifications: keep
# reminders to the things of the person's current space), so this app imports none of them.
SPACE_CHANGED: list[Callable[[User], None]] = []


def on_space_changed(hook: Callable[[User], None]) -> None:
    if hook not in SPACE_CHANGED:
        SPACE_CHANGED.append(hook)


def _space_changed(*people: User) -> None:
    for person in people:
        forget(person)
        for hook in SPACE_CHANGED:
            hook(person)


def invite_partner(*, inviter: User) -> tuple[Invitation, str]:
    """Create an invitation link. Returns the invitation and the raw token (shown once)."""
    couple = space_of(inviter)
    if partner_of(inviter, couple) is not None:
        raise CoupleError(_("You are already linked with a partner."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.pending().from_user(inviter).update(revoked_at=now)
        invitation = Invitation.objects.create(
            couple=couple,
            inviter=inviter,
            token_hash=hash_token(token),
            expires_at=now + dt.timedelta(days=settings.NEARER_INVITE_DAYS),
        )
    return invitation, token


def revoke_invitation(*, inviter: User, invitation_id: int) -> None:
    updated = (
        Invitation.objects.pending()
        .from_user(inviter)
        .filter(pk=invitation_id)
        .update(revoked_at=timezone.now())
    )
    if not updated:
        raise CoupleError(_("That invitation is no longer open."))


def check_invitation(*, token: str, user: User | None) -> Invitation:
    """The invitation behind `token` if `user` (or anyone, when None) may accept it."""
    invitation = Invitation.objects.by_token(token).select_related("inviter").first()
    if invitation is None:
        raise CoupleError(
            _("We couldn’t find that invitation. Check the link, or ask for a new one.")
        )
    if invitation.status != "pending":
        raise CoupleError(str(Invitation.STATUS_MESSAGES[invitation.status]))
    if user is not None:
        if invitation.inviter_id == user.pk:
            raise CoupleError(_("This is your own invitation. Send the link to your partner."))
        if partner_of(user) is not None:
            raise CoupleError(
                _(
                    "You are already linked with a partner. Unlink first if you want to join someone else."
                )
            )
    return invitation


def _already_accepted_by(token: str, user: User) -> Couple | None:
    """The couple if `user` accepted this very invitation and is still in it (a repeated click)."""
    invitation = Invitation.objects.by_token(token).filter(accepted_by=user).first()
    if invitation is None:
        return None
    if Membership.objects.active().filter(couple_id=invitation.couple_id, user=user).exists():
        return invitation.couple
    return None


def accept_invitation(*, token: str, user: User) -> Couple:
    with transaction.atomic():
        if (couple := _already_accepted_by(token, user)) is not None:
            return couple
        invitation = check_invitation(token=token, user=user)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_by_id == user.pk:  # a double submission that raced the first
            return Couple.objects.get(pk=invitation.couple_id)
        if invitation.status != "pending":
            raise CoupleError(str(Invitation.STATUS_MESSAGES[invitation.status]))
        couple = Couple.objects.select_for_update().get(pk=invitation.couple_id)
        members = list(Membership.objects.active().filter(couple=couple))
        if couple.ended_at or [m.user_id for m in members] != [invitation.inviter_id]:
            raise CoupleError(_("This invitation can no longer be used. Ask for a new link."))
        now = timezone.now()
        Membership.objects.active().filter(user=user).update(left_at=now)
        Membership.objects.create(couple=couple, user=user, joined_at=now)
        Membership.objects.filter(couple=couple).update(ready_for_deeper=False)
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        Invitation.objects.pending().filter(couple=couple).update(revoked_at=now)
        _space_changed(invitation.inviter, user)
    return couple


def unlink(*, user: User) -> None:
    """End the shared space for both partners at once. Either can do this alone."""
    with transaction.atomic():
        couple = space_of(user)
        couple = Couple.objects.select_for_update().get(pk=couple.pk)
        members = list(Membership.objects.active().filter(couple=couple))
        if len(members) < 2:
            raise CoupleError(_("You are not linked with anyone."))
        now = timezone.now()
        couple.ended_at = now
        couple.save(update_fields=["ended_at"])
        Membership.objects.filter(pk__in=[m.pk for m in members]).update(left_at=now)
        Invitation.objects.pending().filter(couple=couple).update(revoked_at=now)
        for member in members:
            solo = Couple.objects.create()
            Membership.objects.create(couple=solo, user_id=member.user_id, joined_at=now)
        # Reminders of the shared space's rituals, check-ins and catch-ups stop for both.
        _space_changed(*(member.user for member in members))
        forget(user)  # the caller's own object, if it remembered the space of this request

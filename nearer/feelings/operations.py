from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nearer.couples.space import partner_of, space_of
from nearer.listening.operations import mark_felt, save_once
from nearer.notifications.operations import notify

from .models import Share, ShareReply

if TYPE_CHECKING:
    from nearer.accounts.models import User
    from nearer.couples.models import Couple

# A second "be with me" this soon after one the partner has not answered is the same request.
PRESENCE_OPEN_FOR = dt.timedelta(hours=2)


class FeelingError(Exception):
    """Something that cannot be done; the message is for the person."""


def _partner(author: User) -> tuple[Couple, User]:
    couple = space_of(author)
    partner = partner_of(author, couple)
    if partner is None:
        raise FeelingError(_("Feelings are shared with your partner. Invite them first."))
    return couple, partner


def _create(share: Share, kind: str, partner: User) -> Share:
    """Save a new share and tell the partner (no words in the notification). The same form
    sent twice makes one share: the second finds the first by its nonce."""
    try:
        with transaction.atomic():
            share.save()
            notify(
                user=partner,
                kind=kind,
                key=f"feelings:{share.pk}",
                url=reverse("feelings:detail", args=[share.pk]),
                actor=share.author,
            )
    except IntegrityError:
        return Share.objects.get(author=share.author, nonce=share.nonce)
    return share


def share_feeling(*, author: User, feeling: str, because: str, need: str, nonce: str) -> Share:
    couple, partner = _partner(author)
    share = Share(author=author, couple=couple, nonce=nonce)
    share.words = {"feeling": feeling.strip(), "because": because, "need": need.strip()}
    return _create(share, "feeling_shared", partner)


def ask_presence(
    *, author: User, feeling: str, nonce: str, now: dt.datetime | None = None
) -> tuple[Share, bool]:
    """A "be with me". Tapped again while the last one is still open: the same request
    (returned with False: nothing new was sent)."""
    now = now or timezone.now()
    couple, partner = _partner(author)
    open_one = (
        Share.objects.filter(
            author=author,
            couple=couple,
            presence=True,
            here_at__isnull=True,
            created_at__gte=now - PRESENCE_OPEN_FOR,
        )
        .order_by("-created_at")
        .first()
    )
    if open_one is not None:
        return open_one, False
    share = Share(author=author, couple=couple, presence=True, nonce=nonce, created_at=now)
    share.words = {"feeling": feeling.strip()}
    made = _create(share, "presence_asked", partner)
    return made, made.created_at == now


def say_here(*, user: User, share: Share) -> None:
    """The partner's one tap: "I'm here". Once."""
    if not share.presence or share.author_id == user.pk:
        raise FeelingError(_("That isn’t a “be with me” you can answer."))
    updated = Share.objects.filter(pk=share.pk, here_at__isnull=True).update(here_at=timezone.now())
    if updated:
        notify(
            user=share.author,
            kind="presence_here",
            key=f"feelings-here:{share.pk}",
            url=reverse("feelings:detail", args=[share.pk]),
            actor=user,
        )


def reply(*, user: User, share: Share, parts: dict[str, str], nonce: str) -> ShareReply:
    """Answer a partner's shared feeling through the listening step. A reply written just as
    they unlinked is kept, for its author only."""
    if share.author_id == user.pk:
        raise FeelingError(_("This is your own feeling: your partner answers it."))
    made = ShareReply(author=user, share=share, nonce=nonce)
    made.parts = parts
    if share.couple_id != space_of(user).pk:
        return save_once(made)

    def tell(saved: ShareReply) -> None:
        notify(
            user=share.author,
            kind="feeling_reply",
            key=f"feelings-reply:{saved.pk}",
            url=reverse("feelings:detail", args=[share.pk]),
            actor=user,
        )

    return save_once(made, tell)


def felt(*, user: User, reply_id: int, value: str) -> ShareReply:
    """The sharer says whether they felt heard by a reply (and may change it)."""
    replies = ShareReply.objects.to_answer_for(user)
    if not mark_felt(replies, reply_id, value):
        raise FeelingError(_("That reply isn’t here any more."))
    answered = replies.select_related("author").get(pk=reply_id)
    notify(
        user=answered.author,
        kind="feeling_felt",
        key=f"feelings-felt:{answered.pk}:{value}",
        url=reverse("feelings:detail", args=[answered.share_id]),
        actor=user,
    )
    return answered

"""Sharing a win or a struggle, answering one, "did you feel heard?", keeping a struggle.

Each is safe to submit twice: a moment and a reply carry the form's nonce, unique per author,
so a double submission finds the first one instead of making another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from nearer.couples.space import partner_of, space_of
from nearer.listening import operations as listening
from nearer.listening.models import FeltHeard
from nearer.notifications.operations import notify

from .models import Kind, Moment, MomentReply

if TYPE_CHECKING:
    from nearer.accounts.models import User


# Answers to "did you feel heard?" that open the reply form again.
TRY_AGAIN = {FeltHeard.NOT_YET, FeltHeard.PARTLY}


class MomentError(Exception):
    """Something that cannot be done; the message is for the person."""


def share(*, author: User, kind: str, line: str, detail: str, nonce: str) -> Moment:
    """Share a win or a struggle with the partner, who is told without a word of it."""
    if kind not in Kind.values:
        raise MomentError(_("Choose whether it’s good news or something hard."))
    existing = Moment.objects.filter(author=author, nonce=nonce).first()
    if existing is not None:
        return existing
    couple = space_of(author)
    partner = partner_of(author, couple)
    if partner is None:
        raise MomentError(_("Wins and struggles go to your partner. Invite them first."))
    moment = Moment(author=author, couple=couple, kind=kind, nonce=nonce)
    moment.set_words(line=line, detail=detail)
    try:
        with transaction.atomic():
            moment.save()
            notify(
                user=partner,
                kind="moment_win" if kind == Kind.WIN else "moment_struggle",
                key=f"moment:{moment.pk}",
                url=reverse("moments:detail", args=[moment.pk]),
                actor=author,
            )
    except IntegrityError:  # the same form, sent twice at once
        return Moment.objects.get(author=author, nonce=nonce)
    return moment


def may_reply(user: User, moment: Moment, replies: list[MomentReply]) -> bool:
    """Whether the reply form is open to `user`: the partner, before they have answered, or
    again when the one who shared a struggle did not feel heard yet, or only partly.
    `replies`: the moment's replies `user` can see, oldest first."""
    if moment.author_id == user.pk:
        return False
    own = [reply for reply in replies if reply.author_id == user.pk]
    return not own or (not moment.is_win and own[-1].felt_heard in TRY_AGAIN)


def reply(*, user: User, moment: Moment, parts: dict[str, str], nonce: str) -> MomentReply:
    """The partner's reply (the caller found `moment` among `answerable_by(user)`). Written
    after the two unlinked, it is kept for its author alone, and nobody is told."""
    existing = MomentReply.objects.filter(author=user, nonce=nonce).first()
    if existing is not None:
        return existing
    if moment.author_id == user.pk:
        raise MomentError(_("This is yours: your partner answers it."))
    earlier = list(MomentReply.objects.filter(moment=moment, author=user).order_by("created_at"))
    if not may_reply(user, moment, earlier):
        raise MomentError(_("You’ve answered this already."))
    answer = MomentReply(moment=moment, author=user, nonce=nonce)
    answer.parts = parts
    shared = moment.couple_id == space_of(user).pk

    def record(saved: MomentReply) -> None:
        Moment.objects.filter(pk=moment.pk, answered_at__isnull=True).update(
            answered_at=saved.created_at
        )
        if shared:
            notify(
                user=moment.author,
                kind="moment_reply",
                key=f"moment_reply:{saved.pk}",
                url=reverse("moments:detail", args=[moment.pk]),
                actor=user,
            )

    return listening.save_once(answer, record)


def mark_felt(*, user: User, moment: Moment, reply_id: int, value: str) -> None:
    """The one who shared a struggle says whether they felt heard by a reply."""
    if moment.author_id != user.pk or moment.is_win:
        raise MomentError(_("Only the one who shared it can say that."))
    replies = MomentReply.objects.visible_to(user).filter(moment=moment)
    if not listening.mark_felt(replies, reply_id, value):
        raise MomentError(_("That reply isn’t here any more."))


def keep(*, user: User, moment: Moment, kept: bool) -> None:
    """The one who shared a struggle keeps it on display after it is answered, or lets it go."""
    if moment.author_id != user.pk or moment.is_win:
        raise MomentError(_("Only the one who shared a struggle can keep it here."))
    Moment.objects.filter(pk=moment.pk).update(kept=kept)
    moment.kept = kept

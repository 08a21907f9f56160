"""The listening step's one action shared by every practice: saying whether you felt heard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from nearer.lib import params

from .models import FeltHeard, Listening

R = TypeVar("R", bound=Listening)


def save_once(reply: R, then: Callable[[R], object] | None = None) -> R:
    """Save a new reply once per (author, nonce): the same form sent twice, even at the same
    moment, gives back the first reply. `then` (telling the partner, say) runs in the same
    transaction, and only for the reply that was saved."""
    replies = type(reply)._default_manager
    existing = replies.filter(author_id=reply.author_id, nonce=reply.nonce).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            reply.save()
            if then is not None:
                then(reply)
    except IntegrityError:
        return replies.get(author_id=reply.author_id, nonce=reply.nonce)
    return reply


def felt_answer(data: Any) -> tuple[int, str]:
    """The reply and the "did you feel heard?" answer a felt form posted (`data`: its POST);
    a missing or bad one is a 400."""
    reply_id = params.identifier(data.get("reply"))
    if reply_id is None:
        raise params.BadParameter("That didn’t say which reply it was about.")
    return reply_id, felt_value(data.get("felt"))


def felt_value(value: str | None) -> str:
    """A "did you feel heard?" answer from a request (a bad one is a 400)."""
    if value not in FeltHeard.values:
        raise params.BadParameter("That isn’t one of the answers to “did you feel heard?”.")
    return str(value)


def mark_felt(replies: QuerySet[Any], pk: int, value: str) -> bool:
    """Record `value` on the reply `pk` among `replies` (the ones the person may answer for,
    scoped by the caller). False when it is not among them."""
    return bool(replies.filter(pk=pk).update(felt_heard=value, felt_heard_at=timezone.now()))

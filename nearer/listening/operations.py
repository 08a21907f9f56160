"""The listening step's one action shared by every practice: saying whether you felt heard."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from nearer.lib.params import BadParameter

from .models import FeltHeard, Listening


def felt_value(value: str | None) -> str:
    """A "did you feel heard?" answer from a request (a bad one is a 400)."""
    if value not in FeltHeard.values:
        raise BadParameter("That isn’t one of the answers to “did you feel heard?”.")
    return str(value)


def mark_felt(replies: QuerySet[Listening], pk: int, value: str) -> bool:
    """Record `value` on the reply `pk` among `replies` (the ones the person may answer for,
    scoped by the caller). False when it is not among them."""
    return bool(replies.filter(pk=pk).update(felt_heard=value, felt_heard_at=timezone.now()))

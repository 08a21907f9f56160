"""Wordless closeness (practice 16) in the practice contract (nearer/lib/practices.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nearer.couples.http import SignedInRequest
from nearer.lib.practices import Practice, TodayPart, register

from .operations import recent_for


def today(request: SignedInRequest) -> TodayPart | None:
    """Recent "thinking of you"s from the partner, and the button to send one back."""
    space = request.space
    if space.partner is None:
        return None
    return TodayPart(
        "closeness/today.html",
        {"partner": space.partner, "signals": recent_for(request.user)},
    )


register(Practice(app="closeness", title=_("Thinking of you"), tab="today", order=70, today=today))

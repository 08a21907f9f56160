"""Catch-ups' part of the demo couple."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from . import operations as catchups
from .models import CatchUp

if TYPE_CHECKING:
    from nearer.lib.practices import DemoCouple


def demo(demo_couple: DemoCouple) -> None:
    alex, sam, couple = demo_couple.alex, demo_couple.sam, demo_couple.couple
    """One catch-up had three weeks ago, and one planned for next week."""
    earlier = timezone.now() - dt.timedelta(weeks=3)
    had = CatchUp(
        author=sam,
        couple=couple,
        starts_at=earlier,
        time_zone=sam.time_zone,
        minutes=60,
        created_at=earlier - dt.timedelta(days=4),
        done_at=earlier + dt.timedelta(hours=1),
    )
    had.text = "How the move went, and the summer"
    had.save()
    soon = timezone.localtime(timezone.now(), alex.zone).date() + dt.timedelta(days=5)
    catchups.plan_catchup(
        user=alex,
        day=soon,
        at=dt.time(19, 30),
        minutes=60,
        topic="How the last month has felt, and what’s coming up",
    )

"""Loving notes' part of the demo couple."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from . import operations as notes

if TYPE_CHECKING:
    from nearer.lib.practices import DemoCouple


def demo(demo_couple: DemoCouple) -> None:
    alex, sam = demo_couple.alex, demo_couple.sam
    """A note each way, and one from Alex waiting to arrive tomorrow morning."""
    notes.send_note(
        author=sam,
        text="Thank you for the soup last night. It was the best part of a long week.",
    )
    notes.send_note(author=alex, text="Good luck today 🌿")
    tomorrow = timezone.localtime(timezone.now(), alex.zone).date() + dt.timedelta(days=1)
    notes.send_note(
        author=alex,
        text="Look in the pocket of your blue coat.",
        deliver_at=dt.datetime.combine(tomorrow, dt.time(8)),
    )

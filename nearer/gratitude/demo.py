"""Gratitude's part of the demo couple: four appreciations over the last fortnight."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import Appreciation

if TYPE_CHECKING:
    from nearer.lib.practices import DemoCouple

GRATITUDE = [
    (
        9,
        "alex",
        "You fixed the wobbly chair without saying anything",
        "you care for things quietly, and for me the same way",
    ),
    (
        6,
        "sam",
        "You listened to the whole story about my day",
        "you’re curious about the small things in my life",
    ),
    (3, "alex", "You made me laugh when I was stressed", "you always find the light in things"),
    (1, "sam", "You called my sister on her birthday", "you treat the people I love as yours"),
]


def demo(couple: DemoCouple) -> None:
    alex, sam = couple.alex, couple.sam
    for days_ago, author, what, because in GRATITUDE:
        sender = alex if author == "alex" else sam
        item = Appreciation(
            author=sender,
            recipient=sam if sender == alex else alex,
            couple=couple.couple,
            date=couple.today - dt.timedelta(days=days_ago),
            created_at=timezone.now() - dt.timedelta(days=days_ago),
            landed_at=timezone.now() - dt.timedelta(days=days_ago) if days_ago > 2 else None,
        )
        item.set_words(what=what, because=because)
        item.save()

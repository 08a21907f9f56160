"""The weekly check-in's part of the demo couple."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from nearer.lib.foundations import KEYS

from . import operations as checkins
from .models import CheckIn, CheckInEntry

if TYPE_CHECKING:
    from nearer.lib.practices import DemoCouple

# Three past weekly check-ins, each (Alex's words, Sam's words), written for the demo.
CHECKINS = [
    (
        (
            "You brought me coffee on the hard Monday",
            "Ask how the project went, then just listen",
            "A slow breakfast on Sunday",
        ),
        (
            "You laughed at my terrible joke twice",
            "A hug when I get home, before anything else",
            "Try the new walking route",
        ),
    ),
    (
        (
            "You called my mum back when I couldn’t",
            "Less planning talk at dinner",
            "Cook something new together",
        ),
        (
            "You noticed I was tired and took over",
            "Tell me when something I do helps",
            "An evening with no screens",
        ),
    ),
    (
        (
            "You kept the evening free for us",
            "A message at lunch, just saying hi",
            "Book the weekend by the sea",
        ),
        (
            "You asked about my day and waited for the real answer",
            "Sit with me when I’m worried, no fixing",
            "Dance in the kitchen again",
        ),
    ),
]
PULSES = [(4, 3), (4, 4), (5, 4)]


def demo(demo_couple: DemoCouple) -> None:
    alex, sam, couple = demo_couple.alex, demo_couple.sam, demo_couple.couple
    """Sundays at 19:00, three weeks of opened check-ins, and this week's from Alex."""
    plan = checkins.plan_of(couple)
    checkins.propose_time(user=alex, weekday=6, at=dt.time(19), seen_version=plan.version)
    checkins.accept_time(user=sam, seen_version=plan.version + 1)
    now = timezone.now()
    this_week = checkins.this_week(couple)
    for weeks_ago, words, pulses in zip((3, 2, 1), CHECKINS, PULSES, strict=True):
        when = now - dt.timedelta(weeks=weeks_ago)
        checkin = CheckIn.objects.create(
            couple=couple,
            week=this_week - dt.timedelta(weeks=weeks_ago),
            created_at=when,
            revealed_at=when,
            talked_at=when if weeks_ago > 1 else None,
        )
        for person, (appreciated, more_loved, closer), level in zip(
            (alex, sam), words, pulses, strict=True
        ):
            entry = CheckInEntry(author=person, checkin=checkin, created_at=when, updated_at=when)
            entry.set_words(
                appreciated=appreciated,
                more_loved=more_loved,
                closer=closer,
                pulse=dict.fromkeys(KEYS, level) | {"repair": max(1, level - 2)},
                followup="" if weeks_ago == 3 else "partly" if person == alex else "yes",
            )
            entry.save()
    checkins.save_entry(
        user=alex,
        appreciated="You made the whole week feel lighter",
        more_loved="Remind me to stop working at seven",
        closer="Try the café by the river",
        pulse=dict.fromkeys(KEYS, 4),
        followup="yes",
    )

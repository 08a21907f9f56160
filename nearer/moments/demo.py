"""Wins and struggles' part of the demo couple: good news celebrated, a hard day listened to."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import Kind, Moment, MomentReply

if TYPE_CHECKING:
    from nearer.lib.practices import DemoCouple

# (days ago, who shared, kind, line, detail, the other's reply parts or None)
MOMENTS = [
    (
        12,
        "sam",
        Kind.WIN,
        "My sourdough finally rose",
        "Third try. It actually has holes in it!",
        {"cheer": "No way, I knew you’d crack it!", "ask": "What did you change this time?"},
    ),
    (
        8,
        "alex",
        Kind.STRUGGLE,
        "The meeting with my manager went badly",
        "I froze when she asked about the deadline.",
        {
            "heard": "It sounds like you felt put on the spot, and then cross with yourself.",
            "sense": "Of course: you care about doing it well.",
            "ask": "What do you wish you’d said?",
        },
    ),
    (
        4,
        "alex",
        Kind.WIN,
        "I ran the whole 5 km without stopping",
        "",
        {"cheer": "That’s huge! I’m so proud of you.", "ask": "How did the last bit feel?"},
    ),
    (1, "sam", Kind.WIN, "My sister said yes to coming in May", "", None),
]


def demo(couple: DemoCouple) -> None:
    alex, sam = couple.alex, couple.sam
    for days_ago, who, kind, line, detail, answer in MOMENTS:
        author, other = (alex, sam) if who == "alex" else (sam, alex)
        at = timezone.now() - dt.timedelta(days=days_ago)
        moment = Moment(
            author=author,
            couple=couple.couple,
            kind=kind,
            created_at=at,
            nonce=str(uuid.uuid4()),
            answered_at=at + dt.timedelta(hours=3) if answer else None,
        )
        moment.set_words(line=line, detail=detail)
        moment.save()
        if answer:
            reply = MomentReply(
                moment=moment,
                author=other,
                nonce=str(uuid.uuid4()),
                created_at=at + dt.timedelta(hours=3),
                felt_heard="yes" if kind == Kind.STRUGGLE else "",
                felt_heard_at=at + dt.timedelta(hours=5) if kind == Kind.STRUGGLE else None,
            )
            reply.parts = answer
            reply.save()

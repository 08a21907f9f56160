"""Feelings' part of the demo couple: two shared feelings, one heard through the listening
step, and a "be with me" that was answered."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import Share, ShareReply

if TYPE_CHECKING:
    from nearer.lib.practices import DemoCouple


def demo(couple: DemoCouple) -> None:
    alex, sam = couple.alex, couple.sam
    now = timezone.now()
    worn = Share(
        author=sam,
        couple=couple.couple,
        nonce=str(uuid.uuid4()),
        created_at=now - dt.timedelta(days=4),
    )
    worn.words = {
        "feeling": "tired, stretched thin",
        "because": "work keeps spilling into the evenings and I never quite switch off",
        "need": "to be heard",
    }
    worn.save()
    heard = ShareReply(
        author=alex,
        share=worn,
        nonce=str(uuid.uuid4()),
        created_at=now - dt.timedelta(days=4, hours=-1),
    )
    heard.parts = {
        "heard": "It sounds like work never really lets go of you, even at home.",
        "sense": "Of course you’re worn out: you never get a proper evening.",
        "ask": "What would a real switch-off look like for you?",
    }
    heard.felt_heard = "yes"
    heard.felt_heard_at = now - dt.timedelta(days=4, hours=-2)
    heard.save()
    proud = Share(
        author=alex,
        couple=couple.couple,
        nonce=str(uuid.uuid4()),
        created_at=now - dt.timedelta(days=1),
    )
    proud.words = {
        "feeling": "proud",
        "because": "I finally finished the bookshelf I started in spring",
        "need": "to tell someone who gets it",
    }
    proud.save()
    near = Share(
        author=sam,
        couple=couple.couple,
        presence=True,
        nonce=str(uuid.uuid4()),
        created_at=now - dt.timedelta(days=2),
        here_at=now - dt.timedelta(days=2, minutes=-5),
    )
    near.words = {"feeling": "low"}
    near.save()

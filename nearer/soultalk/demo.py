"""Soul talk's part of the demo couple: two evenings, each with a line kept."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import Talk
from .operations import finish_talk, keep_line, start_talk

if TYPE_CHECKING:
    from nearer.lib.practices import DemoCouple


def demo(couple: DemoCouple) -> None:
    for days_ago, line in (
        (12, "We should go back to that café."),
        (4, "Sam wants to learn the piano."),
    ):
        talk = start_talk(user=couple.alex, minutes=15)
        finish_talk(talk=talk)
        keep_line(user=couple.alex, talk=talk, text=line, shared=True)
        Talk.objects.filter(pk=talk.pk).update(
            started_at=timezone.now() - dt.timedelta(days=days_ago)
        )

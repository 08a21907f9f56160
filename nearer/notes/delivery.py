"""Delivering loving notes: once, at their time, only while their space is still shared.

The guarantees are in `operations.py`'s docstring. Below `operations` (which delivers a note
for now at once) and `tasks` (the deferred task for a note for later); the sweep runs
`deliver_due_notes` for anything the task did not.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from nearer.couples.models import Couple
from nearer.notifications.operations import notify
from nearer.notifications.registry import BATCH, SWEEP_BUDGET

from .models import Note


def _still_deliverable(note_id: int, now: dt.datetime) -> bool:
    return Note.objects.due(now).filter(pk=note_id).exists()


def _deliver(note_id: int, now: dt.datetime) -> bool:
    """Deliver one note if it is due and its space is still shared. True if this call did it."""
    with transaction.atomic():
        note = (
            Note.objects.select_related("author", "recipient")
            .filter(pk=note_id, delivered_at__isnull=True, deliver_at__lte=now)
            .first()
        )
        if note is None:
            return False
        # The lock unlinking holds while it ends the space: wait for it, then look again.
        list(Couple.objects.select_for_update().filter(pk=note.couple_id).values_list("pk"))
        if not _still_deliverable(note_id, now):
            return False
        delivered = Note.objects.filter(pk=note_id, delivered_at__isnull=True).update(
            delivered_at=now
        )
        if not delivered:
            return False  # another worker delivered it a moment ago
        notify(
            user=note.recipient,
            kind="note_arrived",
            key=f"note:{note.pk}",
            url=reverse("notes:index"),
            actor=note.author,
            now=now,
        )
    return True


def deliver_note(*, note_id: int, now: dt.datetime | None = None) -> bool:
    """The deferred task's work: this one note, if it is due."""
    return _deliver(note_id, now or timezone.now())


def deliver_due_notes(now: dt.datetime, *, budget: float = SWEEP_BUDGET) -> int:
    """Every due, undelivered note whose space is still shared, a batch at a time for at most
    `budget` seconds. Safe to run twice, or at once."""
    delivered = 0
    tried: set[int] = set()
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        ids = list(
            Note.objects.due(now)
            .exclude(pk__in=tried)
            .order_by("deliver_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        tried.update(ids)
        delivered += sum(_deliver(pk, now) for pk in ids)
    return delivered

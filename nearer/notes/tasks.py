"""Background work for notes. Task arguments are ids only, never words."""

from __future__ import annotations

from django_tasks import task

from . import delivery


@task()
def deliver_note(note_id: int) -> bool:
    """Deliver one scheduled note at its time (enqueued with `run_after`), if still due."""
    return delivery.deliver_note(note_id=note_id)

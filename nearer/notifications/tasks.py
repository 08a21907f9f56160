"""Background work, through Django's Tasks API (the django-tasks backport).

Tasks carry ids only, never words: a task's arguments are stored in the queue's own table.
"""

from __future__ import annotations

from django_tasks import task

from . import operations
from .email import send_notification_email  # noqa: F401  (emails queued under this path)


@task()
def sweep() -> dict[str, int]:
    """Deliver whatever fell due. `nearer worker` enqueues this every half minute."""
    return operations.sweep()

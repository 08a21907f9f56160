"""The worker loop behind `nearer worker` (and the one `nearer serve` runs in a thread).

Every `sweep_every` seconds it enqueues the sweep task; with the database task backend it then
runs every task that is ready, in this process. With another backend (a queue engine), that
engine's workers run the tasks and this loop only keeps the sweep coming.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time

from django.db import close_old_connections
from django.utils import timezone
from django_tasks import task_backends

from . import tasks

logger = logging.getLogger(__name__)

PRUNE_EVERY = 3600.0


def _run_ready_tasks(worker_id: str) -> None:
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.management.commands.db_worker import Worker

    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        return
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend.alias,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()


def _prune_finished() -> None:
    """Finished task rows are only bookkeeping: keep a day of successes, a week of failures."""
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    DBTaskResult.objects.finished().filter(
        Q(status="SUCCESSFUL", finished_at__lte=now - dt.timedelta(days=1))
        | Q(status="FAILED", finished_at__lte=now - dt.timedelta(days=7))
    ).delete()


def run(
    *,
    once: bool = False,
    interval: float = 2.0,
    sweep_every: float = 30.0,
    stop: threading.Event | None = None,
) -> None:
    stop = stop or threading.Event()
    worker_id = f"{socket.gethostname()}-{os.getpid()}-{threading.get_ident()}"[-64:]
    last_sweep: float | None = None
    last_prune = time.monotonic()
    while True:
        close_old_connections()
        try:
            if last_sweep is None or time.monotonic() - last_sweep >= sweep_every:
                tasks.sweep.enqueue()
                last_sweep = time.monotonic()
            _run_ready_tasks(worker_id)
            if time.monotonic() - last_prune >= PRUNE_EVERY:
                _prune_finished()
                last_prune = time.monotonic()
        except Exception:
            # A locked or restarting database must not stop reminders for good: try again.
            logger.exception("The worker hit a problem; it will try again.")
        finally:
            close_old_connections()
        if once or stop.wait(interval):
            return

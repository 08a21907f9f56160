"""`nearer worker`: the sweep as a task, run by the database task backend."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from nearer.notifications import operations, worker
from nearer.notifications.models import Notification


@pytest.fixture
def database_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _due_email(user) -> Notification:
    operations.save_preferences(
        user=user, quiet_start=dt.time(0), quiet_end=dt.time(0), remind=[], email=["notes"]
    )
    note = operations.notify(user=user, kind="note_arrived", key="n1", url="/")
    assert note is not None
    return note


def test_worker_once_runs_the_sweep_as_a_database_task(
    database_tasks, partner_b, mailoutbox
) -> None:
    _due_email(partner_b)
    call_command("worker", "--once")
    assert len(mailoutbox) == 1
    task = DBTaskResult.objects.get(task_path="nearer.notifications.tasks.sweep")
    assert task.status == "SUCCESSFUL"
    assert task.return_value["emails"] == 1
    call_command("worker", "--once")
    assert len(mailoutbox) == 1


def test_task_arguments_hold_ids_not_words(database_tasks, partner_b) -> None:
    from nearer.notifications.tasks import send_notification_email

    note = _due_email(partner_b)
    send_notification_email.enqueue(note.pk)
    row = DBTaskResult.objects.get(task_path__endswith="send_notification_email")
    assert row.args_kwargs == {"args": [note.pk], "kwargs": {}}


def test_worker_keeps_going_after_a_database_hiccup(
    db, database_tasks, monkeypatch, caplog
) -> None:
    calls = []

    def broken() -> None:
        calls.append(1)
        raise RuntimeError("database is restarting")

    monkeypatch.setattr(worker, "_run_ready_tasks", lambda _id: broken())
    worker.run(once=True)
    assert calls == [1]
    assert "try again" in caplog.text


def test_stale_finished_tasks_are_pruned(database_tasks, partner_b) -> None:
    from django.utils import timezone

    call_command("worker", "--once")
    DBTaskResult.objects.update(finished_at=timezone.now() - dt.timedelta(days=2))
    worker._prune_finished()
    assert not DBTaskResult.objects.exists()

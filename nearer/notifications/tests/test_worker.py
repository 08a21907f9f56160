"""`nearer worker`: the sweep as a task, run by the database task backend."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from nearer.notifications import operations, worker
from nearer.notifications.models import Notification
from nearer.notifications.tests import mail
from nearer.tests.factories import make_user


@pytest.fixture
def database_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker commits and closes stale connections like in production, so these tests run
# outside the usual wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def _due_email(user) -> Notification:
    operations.save_preferences(
        user=user, quiet_start=dt.time(0), quiet_end=dt.time(0), remind=[], email=["notes"]
    )
    note = operations.notify(user=user, kind="note_arrived", key="n1", url="/")
    assert note is not None
    return note


def test_an_email_is_queued_as_a_task_at_once_and_the_worker_sends_it_once(
    database_tasks, partner_b, mailoutbox
) -> None:
    note = _due_email(partner_b)
    queued = DBTaskResult.objects.get(task_path__endswith="send_notification_email")
    assert queued.args_kwargs == {"args": [note.pk], "kwargs": {}}  # an id, never words
    assert queued.status == "READY"
    call_command("worker", "--once")
    assert len(mailoutbox) == 1
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    sweep = DBTaskResult.objects.get(task_path="nearer.notifications.tasks.sweep")
    queued.refresh_from_db()
    # Whichever ran first sent it; the other found nothing to do.
    assert sweep.return_value is not None
    assert queued.return_value + sweep.return_value["emails"] == 1
    call_command("worker", "--once")
    assert len(mailoutbox) == 1


def test_a_lost_task_is_made_good_by_the_sweep(database_tasks, partner_b, mailoutbox) -> None:
    _due_email(partner_b)
    DBTaskResult.objects.all().delete()  # the queue lost it (or another engine dropped it)
    call_command("worker", "--once")
    assert len(mailoutbox) == 1


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


def test_the_worker_thread_delivers_in_the_background(
    database_tasks, mailoutbox, monkeypatch, settings, tmp_path
) -> None:
    """What `nearer serve` runs in one of its processes: no second terminal needed."""
    from nearer import serving

    settings.EMAIL_BACKEND = "nearer.notifications.tests.mail.HookedBackend"
    sending = threading.Event()
    monkeypatch.setattr(mail, "before_send", [lambda message: sending.set()])
    person = make_user("Jo")
    _due_email(person)
    fast = worker.run
    monkeypatch.setattr(worker, "run", lambda **kw: fast(**kw, interval=0.05, sweep_every=0.05))
    serving.start_background_worker(tmp_path / "worker.lock")
    try:
        assert sending.wait(10), "the background worker sent no email within 10 s"
    finally:
        # The email is in the outbox a moment before emailed_at is saved: this waits for the
        # thread to finish, and it closes its database connection.
        serving.stop_background_worker()
    assert len(mailoutbox) == 1
    assert Notification.objects.get().emailed_at is not None

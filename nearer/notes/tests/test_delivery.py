"""Delivering notes for later: by the sweep and by the deferred task, exactly once, never
after unlinking, and without a word of the note leaving its sealed body."""

from __future__ import annotations

import datetime as dt
import html
import logging

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from nearer.couples.operations import unlink
from nearer.lib import practices
from nearer.notes import delivery, operations, tasks
from nearer.notes.models import Note
from nearer.notifications import operations as notifications
from nearer.notifications.models import Notification
from nearer.tests.factories import make_couple, make_user

UTC = dt.UTC
NOON = dt.datetime(2027, 1, 12, 12, tzinfo=UTC)
AT = dt.datetime(2027, 1, 12, 18, tzinfo=UTC)
WORDS = "Look in the blue mug 🫖 before work, Wörterbuch & 愛"


def _schedule(author, text=WORDS, at=AT) -> Note:
    with time_machine.travel(NOON, tick=False):
        return operations.send_note(author=author, text=text, deliver_at=at.replace(tzinfo=None))


@pytest.fixture
def database_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_notes_are_a_job_of_the_sweep() -> None:
    assert dict(practices.due_jobs())["notes"] is delivery.deliver_due_notes


def test_the_sweep_delivers_at_its_time_exactly_once(client, partner_a, partner_b) -> None:
    note = _schedule(partner_a)
    assert notifications.sweep(AT - dt.timedelta(seconds=1))["notes"] == 0
    assert not Note.objects.visible_to(partner_b).exists()
    assert notifications.sweep(AT)["notes"] == 1
    assert notifications.sweep(AT)["notes"] == 0
    assert notifications.sweep(AT + dt.timedelta(minutes=1))["notes"] == 0
    note.refresh_from_db()
    assert note.delivered_at == AT
    line = Notification.objects.get(user=partner_b)
    assert (line.kind, line.key, line.url, line.actor) == (
        "note_arrived",
        f"note:{note.pk}",
        reverse("notes:index"),
        partner_a,
    )
    assert line.message() == "Alex left you a note."
    with time_machine.travel(AT + dt.timedelta(minutes=1), tick=False):
        client.force_login(partner_b)
        assert html.escape(WORDS) in client.get(reverse("notes:index")).content.decode()
        assert "Alex left you a note." in client.get(reverse("notifications:list")).content.decode()


def test_two_deliveries_at_once_deliver_once(monkeypatch, partner_a, partner_b) -> None:
    """Worker A has looked and is about to mark it delivered when worker B delivers it."""
    note = _schedule(partner_a)
    real = delivery._still_deliverable
    other_worker: list[int] = []

    def meanwhile(note_id: int, now: dt.datetime) -> bool:
        looked = real(note_id, now)
        if not other_worker:
            other_worker.append(-1)
            other_worker[0] = delivery.deliver_due_notes(now)
        return looked

    monkeypatch.setattr(delivery, "_still_deliverable", meanwhile)
    assert delivery.deliver_due_notes(AT) == 0  # worker A: B got there first
    assert other_worker == [1]
    assert Notification.objects.filter(user=partner_b, kind="note_arrived").count() == 1
    note.refresh_from_db()
    assert note.delivered_at == AT


def test_the_task_and_the_sweep_deliver_once(partner_a, partner_b) -> None:
    note = _schedule(partner_a)
    with time_machine.travel(AT - dt.timedelta(seconds=30), tick=False):
        assert tasks.deliver_note.enqueue(note.pk).return_value is False  # not yet due
    with time_machine.travel(AT, tick=False):
        assert tasks.deliver_note.enqueue(note.pk).return_value is True
        assert tasks.deliver_note.enqueue(note.pk).return_value is False
        assert notifications.sweep()["notes"] == 0
    assert Notification.objects.filter(user=partner_b).count() == 1


def test_after_unlinking_it_is_never_delivered(client, partner_a, partner_b) -> None:
    note = _schedule(partner_a)
    unlink(user=partner_b)
    assert notifications.sweep(AT + dt.timedelta(days=1))["notes"] == 0
    assert delivery.deliver_note(note_id=note.pk, now=AT) is False
    note.refresh_from_db()
    assert note.delivered_at is None
    assert not Notification.objects.filter(user=partner_b).exists()
    assert not Note.objects.visible_to(partner_b).exists()


def test_after_linking_again_an_old_note_is_still_not_delivered(partner_a, partner_b) -> None:
    note = _schedule(partner_a)
    unlink(user=partner_a)
    make_couple(partner_a, partner_b)  # the same two, in a new space
    assert notifications.sweep(AT)["notes"] == 0
    note.refresh_from_db()
    assert note.delivered_at is None
    assert not Note.objects.visible_to(partner_b).exists()


def test_an_unlink_while_delivering_wins(monkeypatch, partner_a, partner_b) -> None:
    """Unlinking lands after the first look but before the delivery is decided."""
    note = _schedule(partner_a)
    real = delivery._still_deliverable

    def unlinked_meanwhile(note_id: int, now: dt.datetime) -> bool:
        unlink(user=partner_b)
        return real(note_id, now)

    monkeypatch.setattr(delivery, "_still_deliverable", unlinked_meanwhile)
    assert delivery.deliver_due_notes(AT) == 0
    note.refresh_from_db()
    assert note.delivered_at is None
    assert not Notification.objects.exists()


def test_a_backend_that_cannot_wait_is_not_asked_to(
    partner_a, partner_b, django_capture_on_commit_callbacks, caplog
) -> None:
    """The test backend runs tasks at once: a note for later must not arrive early."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        note = _schedule(partner_a)
    assert len(callbacks) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    note.refresh_from_db()
    assert note.delivered_at is None
    assert not Notification.objects.exists()


# The worker commits and closes stale connections as in production, so the tests that run it
# run outside the usual wrapping transaction (see nearer/notifications/tests/test_worker.py).


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_delivers_the_deferred_task(
    database_tasks, partner_a, partner_b
) -> None:
    note = _schedule(partner_a)
    row = DBTaskResult.objects.get(task_path="nearer.notes.tasks.deliver_note")
    assert row.run_after == AT
    assert row.args_kwargs == {"args": [note.pk], "kwargs": {}}  # ids, never words
    with time_machine.travel(AT - dt.timedelta(minutes=1), tick=False):
        call_command("worker", "--once")
    note.refresh_from_db()
    assert note.delivered_at is None
    row.refresh_from_db()
    assert row.status == "READY"
    with time_machine.travel(AT + dt.timedelta(seconds=5), tick=False):
        call_command("worker", "--once")
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.return_value is True  # the task delivered it, before the sweep came round
    note.refresh_from_db()
    assert note.delivered_at == AT + dt.timedelta(seconds=5)
    with time_machine.travel(AT + dt.timedelta(minutes=1), tick=False):
        call_command("worker", "--once")
    assert Notification.objects.filter(user=partner_b).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_skips_a_cancelled_note(database_tasks, partner_a, partner_b) -> None:
    note = _schedule(partner_a)
    operations.cancel_note(author=partner_a, note_id=note.pk)
    with time_machine.travel(AT + dt.timedelta(seconds=5), tick=False):
        call_command("worker", "--once")
    row = DBTaskResult.objects.get(task_path="nearer.notes.tasks.deliver_note")
    assert (row.status, row.return_value) == ("SUCCESSFUL", False)
    assert not Notification.objects.exists()


def test_the_email_holds_none_of_the_words(
    partner_a, partner_b, mailoutbox, caplog, django_capture_on_commit_callbacks
) -> None:
    caplog.set_level(logging.DEBUG)
    notifications.save_preferences(
        user=partner_b, quiet_start=dt.time(0), quiet_end=dt.time(0), remind=[], email=["notes"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        note = _schedule(partner_a)
        assert notifications.sweep(AT)["emails"] == 1
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["sam@example.com"]
    assert "Something is waiting for you in Nearer." in email.body
    for text in (email.subject, email.body, str(email.message()), caplog.text):
        for word in ("blue mug", "🫖", "Wörterbuch", "愛", WORDS):
            assert word not in text
    line = Notification.objects.get(user=partner_b)
    assert WORDS not in f"{line.key} {line.url} {line.message()}"
    assert note.pk  # the note itself is still there, sealed
    assert WORDS.encode() not in bytes(Note.objects.get().body)


def _every_value_in_the_database() -> tuple[list[str], list[bytes]]:
    texts, blobs = [], []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        blobs.append(bytes(value))
                    elif value is not None:
                        texts.append(str(value))
    return texts, blobs


@pytest.mark.django_db(transaction=True)
def test_no_table_holds_the_words(settings, mailoutbox) -> None:
    """Notes, notifications, the task queue, emails: only the sealed body holds the words."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    alex, sam = make_user("Alex"), make_user("Sam")
    make_couple(alex, sam)
    notifications.save_preferences(
        user=sam, quiet_start=dt.time(0), quiet_end=dt.time(0), remind=[], email=["notes"]
    )
    now_words, later_words = "Tea is in the blue flask ☕ for you", "Sieh unter dein Kissen 🌙"
    with time_machine.travel(NOON, tick=False):
        operations.send_note(author=alex, text=now_words)
        operations.send_note(author=alex, text=later_words, deliver_at=AT)
        call_command("worker", "--once")
    with time_machine.travel(AT + dt.timedelta(seconds=5), tick=False):
        call_command("worker", "--once")
    assert Note.objects.delivered().count() == 2
    assert DBTaskResult.objects.filter(task_path="nearer.notes.tasks.deliver_note").exists()
    assert len(mailoutbox) == 2
    texts, blobs = _every_value_in_the_database()
    assert any(sam.email in text for text in texts)  # the look is real
    for words in (now_words, later_words):
        for fragment in (words, words[:12], words[-12:]):
            assert not any(fragment in text for text in texts)
            assert not any(fragment.encode() in blob for blob in blobs)
        for email in mailoutbox:
            assert words[:12] not in email.subject + email.body

"""Notifications and emails: opt-in, quiet hours, and exactly once through crashes and races."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.db import connection

from nearer.notifications import email, operations
from nearer.notifications.models import Notification
from nearer.notifications.tests import mail as hooked
from nearer.tests.factories import make_user

UTC = dt.UTC
NOON = dt.datetime(2027, 1, 12, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _hooked_mail(settings) -> Iterator[None]:
    settings.EMAIL_BACKEND = "nearer.notifications.tests.mail.HookedBackend"
    mail.outbox = []
    yield
    hooked.before_send.clear()


def _wants_email(user, *practices: str, quiet=(dt.time(22), dt.time(8))) -> None:
    operations.save_preferences(
        user=user,
        quiet_start=quiet[0],
        quiet_end=quiet[1],
        remind=[],
        email=list(practices) or ["notes"],
    )


def _note_for(user, n: int = 1, now: dt.datetime = NOON) -> Notification | None:
    return operations.notify(user=user, kind="note_arrived", key=f"note:{n}", url="/", now=now)


def test_the_same_key_makes_one_notification(partner_a) -> None:
    assert _note_for(partner_a) is not None
    assert _note_for(partner_a) is None
    assert Notification.objects.filter(user=partner_a).count() == 1


def test_no_email_unless_asked_for(partner_a) -> None:
    note = _note_for(partner_a)
    assert note is not None and note.email is False
    assert operations.sweep(NOON)["emails"] == 0
    assert mail.outbox == []


def test_an_email_goes_once_and_says_only_that_something_is_waiting(partner_a, partner_b) -> None:
    _wants_email(partner_b)
    operations.notify(
        user=partner_b, kind="note_arrived", key="note:1", url="/", actor=partner_a, now=NOON
    )
    with time_machine.travel(NOON, tick=False):
        assert operations.sweep(NOON)["emails"] == 1
        assert operations.sweep(NOON)["emails"] == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [partner_b.email]
    assert "Something is waiting for you in Nearer." in message.body
    assert "Alex" not in str(message.subject) + str(message.body)  # not even who sent it
    assert "note" not in (str(message.subject) + str(message.body)).lower()
    assert message.extra_headers["Message-ID"].startswith("<nearer.")


def test_email_only_for_the_practices_chosen(partner_b) -> None:
    _wants_email(partner_b, "gratitude")
    operations.notify(user=partner_b, kind="note_arrived", key="n", url="/", now=NOON)
    operations.notify(user=partner_b, kind="appreciation_received", key="a", url="/", now=NOON)
    operations.sweep(NOON)
    assert len(mail.outbox) == 1


def test_nothing_is_emailed_inside_quiet_hours(partner_b) -> None:
    partner_b.time_zone = "America/New_York"
    partner_b.save()
    _wants_email(partner_b)
    late = dt.datetime(2027, 1, 13, 4, 30, tzinfo=UTC)  # 23:30 in New York
    note = _note_for(partner_b, now=late)
    assert note is not None
    assert note.email_at == dt.datetime(2027, 1, 13, 13, tzinfo=UTC)  # 08:00 there
    for moment in (
        late,
        late + dt.timedelta(hours=5),
        dt.datetime(2027, 1, 13, 12, 59, tzinfo=UTC),
    ):
        operations.sweep(moment)
    assert mail.outbox == []
    operations.sweep(dt.datetime(2027, 1, 13, 13, 0, 30, tzinfo=UTC))
    assert len(mail.outbox) == 1


def test_a_late_worker_still_respects_quiet_hours(partner_b) -> None:
    """An email due at noon but first looked at in the night waits for the morning."""
    _wants_email(partner_b)
    _note_for(partner_b, now=NOON)
    night = dt.datetime(2027, 1, 12, 23, 30, tzinfo=UTC)
    assert operations.sweep(night)["emails"] == 0
    note = Notification.objects.get()
    assert note.email_at == dt.datetime(2027, 1, 13, 8, tzinfo=UTC)
    operations.sweep(dt.datetime(2027, 1, 13, 8, 1, tzinfo=UTC))
    assert len(mail.outbox) == 1


def test_already_read_in_nearer_means_no_email(partner_b) -> None:
    _wants_email(partner_b)
    note = _note_for(partner_b, now=dt.datetime(2027, 1, 12, 23, tzinfo=UTC))  # held till 08:00
    assert note is not None
    Notification.objects.filter(pk=note.pk).update(read_at=NOON)
    operations.sweep(dt.datetime(2027, 1, 13, 8, 5, tzinfo=UTC))
    assert mail.outbox == []


class WorkerDied(BaseException):
    """Stands in for the process being killed: nothing after it runs."""


def test_a_worker_that_dies_mid_send_loses_nothing_and_repeats_nothing(db) -> None:
    people = [make_user(f"P{n}") for n in range(3)]
    for n, person in enumerate(people):
        _wants_email(person)
        _note_for(person, n, now=NOON)
    calls = []

    def die_on_second(message) -> None:
        calls.append(message.to[0])
        if len(calls) == 2:
            raise WorkerDied

    hooked.before_send.append(die_on_second)
    with pytest.raises(WorkerDied):
        operations.sweep(NOON, worker="first")
    hooked.before_send.clear()
    assert len(mail.outbox) == 1

    # A new worker starts at once: the one being sent when the first died is still leased.
    operations.sweep(NOON + dt.timedelta(seconds=10), worker="second")
    assert len(mail.outbox) == 2
    # Once the lease runs out, it goes.
    operations.sweep(NOON + email.LEASE + dt.timedelta(seconds=11), worker="second")
    operations.sweep(NOON + dt.timedelta(hours=1), worker="third")
    sent_to = sorted(m.to[0] for m in mail.outbox)
    assert sent_to == sorted(p.email for p in people)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_two_workers_interleaved_never_send_one_email_twice(db) -> None:
    people = [make_user(f"Q{n}") for n in range(2)]
    for n, person in enumerate(people):
        _wants_email(person)
        _note_for(person, n, now=NOON)
    interleaved: list[str] = []

    def other_worker_runs_now(message) -> None:
        if not interleaved:
            interleaved.append(message.to[0])
            operations.sweep(NOON, worker="B")  # while A is in the middle of its first send

    hooked.before_send.append(other_worker_runs_now)
    operations.sweep(NOON, worker="A")
    assert interleaved
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


@pytest.mark.django_db(transaction=True)
def test_two_workers_in_parallel_on_postgresql_send_each_email_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the interleaved test covers it there")
    people = [make_user(f"R{n}") for n in range(40)]
    for n, person in enumerate(people):
        _wants_email(person)
        _note_for(person, n, now=NOON)
    start = threading.Barrier(2)

    def work(name: str) -> None:
        start.wait()
        try:
            email.send_due_emails(NOON, worker=name)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == sorted(p.email for p in people)


def test_a_failing_mail_server_is_retried_then_given_up(partner_b) -> None:
    _wants_email(partner_b)
    _note_for(partner_b)

    def refuse(message) -> None:
        raise ConnectionRefusedError

    hooked.before_send.append(refuse)
    moment = NOON
    for _attempt in range(email.MAX_EMAIL_ATTEMPTS):
        operations.sweep(moment)
        operations.sweep(moment + dt.timedelta(seconds=30))  # too soon: it waits
        moment += dt.timedelta(minutes=2**email.MAX_EMAIL_ATTEMPTS)
    note = Notification.objects.get()
    assert note.email_attempts == email.MAX_EMAIL_ATTEMPTS
    assert note.email_failed_at is not None
    hooked.before_send.clear()
    operations.sweep(moment + dt.timedelta(hours=1))
    assert mail.outbox == []


def test_turning_email_off_stops_queued_emails(partner_b) -> None:
    _wants_email(partner_b)
    _note_for(partner_b, now=dt.datetime(2027, 1, 12, 23, tzinfo=UTC))
    operations.save_preferences(
        user=partner_b, quiet_start=dt.time(22), quiet_end=dt.time(8), remind=[], email=[]
    )
    operations.sweep(dt.datetime(2027, 1, 13, 9, tzinfo=UTC))
    assert mail.outbox == []

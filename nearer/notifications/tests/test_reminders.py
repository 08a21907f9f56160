"""Reminders: opt-in, at the right local time across daylight saving, once per occurrence."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from nearer.couples.operations import unlink
from nearer.notifications import operations
from nearer.notifications.models import Notification, Reminder
from nearer.rituals import operations as rituals

UTC = dt.UTC


def _remind(user, *practices: str, quiet=(dt.time(23), dt.time(6))) -> None:
    operations.save_preferences(
        user=user, quiet_start=quiet[0], quiet_end=quiet[1], remind=list(practices), email=[]
    )


def _ritual(user, days=(0, 2), at=dt.time(8)):
    return rituals.add_ritual(user=user, title="Tea first", idea_key="", days=list(days), time=at)


def test_no_reminders_unless_asked(partner_a, partner_b) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 4, 6, tzinfo=UTC), tick=False):
        _ritual(partner_a)
    assert not Reminder.objects.exists()
    assert operations.sweep(dt.datetime(2027, 1, 4, 8, 1, tzinfo=UTC))["reminders"] == 0


def test_a_ritual_reminder_fires_once_at_its_local_time(partner_a, partner_b) -> None:
    partner_a.time_zone = partner_b.time_zone = "Europe/London"
    partner_a.save()
    partner_b.save()
    with time_machine.travel(dt.datetime(2027, 1, 4, 6, tzinfo=UTC), tick=False):  # Monday
        _remind(partner_b, "rituals")
        ritual = _ritual(partner_a)
    row = Reminder.objects.get(user=partner_b)
    assert row.next_at == dt.datetime(2027, 1, 4, 8, tzinfo=UTC)
    assert not Reminder.objects.filter(user=partner_a).exists()  # Alex did not ask

    assert operations.sweep(dt.datetime(2027, 1, 4, 7, 59, tzinfo=UTC))["reminders"] == 0
    at = dt.datetime(2027, 1, 4, 8, 0, 20, tzinfo=UTC)
    assert operations.sweep(at)["reminders"] == 1
    assert operations.sweep(at)["reminders"] == 0  # a second sweep at once
    note = Notification.objects.get(user=partner_b)
    assert note.kind == "ritual_reminder"
    assert note.message(partner_b.zone) == "A ritual of yours is at 08:00."
    row.refresh_from_db()
    assert row.next_at == dt.datetime(2027, 1, 6, 8, tzinfo=UTC)  # Wednesday
    assert ritual.text not in note.message(partner_b.zone)


def test_reminders_keep_local_time_across_the_clock_change(partner_a, partner_b) -> None:
    partner_a.time_zone = partner_b.time_zone = "Europe/London"
    partner_a.save()
    partner_b.save()
    # Sunday 8:00 rituals; London moves to summer time on Sunday 28 March 2027.
    with time_machine.travel(dt.datetime(2027, 3, 20, 12, tzinfo=UTC), tick=False):
        _remind(partner_a, "rituals")
        _ritual(partner_a, days=[6])
    fired = []
    moment = dt.datetime(2027, 3, 20, 12, tzinfo=UTC)
    while moment < dt.datetime(2027, 4, 5, tzinfo=UTC):
        if operations.sweep(moment)["reminders"]:
            fired.append(moment)
        moment += dt.timedelta(minutes=30)
    assert fired == [
        dt.datetime(2027, 3, 21, 8, tzinfo=UTC),  # 08:00 GMT
        dt.datetime(2027, 3, 28, 7, tzinfo=UTC),  # 08:00 BST
        dt.datetime(2027, 4, 4, 7, tzinfo=UTC),
    ]


def test_a_long_stopped_worker_does_not_flood(partner_a, partner_b) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 4, 6, tzinfo=UTC), tick=False):
        _remind(partner_a, "rituals")
        _ritual(partner_a, days=range(7))
    # The worker comes back three days later: stale reminders are skipped, not sent in a heap.
    back = dt.datetime(2027, 1, 7, 12, tzinfo=UTC)
    for _ in range(5):
        operations.sweep(back)
    assert Notification.objects.count() == 0
    assert Reminder.objects.get().next_at == dt.datetime(2027, 1, 8, 8, tzinfo=UTC)


def test_removing_a_ritual_or_opting_out_stops_its_reminders(partner_a, partner_b) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 4, 6, tzinfo=UTC), tick=False):
        _remind(partner_a, "rituals")
        ritual = _ritual(partner_a)
        other = _ritual(partner_a, days=[1])
        assert Reminder.objects.count() == 2
        rituals.archive(ritual=ritual)
        assert list(Reminder.objects.values_list("source_id", flat=True)) == [other.pk]
        _remind(partner_a)
    assert not Reminder.objects.exists()
    operations.sweep(dt.datetime(2027, 1, 5, 9, tzinfo=UTC))
    assert not Notification.objects.exists()


def test_a_reminder_for_a_ritual_removed_behind_its_back_does_not_fire(
    partner_a, partner_b
) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 4, 6, tzinfo=UTC), tick=False):
        _remind(partner_a, "rituals")
        ritual = _ritual(partner_a)
    type(ritual).objects.filter(pk=ritual.pk).update(
        archived_at=dt.datetime(2027, 1, 4, tzinfo=UTC)
    )
    operations.sweep(dt.datetime(2027, 1, 4, 8, 1, tzinfo=UTC))
    assert not Notification.objects.exists()


def test_unlinking_ends_reminders_of_the_shared_space(partner_a, partner_b) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 4, 6, tzinfo=UTC), tick=False):
        _remind(partner_b, "rituals")
        _ritual(partner_a)
        assert Reminder.objects.filter(user=partner_b).exists()
        unlink(user=partner_a)
    assert not Reminder.objects.filter(user=partner_b).exists()


def test_reminder_emails_respect_quiet_hours_and_never_arrive_after_the_event(
    partner_a, partner_b, mailoutbox
) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 4, 6, tzinfo=UTC), tick=False):
        operations.save_preferences(
            user=partner_a,
            quiet_start=dt.time(21),
            quiet_end=dt.time(7),
            remind=["rituals"],
            email=["rituals"],
        )
        _ritual(partner_a, days=[0], at=dt.time(22))
        _ritual(partner_a, days=[1], at=dt.time(19))
    # 22:00 is inside the quiet hours: in the list, but no email (not even next morning).
    operations.sweep(dt.datetime(2027, 1, 4, 22, 0, 30, tzinfo=UTC))
    assert Notification.objects.get().email is False
    operations.sweep(dt.datetime(2027, 1, 5, 7, 0, 30, tzinfo=UTC))
    assert mailoutbox == []
    # 19:00 is outside them: emailed at once, discreetly.
    operations.sweep(dt.datetime(2027, 1, 5, 19, 0, 30, tzinfo=UTC))
    assert len(mailoutbox) == 1
    assert "A reminder you asked for is waiting for you in Nearer." in mailoutbox[0].body


def test_moving_time_zone_moves_ritual_reminders_only_if_the_ritual_is_ones_own_clock(
    client, partner_a, partner_b
) -> None:
    """A ritual is a shared moment on the clock it was made on; a person moving zones keeps
    being reminded at that moment, and the reminder row is recomputed on saving the profile."""
    partner_a.time_zone = "Europe/London"
    partner_a.save()
    with time_machine.travel(dt.datetime(2027, 1, 4, 6, tzinfo=UTC), tick=False):
        _remind(partner_b, "rituals")
        _ritual(partner_a, days=[0], at=dt.time(8))
        row = Reminder.objects.get(user=partner_b)
        Reminder.objects.filter(pk=row.pk).update(next_at=None)  # pretend it drifted
        client.force_login(partner_b)
        client.post(reverse("accounts:me"), {"display_name": "Sam", "time_zone": "Asia/Tokyo"})
    row.refresh_from_db()
    assert row.next_at == dt.datetime(2027, 1, 4, 8, tzinfo=UTC)


def test_a_busy_minute_is_cleared_in_one_sweep(partner_a, partner_b, monkeypatch) -> None:
    """More due than one batch: the sweep keeps going until all are done."""
    monkeypatch.setattr(operations, "BATCH", 3)
    with time_machine.travel(dt.datetime(2027, 1, 4, 6, tzinfo=UTC), tick=False):
        _remind(partner_a, "rituals")
        _remind(partner_b, "rituals")
        for minute in (0, 15, 30, 45):
            _ritual(partner_a, days=[0], at=dt.time(9, minute))
    assert Reminder.objects.count() == 8
    assert operations.sweep(dt.datetime(2027, 1, 4, 10, 30, tzinfo=UTC))["reminders"] == 8
    assert Notification.objects.count() == 8

"""Scheduled catch-ups: plan on your own clock, change, cancel, "we had it", guide, reminders."""

from __future__ import annotations

import datetime as dt
import html
import uuid

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nearer.catchups import guide, operations
from nearer.catchups.models import CatchUp
from nearer.couples.operations import unlink
from nearer.notifications import operations as notifications
from nearer.notifications.models import Notification, Reminder

UTC = dt.UTC
URL = reverse("catchups:index")
NOW = dt.datetime(2027, 3, 20, 12, tzinfo=UTC)  # a Saturday; London is still on GMT
WEDNESDAY = dt.date(2027, 3, 24)
TOPIC = "How we’re both doing since the new job 🌱 — « café » & 東京, and the 👩‍❤️‍👨 thing"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _form(**overrides: str) -> dict[str, str]:
    data = {"day": "2027-03-24", "at": "19:00", "minutes": "60", "topic": TOPIC}
    data.update(overrides)
    return data


def _plan(user, day=WEDNESDAY, at=dt.time(19), minutes=60, topic="", nonce="") -> CatchUp:
    return operations.plan_catchup(
        user=user, day=day, at=at, minutes=minutes, topic=topic, nonce=nonce
    )


def _remind(user) -> None:
    notifications.save_preferences(
        user=user, quiet_start=dt.time(23), quiet_end=dt.time(6), remind=["catchups"], email=[]
    )


def _zones(a, a_zone: str, b=None, b_zone: str = "") -> None:
    a.time_zone = a_zone
    a.save()
    if b is not None:
        b.time_zone = b_zone
        b.save()


# --- Planning ---------------------------------------------------------------------------------


def test_plan_on_my_clock_and_my_partner_sees_it_on_theirs(client, partner_a, partner_b) -> None:
    _zones(partner_a, "Europe/London", partner_b, "Asia/Tokyo")
    client.force_login(partner_a)
    response = client.post(URL, _form(), follow=True)
    catchup = CatchUp.objects.get()
    assert catchup.starts_at == dt.datetime(2027, 3, 24, 19, tzinfo=UTC)  # 19:00 GMT
    assert (catchup.time_zone, catchup.minutes, catchup.author) == ("Europe/London", 60, partner_a)
    assert catchup.text == TOPIC
    assert TOPIC.encode() not in bytes(catchup.body)
    assert response.redirect_chain[-1][0] == reverse("catchups:detail", args=[catchup.pk])
    body = response.content.decode()
    assert "Wednesday 24 March 2027, 19:00" in body
    assert html.escape(TOPIC, quote=False) in body

    client.force_login(partner_b)
    body = client.get(reverse("catchups:detail", args=[catchup.pk])).content.decode()
    assert "Thursday 25 March 2027, 04:00" in body  # the same moment, on Sam's clock
    assert html.escape(TOPIC, quote=False) in body
    assert "planned by Alex" in body
    assert "Thursday 25 March, 04:00" in client.get(URL).content.decode()


def test_the_partner_is_told_without_the_topic(client, partner_a, partner_b) -> None:
    catchup = _plan(partner_a, topic=TOPIC)
    note = Notification.objects.get()
    assert (note.user, note.kind, note.actor) == (partner_b, "catchup_planned", partner_a)
    assert note.url == reverse("catchups:detail", args=[catchup.pk])
    assert note.about_at == catchup.starts_at
    assert (
        note.message(partner_b.zone) == "Alex planned a catch-up for Wednesday 24 March at 19:00."
    )
    assert "café" not in note.message(partner_b.zone)


def test_the_form_says_the_topic_is_shared(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    body = client.get(URL).content.decode()
    assert "What we might talk about (optional)" in body
    assert "Your partner will see this too." in body


def test_someone_on_their_own_is_asked_to_invite_first(client, solo) -> None:
    client.force_login(solo)
    body = client.get(URL).content.decode()
    assert "opens once you’re linked" in body
    assert reverse("couples:partner") in body
    assert "Plan this catch-up" not in body
    response = client.post(URL, _form())
    assert "opens once you’re linked" in response.content.decode()
    assert not CatchUp.objects.exists()
    with pytest.raises(operations.NeedsPartner):
        _plan(solo)


def test_empty_state_teaches_and_offers_one_first_step(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    body = client.get(URL).content.decode()
    assert "longer, unhurried conversation" in body
    assert "Choose a date below that suits you both." in body
    assert body.count('type="submit"') == 1  # the plan form is the one thing to do
    _plan(partner_b)
    assert "Choose a date below that suits you both." not in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("zone", "data", "message", "kept"),
    [
        pytest.param(
            "UTC",
            {"day": "2027-03-20", "at": "11:30"},
            "That time has already passed.",
            ['value="2027-03-20"', 'value="11:30"'],
            id="past",
        ),
        pytest.param(
            "Europe/London",
            {"day": "2027-03-28", "at": "01:30"},
            "Clocks go forward that night, so 01:30 doesn’t happen on 28 March. "
            "Choose a later time, such as 02:30.",
            ['value="2027-03-28"', 'value="01:30"'],
            id="dst-gap",
        ),
        pytest.param(
            "UTC",
            {"minutes": "20"},
            "Choose a length between 30 and 240 minutes.",
            ['value="20"', 'value="2027-03-24"'],
            id="too-short",
        ),
        pytest.param(
            "UTC",
            {"minutes": "300"},
            "Choose a length between 30 and 240 minutes.",
            ['value="300"'],
            id="too-long",
        ),
        pytest.param("UTC", {"day": ""}, "Choose a date.", ['value="19:00"'], id="missing-date"),
        pytest.param(
            "UTC",
            {"day": "2027-02-30"},
            "That date doesn’t exist.",
            ['value="2027-02-30"'],
            id="impossible-date",
        ),
        pytest.param(
            "UTC", {"at": ""}, "Choose a time.", ['value="2027-03-24"'], id="missing-time"
        ),
        pytest.param(
            "UTC",
            {"day": "2031-01-01"},
            "Choose a date within the next two years.",
            ['value="2031-01-01"'],
            id="too-far",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
    client, partner_a, partner_b, zone, data, message, kept
) -> None:
    _zones(partner_a, zone)
    client.force_login(partner_a)
    response = client.post(URL, _form(**data))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert message in body
    assert TOPIC in body  # the words are still in the form
    for value in kept:
        assert value in body
    assert 'role="alert"' in response.content.decode()
    assert not CatchUp.objects.exists()
    assert not Notification.objects.exists()


def test_a_time_that_exists_on_a_clock_change_day_is_fine(client, partner_a, partner_b) -> None:
    _zones(partner_a, "Europe/London")
    client.force_login(partner_a)
    client.post(URL, _form(day="2027-03-28", at="02:30"))
    assert CatchUp.objects.get().starts_at == dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # BST


def test_a_double_submission_plans_one_catchup(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    nonce = str(uuid.uuid4())
    first = client.post(URL, _form(nonce=nonce))
    second = client.post(URL, _form(nonce=nonce))
    catchup = CatchUp.objects.get()
    assert first["Location"] == second["Location"] == reverse("catchups:detail", args=[catchup.pk])
    assert Notification.objects.filter(kind="catchup_planned").count() == 1
    client.post(URL, _form(nonce=str(uuid.uuid4())))
    assert CatchUp.objects.count() == 2


def test_a_long_topic_survives_exactly_and_a_too_long_one_is_kept(
    client, partner_a, partner_b
) -> None:
    long = ("Zeit für uns 💬 " * 40)[:500].strip()
    client.force_login(partner_a)
    client.post(URL, _form(topic=long))
    assert CatchUp.objects.get().text == long
    assert long.encode() not in bytes(CatchUp.objects.get().body)
    too_long = "ö" * 501
    response = client.post(URL, _form(topic=too_long, day="2027-03-25"))
    assert too_long in response.content.decode()
    assert "Keep it to 500 characters. Your words are still here." in html.unescape(
        response.content.decode()
    )
    assert CatchUp.objects.count() == 1


def test_minutes_are_checked_by_the_database_too(partner_a, partner_b) -> None:
    catchup = _plan(partner_a)
    with pytest.raises(IntegrityError):
        CatchUp.objects.filter(pk=catchup.pk).update(minutes=241)


# --- Changing, cancelling, "we had it" -------------------------------------------------------


def test_either_partner_moves_it_on_their_own_clock(client, partner_a, partner_b) -> None:
    _zones(partner_a, "Europe/London", partner_b, "America/New_York")
    catchup = _plan(partner_a)
    client.force_login(partner_b)
    detail = reverse("catchups:detail", args=[catchup.pk])
    page = client.get(detail).content.decode()
    assert 'value="2027-03-24"' in page and 'value="15:00"' in page  # 19:00 GMT in New York
    client.post(detail, {"day": "2027-03-25", "at": "18:30", "minutes": "90"})
    catchup.refresh_from_db()
    assert catchup.starts_at == dt.datetime(2027, 3, 25, 22, 30, tzinfo=UTC)  # EDT is UTC-4
    assert (catchup.minutes, catchup.time_zone, catchup.version) == (90, "America/New_York", 1)
    note = Notification.objects.get(kind="catchup_changed")
    assert (note.user, note.actor, note.about_at) == (partner_a, partner_b, catchup.starts_at)

    # Sending the same again changes nothing and tells nobody twice; a real change tells again.
    client.post(detail, {"day": "2027-03-25", "at": "18:30", "minutes": "90"})
    assert Notification.objects.filter(kind="catchup_changed").count() == 1
    client.post(detail, {"day": "2027-03-25", "at": "18:30", "minutes": "60"})
    assert Notification.objects.filter(kind="catchup_changed").count() == 2
    client.post(detail, {"day": "2027-03-25", "at": "18:30", "minutes": "90"})
    assert Notification.objects.filter(kind="catchup_changed").count() == 3


def test_moving_into_the_past_is_refused_and_keeps_what_was_typed(
    client, partner_a, partner_b
) -> None:
    catchup = _plan(partner_a)
    client.force_login(partner_b)
    response = client.post(
        reverse("catchups:detail", args=[catchup.pk]),
        {"day": "2027-03-19", "at": "08:15", "minutes": "45"},
    )
    body = response.content.decode()
    assert "That time has already passed." in body
    assert 'value="2027-03-19"' in body and 'value="08:15"' in body and 'value="45"' in body
    catchup.refresh_from_db()
    assert (catchup.starts_at, catchup.minutes, catchup.version) == (
        dt.datetime(2027, 3, 24, 19, tzinfo=UTC),
        60,
        0,
    )


def test_either_partner_cancels_once(client, partner_a, partner_b) -> None:
    catchup = _plan(partner_a)
    client.force_login(partner_b)
    cancel = reverse("catchups:cancel", args=[catchup.pk])
    assert client.post(cancel)["Location"] == URL
    client.post(cancel)  # a double tap
    catchup.refresh_from_db()
    assert catchup.cancelled_at == NOW
    note = Notification.objects.get(kind="catchup_cancelled")
    assert (note.user, note.actor) == (partner_a, partner_b)
    assert "Cancelled." in client.get(URL).content.decode()
    client.force_login(partner_a)
    assert reverse("catchups:detail", args=[catchup.pk]) not in client.get(URL).content.decode()
    body = client.get(reverse("catchups:detail", args=[catchup.pk])).content.decode()
    assert "This catch-up was cancelled." in body
    assert "Move the catch-up" not in body
    response = client.post(
        reverse("catchups:detail", args=[catchup.pk]),
        {"day": "2027-03-26", "at": "10:00", "minutes": "60"},
    )
    assert "You can plan a new one." in response.content.decode()
    catchup.refresh_from_db()
    assert catchup.starts_at == dt.datetime(2027, 3, 24, 19, tzinfo=UTC)


def test_we_had_it_once_it_has_started(client, partner_a, partner_b, clock) -> None:
    catchup = _plan(partner_a)
    had = reverse("catchups:had", args=[catchup.pk])
    client.force_login(partner_b)
    client.post(had)
    catchup.refresh_from_db()
    assert catchup.done_at is None
    assert (
        "We had it"
        not in client.get(reverse("catchups:detail", args=[catchup.pk])).content.decode()
    )

    clock.move_to(dt.datetime(2027, 3, 24, 20, tzinfo=UTC))
    assert "Started. Did you have it?" in client.get(URL).content.decode()
    client.post(had)
    client.post(had)
    catchup.refresh_from_db()
    assert catchup.done_at == dt.datetime(2027, 3, 24, 20, tzinfo=UTC)
    body = client.get(URL).content.decode()
    assert "Earlier catch-ups" in body and "You had it." in body
    assert "Coming up" not in body
    assert client.post(reverse("catchups:cancel", args=[catchup.pk])).status_code == 302
    catchup.refresh_from_db()
    assert catchup.cancelled_at is None


def test_the_guide_is_our_own_and_on_the_page(client, partner_a, partner_b) -> None:
    assert 6 <= len(guide.STEPS) <= 8
    assert 45 <= sum(step.minutes for step in guide.STEPS) <= 90
    words = " ".join(str(s.title) + " " + str(s.text) for s in guide.STEPS)
    words += str(guide.INTRO) + str(guide.PAUSE)
    assert "!" not in words
    for assumed in ("husband", "wife", "marri", "kids", "children", "money", "church", "home"):
        assert assumed not in words.lower()
    catchup = _plan(partner_a)
    client.force_login(partner_b)
    body = html.unescape(client.get(reverse("catchups:detail", args=[catchup.pk])).content.decode())
    for step in guide.STEPS:
        assert str(step.title) in body
    assert "Emotional safety" in body  # the foundations to choose from
    assert reverse("safety") in body


# --- Who may do what --------------------------------------------------------------------------


def test_access_at_the_queryset(partner_a, partner_b, outsider) -> None:
    catchup = _plan(partner_a)
    assert list(CatchUp.objects.for_user(partner_a)) == [catchup]
    assert list(CatchUp.objects.for_user(partner_b)) == [catchup]
    assert not CatchUp.objects.for_user(outsider).exists()
    assert not CatchUp.objects.for_user(AnonymousUser()).exists()
    unlink(user=partner_b)
    assert not CatchUp.objects.for_user(partner_a).exists()
    assert not CatchUp.objects.for_user(partner_b).exists()


def test_access_at_the_views(client, partner_a, partner_b, outsider) -> None:
    catchup = _plan(partner_a, topic=TOPIC)
    detail = reverse("catchups:detail", args=[catchup.pk])
    posts = {
        detail: {"day": "2027-03-26", "at": "10:00", "minutes": "60"},
        reverse("catchups:cancel", args=[catchup.pk]): {},
        reverse("catchups:had", args=[catchup.pk]): {},
    }
    escaped = html.escape(TOPIC, quote=False)
    for person in (partner_a, partner_b):
        client.force_login(person)
        assert client.get(detail).status_code == 200
        assert escaped in client.get(URL).content.decode()

    client.force_login(outsider)
    assert client.get(detail).status_code == 404
    assert escaped not in client.get(URL).content.decode()
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404

    client.logout()
    for url in (URL, detail):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]
    for url, data in [(URL, _form()), *posts.items()]:
        assert client.post(url, data).status_code == 302

    unlink(user=partner_b)
    for person in (partner_a, partner_b):
        client.force_login(person)
        assert client.get(detail).status_code == 404
        assert escaped not in client.get(URL).content.decode()
        for url, data in posts.items():
            assert client.post(url, data).status_code == 404

    catchup.refresh_from_db()
    assert (catchup.starts_at, catchup.cancelled_at, catchup.done_at, catchup.version) == (
        dt.datetime(2027, 3, 24, 19, tzinfo=UTC),
        None,
        None,
        0,
    )
    assert CatchUp.objects.count() == 1


def test_operations_refuse_a_catchup_from_another_space(partner_a, partner_b, outsider) -> None:
    catchup = _plan(partner_a)
    with pytest.raises(operations.CatchUpError):
        operations.cancel(user=outsider, catchup=catchup)
    with pytest.raises(operations.CatchUpError):
        operations.reschedule(
            user=outsider, catchup=catchup, day=WEDNESDAY, at=dt.time(10), minutes=60
        )
    catchup.refresh_from_db()
    assert catchup.cancelled_at is None and catchup.version == 0


# --- Reminders --------------------------------------------------------------------------------


def test_a_reminder_comes_three_hours_before_for_whoever_asked(partner_a, partner_b) -> None:
    _remind(partner_b)
    catchup = _plan(partner_a)  # Wednesday 19:00 UTC
    assert Reminder.objects.get().user == partner_b
    assert notifications.sweep(dt.datetime(2027, 3, 24, 15, 59, tzinfo=UTC))["reminders"] == 0
    at = dt.datetime(2027, 3, 24, 16, 0, 20, tzinfo=UTC)
    assert notifications.sweep(at)["reminders"] == 1
    assert notifications.sweep(at)["reminders"] == 0
    assert notifications.sweep(dt.datetime(2027, 3, 24, 18, tzinfo=UTC))["reminders"] == 0
    note = Notification.objects.get(kind="catchup_reminder")
    assert (note.user, note.about_at) == (partner_b, catchup.starts_at)
    assert note.url == URL
    assert note.message(partner_b.zone) == "Your catch-up is on Wednesday 24 March at 19:00."
    assert not Notification.objects.filter(user=partner_a, kind="catchup_reminder").exists()


def test_no_reminder_for_a_cancelled_catchup(partner_a, partner_b) -> None:
    _remind(partner_a)
    catchup = _plan(partner_a)
    operations.cancel(user=partner_b, catchup=catchup)
    assert not Reminder.objects.exists()
    notifications.sweep(dt.datetime(2027, 3, 24, 16, 0, 20, tzinfo=UTC))
    assert not Notification.objects.filter(kind="catchup_reminder").exists()


def test_a_catchup_cancelled_behind_the_reminders_back_is_not_reminded(
    partner_a, partner_b
) -> None:
    _remind(partner_a)
    catchup = _plan(partner_a)
    CatchUp.objects.filter(pk=catchup.pk).update(cancelled_at=NOW)
    notifications.sweep(dt.datetime(2027, 3, 24, 16, 0, 20, tzinfo=UTC))
    assert not Notification.objects.filter(kind="catchup_reminder").exists()


def test_the_reminder_moves_with_the_catchup(partner_a, partner_b) -> None:
    _remind(partner_a)
    catchup = _plan(partner_a)
    operations.reschedule(
        user=partner_b, catchup=catchup, day=dt.date(2027, 3, 25), at=dt.time(20), minutes=60
    )
    assert Reminder.objects.get().next_at == dt.datetime(2027, 3, 25, 17, tzinfo=UTC)
    assert notifications.sweep(dt.datetime(2027, 3, 24, 16, 0, 20, tzinfo=UTC))["reminders"] == 0
    assert notifications.sweep(dt.datetime(2027, 3, 25, 17, 0, 20, tzinfo=UTC))["reminders"] == 1
    note = Notification.objects.get(kind="catchup_reminder")
    assert note.about_at == dt.datetime(2027, 3, 25, 20, tzinfo=UTC)


def test_unlinking_ends_catchup_reminders(partner_a, partner_b) -> None:
    _remind(partner_a)
    _plan(partner_b)
    assert Reminder.objects.filter(user=partner_a).exists()
    unlink(user=partner_b)
    assert not Reminder.objects.exists()
    notifications.sweep(dt.datetime(2027, 3, 24, 16, 0, 20, tzinfo=UTC))
    assert not Notification.objects.filter(kind="catchup_reminder").exists()


# --- Cost ----------------------------------------------------------------------------------


def test_the_list_costs_the_same_queries_with_a_long_history(
    client, partner_a, partner_b, clock
) -> None:
    def plan_and_pass(n: int) -> None:
        clock.move_to(NOW + dt.timedelta(days=n * 7))
        catchup = _plan(partner_a, day=(NOW + dt.timedelta(days=n * 7 + 1)).date(), topic=TOPIC)
        clock.move_to(catchup.starts_at + dt.timedelta(hours=1))
        operations.mark_had(user=partner_b, catchup=catchup)

    plan_and_pass(0)
    _plan(partner_a, day=(NOW + dt.timedelta(days=400)).date(), topic=TOPIC)
    client.force_login(partner_a)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(1, 25):
        plan_and_pass(n)
    _plan(partner_b, day=(NOW + dt.timedelta(days=401)).date(), topic=TOPIC)
    client.force_login(partner_a)  # months have passed: a fresh session
    client.get(URL)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.content.decode().count("You had it.") == 5  # a few past ones
    assert len(many) == len(few)

"""Agreeing a weekly check-in time: suggest, accept or counter, on each person's own clock."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from nearer.checkins import operations
from nearer.checkins.models import CheckinPlan
from nearer.couples.space import space_of
from nearer.notifications import operations as notifications
from nearer.notifications.models import Notification, Reminder

UTC = dt.UTC
INDEX = reverse("checkins:index")
PROPOSE = reverse("checkins:propose")
ACCEPT = reverse("checkins:accept")
NOW = dt.datetime(2027, 1, 6, 12, tzinfo=UTC)  # a Wednesday


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def apart(partner_a, partner_b):
    """Alex in London, Sam in New York."""
    partner_a.time_zone = "Europe/London"
    partner_a.save()
    partner_b.time_zone = "America/New_York"
    partner_b.save()
    return partner_a, partner_b


def _version(user) -> int:
    return operations.plan_of(space_of(user)).version


def _suggest(client, user, weekday=6, time="19:00", version=None):
    client.force_login(user)
    data = {
        "weekday": weekday,
        "time": time,
        "version": _version(user) if version is None else version,
    }
    return client.post(PROPOSE, data, follow=True)


def test_suggest_then_accept(client, apart) -> None:
    alex, sam = apart
    body = _suggest(client, alex).content.decode()
    assert "Suggested." in body
    assert "You suggested Sundays at 19:00. It’s waiting for Sam." in body
    assert Notification.objects.get(user=sam).kind == "checkin_proposed"

    client.force_login(sam)
    page = client.get(INDEX).content.decode()
    assert "Alex suggested Sundays at 14:00, your time." in page
    assert "That’s Sunday 19:00 on Europe/London time." in page
    response = client.post(ACCEPT, {"version": _version(sam)}, follow=True)
    assert "Agreed." in response.content.decode()

    plan = CheckinPlan.objects.get()
    assert (plan.weekday, plan.time, plan.time_zone) == (6, dt.time(19), "Europe/London")
    assert not plan.has_proposal
    assert Notification.objects.get(user=sam, kind="checkin_proposed").read_at is not None
    agreed = Notification.objects.get(user=alex, kind="checkin_agreed")
    assert agreed.about_at == dt.datetime(2027, 1, 10, 19, tzinfo=UTC)
    assert (
        agreed.message(alex.zone) == "Your weekly check-in is set for Sunday 10 January at 19:00."
    )


def test_each_sees_it_on_their_own_clock_across_daylight_saving(client, apart) -> None:
    alex, sam = apart
    _suggest(client, alex)
    client.force_login(sam)
    client.post(ACCEPT, {"version": _version(sam)})
    assert "Sundays at 14:00" in client.get(INDEX).content.decode()
    client.force_login(alex)
    assert "Sundays at 19:00" in client.get(INDEX).content.decode()
    # Mid March: New York has moved its clocks, London not yet.
    with time_machine.travel(dt.datetime(2027, 3, 17, 12, tzinfo=UTC), tick=False):
        client.force_login(sam)
        page = client.get(INDEX).content.decode()
        assert "Sundays at 15:00" in page
        assert "That’s Sunday 19:00 on Europe/London time, where it was agreed." in page
        client.force_login(alex)
        assert "Sundays at 19:00" in client.get(INDEX).content.decode()


def test_the_day_can_differ_for_a_partner_far_away(client, partner_a, partner_b) -> None:
    partner_a.time_zone = "Europe/London"
    partner_a.save()
    partner_b.time_zone = "Asia/Tokyo"
    partner_b.save()
    _suggest(client, partner_a, weekday=6, time="19:00")
    client.force_login(partner_b)
    assert "Alex suggested Mondays at 04:00, your time." in client.get(INDEX).content.decode()


def test_suggesting_the_same_moment_in_another_zone_agrees_it(client, apart) -> None:
    alex, sam = apart
    _suggest(client, alex, weekday=6, time="19:00")
    response = _suggest(client, sam, weekday=6, time="14:00")
    assert "That’s the same time your partner suggested, so it’s set." in response.content.decode()
    plan = CheckinPlan.objects.get()
    assert plan.is_agreed and not plan.has_proposal


def test_a_counter_suggestion_replaces_the_first(client, apart) -> None:
    alex, sam = apart
    _suggest(client, alex, weekday=6, time="19:00")
    _suggest(client, sam, weekday=2, time="20:30")
    plan = CheckinPlan.objects.get()
    assert plan.proposed_by == sam
    assert (plan.proposed_weekday, plan.proposed_time, plan.proposed_zone) == (
        2,
        dt.time(20, 30),
        "America/New_York",
    )
    client.force_login(alex)
    assert "Sam suggested Thursdays at 01:30, your time." in client.get(INDEX).content.decode()


def test_two_suggestions_sent_at_the_same_moment(client, apart) -> None:
    """Both load the page, both send: the second is told, keeps their choice, can resend."""
    alex, sam = apart
    seen = _version(alex)
    _suggest(client, alex, weekday=6, time="19:00", version=seen)
    response = _suggest(client, sam, weekday=5, time="10:00", version=seen)
    body = response.content.decode()
    assert "Alex suggested a time a moment ago: Sunday at 14:00." in body
    assert '<option value="5" selected>' in body  # Sam's choice is still in the form
    assert 'value="10:00"' in body
    plan = CheckinPlan.objects.get()
    assert plan.proposed_by == alex  # nothing was overwritten blindly
    # The form now carries the current version: sending it again is a deliberate counter.
    version = response.context["time_form"]["version"].value()
    _suggest(client, sam, weekday=5, time="10:00", version=int(version))
    assert CheckinPlan.objects.get().proposed_by == sam


def test_accepting_a_suggestion_that_just_changed_is_refused(client, apart) -> None:
    alex, sam = apart
    _suggest(client, alex, time="19:00")
    stale = _version(sam)
    _suggest(client, alex, time="20:00")
    client.force_login(sam)
    response = client.post(ACCEPT, {"version": stale}, follow=True)
    assert "Alex suggested a time a moment ago: Sunday at 15:00." in response.content.decode()
    assert not CheckinPlan.objects.get().is_agreed


def test_a_time_in_the_spring_gap_is_explained(client, partner_a, partner_b) -> None:
    partner_a.time_zone = "Europe/London"
    partner_a.save()
    response = _suggest(client, partner_a, weekday=6, time="01:30")
    body = response.content.decode()
    assert "on Sunday 28 March the clocks go forward where you are" in body
    assert "your check-in will be at 02:30" in body
    assert CheckinPlan.objects.get().proposed_time == dt.time(1, 30)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weekday": 6, "time": "25:61"}, "Enter a time like 19:30."),
        ({"weekday": 6, "time": ""}, "Choose a time."),
        ({"weekday": 9, "time": "19:00"}, "Choose a day of the week."),
    ],
)
def test_bad_times_are_explained(client, partner_a, partner_b, data, message) -> None:
    client.force_login(partner_a)
    response = client.post(PROPOSE, {**data, "version": 0})
    assert message in response.content.decode()
    assert not CheckinPlan.objects.filter(proposed_weekday__isnull=False).exists()


def test_accepting_ones_own_suggestion_is_refused(client, partner_a, partner_b) -> None:
    _suggest(client, partner_a)
    response = client.post(ACCEPT, {"version": _version(partner_a)}, follow=True)
    assert "This is your own suggestion. It’s waiting for Sam." in response.content.decode()
    assert not CheckinPlan.objects.get().is_agreed


def test_take_back_and_stop(client, partner_a, partner_b) -> None:
    _suggest(client, partner_a)
    client.post(reverse("checkins:withdraw"), {"version": _version(partner_a)})
    assert not CheckinPlan.objects.get().has_proposal
    _suggest(client, partner_a)
    client.force_login(partner_b)
    client.post(ACCEPT, {"version": _version(partner_b)})
    client.post(reverse("checkins:clear"), {"version": _version(partner_b)})
    assert not CheckinPlan.objects.get().is_agreed


def test_solo_people_are_invited_to_link_first(client, solo) -> None:
    client.force_login(solo)
    assert "Invite my partner" in client.get(INDEX).content.decode()
    response = _suggest(client, solo)
    assert "The weekly check-in is for two. Invite your partner first." in response.content.decode()


def test_another_couple_cannot_touch_the_plan(client, partner_a, partner_b, outsider) -> None:
    _suggest(client, partner_a)
    client.force_login(outsider)
    body = client.get(INDEX).content.decode()
    assert "Alex suggested" not in body
    client.post(ACCEPT, {"version": _version(partner_a)})
    client.post(reverse("checkins:withdraw"), {"version": _version(partner_a)})
    plan = CheckinPlan.objects.get(couple=space_of(partner_a))
    assert plan.has_proposal and plan.proposed_by == partner_a and not plan.is_agreed
    assert not CheckinPlan.objects.for_user(outsider).filter(pk=plan.pk).exists()
    assert CheckinPlan.objects.for_user(partner_b).filter(pk=plan.pk).exists()


@pytest.mark.parametrize(
    "name", ["checkins:propose", "checkins:accept", "checkins:withdraw", "checkins:clear"]
)
def test_anonymous_cannot_change_anything(client, partner_a, partner_b, name) -> None:
    _suggest(client, partner_a)
    client.logout()
    response = client.post(reverse(name), {"weekday": 1, "time": "08:00", "version": 1})
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    plan = CheckinPlan.objects.get()
    assert plan.proposed_weekday == 6 and not plan.is_agreed


def test_a_reminder_comes_an_hour_before_on_the_readers_clock(client, apart) -> None:
    alex, sam = apart
    notifications.save_preferences(
        user=sam, quiet_start=dt.time(23), quiet_end=dt.time(7), remind=["checkins"], email=[]
    )
    _suggest(client, alex)
    client.force_login(sam)
    client.post(ACCEPT, {"version": _version(sam)})
    reminder = Reminder.objects.get(user=sam)
    assert reminder.next_at == dt.datetime(2027, 1, 10, 18, tzinfo=UTC)
    assert not Reminder.objects.filter(user=alex).exists()
    notifications.sweep(dt.datetime(2027, 1, 10, 18, 0, 30, tzinfo=UTC))
    note = Notification.objects.get(user=sam, kind="checkin_reminder")
    assert note.message(sam.zone) == "Your weekly check-in is at 14:00 today."
    # Stopping the weekly time stops the reminders.
    client.post(reverse("checkins:clear"), {"version": _version(sam)})
    assert not Reminder.objects.filter(user=sam).exists()

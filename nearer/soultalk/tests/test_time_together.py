"""Time together (practice 10): a phones-away timer and a gentle tally, no words stored."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from nearer.couples.operations import unlink
from nearer.soultalk.models import TimeTogether

START = dt.datetime(2026, 6, 10, 19, 0, tzinfo=dt.UTC)
URL = reverse("soultalk:time")


def _start(client, user, minutes=20, nonce=""):
    client.force_login(user)
    return client.post(URL, {"minutes": minutes, "nonce": nonce})


def test_start_shows_a_timer_until_the_end_time(client, partner_a, partner_b) -> None:
    with time_machine.travel(START, tick=False):
        response = _start(client, partner_a)
        time = TimeTogether.objects.get()
        assert response["Location"] == reverse("soultalk:time_timer", args=[time.pk])
        body = client.get(response["Location"]).content.decode()
    assert 'data-ends-at="2026-06-10T19:20:00+00:00"' in body
    assert "Phones away now" in body


def test_partner_sees_the_same_timer_and_can_end_it(client, partner_a, partner_b) -> None:
    with time_machine.travel(START, tick=False):
        _start(client, partner_a)
    time = TimeTogether.objects.get()
    client.force_login(partner_b)
    with time_machine.travel(START + dt.timedelta(minutes=12), tick=False):
        assert client.get(reverse("soultalk:time_timer", args=[time.pk])).status_code == 200
        client.post(reverse("soultalk:time_timer", args=[time.pk]))
    time.refresh_from_db()
    assert time.spent == dt.timedelta(minutes=12)


def test_an_ended_time_has_no_running_timer(client, partner_a, partner_b) -> None:
    with time_machine.travel(START, tick=False):
        _start(client, partner_a)
        time = TimeTogether.objects.get()
        page = reverse("soultalk:time_timer", args=[time.pk])
        client.post(page)  # "We’re back"
        body = client.get(page).content.decode()
    assert "data-timer" not in body
    assert "This one is done." in body


def test_tally_counts_this_month_without_guilt(client, partner_a, partner_b) -> None:
    with time_machine.travel(START, tick=False):
        _start(client, partner_a, minutes=20)
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        _start(client, partner_b, minutes=30)
    with time_machine.travel(START + dt.timedelta(days=2), tick=False):
        client.force_login(partner_a)
        body = client.get(URL).content.decode()
    assert "50 minutes together, phones away, across 2 stretches." in body
    assert "streak" not in body.lower()


def test_ended_early_counts_what_was_spent(client, partner_a, partner_b) -> None:
    with time_machine.travel(START, tick=False):
        _start(client, partner_a, minutes=20)
    time = TimeTogether.objects.get()
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        client.post(reverse("soultalk:time_timer", args=[time.pk]))
    time.refresh_from_db()
    assert time.spent == dt.timedelta(minutes=5)


@pytest.mark.parametrize("minutes", [0, 4, 121, "x"])
def test_bad_length_gets_a_clear_message(client, partner_a, minutes) -> None:
    response = _start(client, partner_a, minutes=minutes)
    assert response.status_code == 200
    assert response.context["form"].errors["minutes"]
    assert not TimeTogether.objects.exists()


def test_double_submission_starts_one(client, partner_a, partner_b) -> None:
    nonce = "5d1c1f8e-8a2a-4d0b-9c0e-6b2f1a7e3c44"
    first = _start(client, partner_a, nonce=nonce)
    second = _start(client, partner_a, nonce=nonce)
    assert TimeTogether.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_access(client, partner_a, partner_b, outsider) -> None:
    _start(client, partner_a)
    time = TimeTogether.objects.get()
    url = reverse("soultalk:time_timer", args=[time.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    time.refresh_from_db()
    assert time.ended_at is None
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get(URL).status_code == 302
    unlink(user=partner_a)
    client.force_login(partner_b)
    assert client.get(url).status_code == 404

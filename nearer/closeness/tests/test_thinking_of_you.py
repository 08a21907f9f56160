"""A one-tap "thinking of you": quiet, wordless, a few a day, only for the partner."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from nearer.closeness.models import Signal
from nearer.closeness.operations import DAILY_LIMIT
from nearer.couples.operations import unlink

URL = reverse("closeness:thinking_of_you")
NOON = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)


def test_partner_sees_it_on_today(client, bank, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    with time_machine.travel(NOON, tick=False):
        response = client.post(URL, follow=True)
        assert "Sent, quietly." in response.content.decode()
        client.force_login(partner_b)
        body = client.get(reverse("questions:today")).content.decode()
    assert "Alex is thinking of you (12:00)." in body


def test_sender_is_not_told_whether_it_was_seen(client, bank, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    client.post(URL)
    body = client.get(reverse("questions:today")).content.decode()
    assert "is thinking of you" not in body
    assert "seen" not in body.lower()


def test_limited_to_a_few_a_day(client, bank, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    with time_machine.travel(NOON, tick=False):
        for _ in range(DAILY_LIMIT + 2):
            response = client.post(URL, follow=True)
    assert Signal.objects.count() == DAILY_LIMIT
    assert "Tomorrow there are more" in response.content.decode()
    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        client.post(URL)
    assert Signal.objects.count() == DAILY_LIMIT + 1


def test_solo_gets_a_clear_message(client, bank, solo) -> None:
    client.force_login(solo)
    response = client.post(URL, follow=True)
    assert "Invite them first" in response.content.decode()
    assert not Signal.objects.exists()


def test_access(client, bank, partner_a, partner_b, outsider) -> None:
    client.force_login(partner_a)
    client.post(URL)
    client.force_login(outsider)
    assert "Alex is thinking of you" not in client.get(reverse("questions:today")).content.decode()
    assert not Signal.objects.received_by(outsider).exists()
    assert not Signal.objects.received_by(AnonymousUser()).exists()
    client.logout()
    assert client.post(URL).status_code == 302
    assert Signal.objects.count() == 1
    assert client.get(URL).status_code in (302, 405)
    unlink(user=partner_a)
    assert not Signal.objects.received_by(partner_b).exists()

"""The in-app list and the preferences page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nearer.notifications import operations
from nearer.notifications.models import Notification, Preferences, preferences_of

LIST = reverse("notifications:list")
SETTINGS = reverse("notifications:settings")


def _news(user, actor=None, n=1):
    return operations.notify(
        user=user, kind="note_arrived", key=f"note:{n}", url="/practices/notes/", actor=actor
    )


def test_the_list_shows_ones_own_and_marks_them_read(client, partner_a, partner_b) -> None:
    _news(partner_b, actor=partner_a)
    client.force_login(partner_b)
    body = client.get(LIST).content.decode()
    assert "Alex left you a note." in body
    assert "New" in body
    assert Notification.objects.get().read_at is not None
    assert "New" not in client.get(LIST).content.decode()


def test_nobody_else_sees_a_persons_notifications(client, partner_a, partner_b, outsider) -> None:
    _news(partner_b, actor=partner_a)
    for person in (partner_a, outsider):
        client.force_login(person)
        assert "left you a note" not in client.get(LIST).content.decode()
    assert Notification.objects.get().read_at is None  # nobody else marked it read
    assert not Notification.objects.for_user(AnonymousUser()).exists()
    assert not Notification.objects.for_user(partner_a).exists()
    assert Notification.objects.for_user(partner_b).count() == 1


@pytest.mark.parametrize("url", [LIST, SETTINGS])
def test_anonymous_is_sent_to_sign_in(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert client.post(SETTINGS, {"quiet_start": "22:00", "quiet_end": "08:00"}).status_code == 302


def test_the_list_costs_the_same_queries_with_a_long_history(client, partner_a, partner_b) -> None:
    client.force_login(partner_b)
    client.get(LIST)
    _news(partner_b, actor=partner_a)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(2, 80):
        _news(partner_b, actor=partner_a, n=n)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


def test_everything_is_off_until_chosen(client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.get(SETTINGS)
    assert response.status_code == 200
    prefs = preferences_of(partner_a)
    assert prefs.remind == [] and prefs.email == []
    assert (prefs.quiet_start, prefs.quiet_end) == (dt.time(22), dt.time(8))


def test_saving_choices(client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(
        SETTINGS,
        {
            "remind": ["rituals", "checkins"],
            "email": ["notes"],
            "quiet_start": "21:30",
            "quiet_end": "07:15",
        },
        follow=True,
    )
    assert "Saved." in response.content.decode()
    prefs = Preferences.objects.get(user=partner_a)
    assert prefs.remind == ["checkins", "rituals"]
    assert prefs.email == ["notes"]
    assert (prefs.quiet_start, prefs.quiet_end) == (dt.time(21, 30), dt.time(7, 15))


def test_a_bad_time_is_explained_and_the_other_choices_stay(client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(
        SETTINGS,
        {"remind": ["rituals"], "email": ["notes"], "quiet_start": "25:99", "quiet_end": "07:00"},
    )
    body = response.content.decode()
    assert "Enter a time like 22:00." in body
    # (the ids count the choices, which follow the order of the practices)
    assert re.search(r'name="remind" value="rituals" id="id_remind_\d+" checked', body)
    assert re.search(r'name="email" value="notes" id="id_email_\d+" checked', body)
    assert not Preferences.objects.filter(user=partner_a, remind=["rituals"]).exists()


def test_an_unknown_practice_is_refused(client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(
        SETTINGS, {"remind": ["notes"], "quiet_start": "22:00", "quiet_end": "08:00"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert preferences_of(partner_a).remind == []


def test_opening_the_page_it_points_to_counts_as_seen(client, partner_a, partner_b) -> None:
    ritual = operations.notify(
        user=partner_b, kind="ritual_reminder", key="r", url="/practices/rituals/"
    )
    other = operations.notify(
        user=partner_b, kind="appreciation_received", key="a", url="/practices/gratitude/"
    )
    assert ritual is not None and other is not None
    client.force_login(partner_b)
    client.get("/practices/rituals/", HTTP_HX_REQUEST="true")  # a fragment is not a visit
    ritual.refresh_from_db()
    assert ritual.read_at is None
    client.get("/practices/rituals/")
    ritual.refresh_from_db()
    assert ritual.read_at is not None
    other.refresh_from_db()
    assert other.read_at is None
    client.force_login(partner_a)  # someone else opening the same page changes nothing
    client.get("/practices/gratitude/")
    other.refresh_from_db()
    assert other.read_at is None

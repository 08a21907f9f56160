"""Rituals of connection: choose or write one, schedule it, "we did it", and a month view."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from nearer.couples.operations import unlink
from nearer.rituals import operations
from nearer.rituals.content import read_ideas
from nearer.rituals.models import Ritual, RitualDone

URL = reverse("rituals:index")
OWN = "Tea on the balcony before work ☕"
WED = dt.datetime(2026, 9, 2, 9, 0, tzinfo=dt.UTC)  # a Wednesday


def test_ideas_file_is_valid_and_large_enough() -> None:
    ideas = read_ideas()
    assert len(ideas) >= 25
    assert len({i.key for i in ideas}) == len(ideas)
    assert all("!" not in i.title + i.description for i in ideas)


def test_write_your_own_ritual(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    response = client.post(
        URL, {"title": OWN, "days": ["0", "2", "4"], "time": "07:30"}, follow=True
    )
    ritual = Ritual.objects.get()
    assert ritual.text == OWN
    assert OWN.encode() not in bytes(ritual.body)
    assert ritual.days == "024"
    assert ritual.time == dt.time(7, 30)
    assert OWN in response.content.decode()
    client.force_login(partner_b)
    assert OWN in client.get(URL).content.decode()  # it belongs to the couple


def test_start_from_an_idea(client, partner_a, partner_b) -> None:
    idea = read_ideas()[0]
    client.force_login(partner_a)
    client.post(URL, {"idea": idea.key, "days": ["5"]})
    ritual = Ritual.objects.get()
    assert (ritual.idea_key, ritual.text) == (idea.key, idea.title)


def test_no_days_gets_a_clear_message_and_keeps_the_words(client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(URL, {"title": OWN, "time": "07:30"})
    body = response.content.decode()
    assert "Choose at least one day." in body
    assert OWN in body
    assert not Ritual.objects.exists()


def test_neither_idea_nor_title(client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(URL, {"days": ["1"]})
    assert "Pick an idea from the list or write your own." in response.content.decode()
    assert not Ritual.objects.exists()


def test_we_did_it_once_a_day_by_either(client, partner_a, partner_b) -> None:
    ritual = operations.add_ritual(user=partner_a, title=OWN, idea_key="", days=[2], time=None)
    with time_machine.travel(WED, tick=False):
        client.force_login(partner_a)
        client.post(reverse("rituals:done", args=[ritual.pk]))
        client.force_login(partner_b)
        client.post(reverse("rituals:done", args=[ritual.pk]))
        assert "Done today." in client.get(URL).content.decode()
    assert RitualDone.objects.count() == 1


def test_month_view_shows_planned_and_done(client, partner_a, partner_b) -> None:
    with time_machine.travel(WED - dt.timedelta(days=10), tick=False):
        ritual = operations.add_ritual(user=partner_a, title=OWN, idea_key="", days=[2], time=None)
    with time_machine.travel(WED, tick=False):
        operations.mark_done(user=partner_b, ritual=ritual)
        client.force_login(partner_a)
        response = client.get(reverse("rituals:month") + "?m=2026-09")
    weeks = response.context["weeks"]
    days = {d["date"]: d for week in weeks for d in week if d}
    assert len(days) == 30
    assert days[dt.date(2026, 9, 2)]["items"][0]["done"] is True
    assert days[dt.date(2026, 9, 9)]["items"][0]["done"] is False
    assert days[dt.date(2026, 9, 3)]["items"] == []
    assert OWN in response.content.decode()


def test_no_month_means_this_month_and_a_bad_one_answers_400(client, partner_a) -> None:
    client.force_login(partner_a)
    for query in ("", "?m="):
        response = client.get(reverse("rituals:month") + query)
        assert response.status_code == 200
        assert response.context["shown"] == timezone.now().date().replace(day=1)  # UTC
    for month in ("nonsense", "9999-12", "0001-01", "2027-13", "²027-01", "2027-01-01"):
        assert client.get(reverse("rituals:month"), {"m": month}).status_code == 400


def test_the_month_view_stops_at_the_ends_of_its_calendar(client, partner_a) -> None:
    client.force_login(partner_a)
    first = client.get(reverse("rituals:month"), {"m": "1900-01"})
    last = client.get(reverse("rituals:month"), {"m": "2200-12"})
    assert (first.status_code, last.status_code) == (200, 200)
    assert "Earlier month" not in first.content.decode()
    assert 'href="?m=1900-02"' in first.content.decode()
    assert "Later month" not in last.content.decode()
    assert 'href="?m=2200-11"' in last.content.decode()


def test_remove_keeps_the_past(client, partner_a, partner_b) -> None:
    ritual = operations.add_ritual(user=partner_a, title=OWN, idea_key="", days=[2], time=None)
    operations.mark_done(user=partner_a, ritual=ritual, date=dt.date(2026, 9, 2))
    client.force_login(partner_b)
    client.post(reverse("rituals:remove", args=[ritual.pk]))
    ritual.refresh_from_db()
    assert ritual.archived_at is not None
    assert OWN not in client.get(URL).content.decode()
    assert RitualDone.objects.filter(ritual=ritual).exists()


def test_access(client, partner_a, partner_b, outsider) -> None:
    ritual = operations.add_ritual(user=partner_a, title=OWN, idea_key="", days=[2], time=None)
    client.force_login(outsider)
    assert OWN not in client.get(URL).content.decode()
    assert OWN not in client.get(reverse("rituals:month")).content.decode()
    assert client.post(reverse("rituals:done", args=[ritual.pk])).status_code == 404
    assert client.post(reverse("rituals:remove", args=[ritual.pk])).status_code == 404
    client.logout()
    for url in (URL, reverse("rituals:month")):
        assert client.get(url).status_code == 302
    assert client.post(reverse("rituals:done", args=[ritual.pk])).status_code == 302
    assert not RitualDone.objects.exists()
    assert not Ritual.objects.for_user(AnonymousUser()).exists()
    assert list(Ritual.objects.for_user(partner_b)) == [ritual]
    unlink(user=partner_b)
    assert not Ritual.objects.for_user(partner_b).exists()
    assert not Ritual.objects.for_user(partner_a).exists()  # the shared space has ended


def test_a_time_the_clocks_skip_is_explained(client, partner_a, partner_b) -> None:
    partner_a.time_zone = "Europe/London"
    partner_a.save()
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        client.force_login(partner_a)
        response = client.post(
            reverse("rituals:index"),
            {"idea": "", "title": "Night owls", "days": ["6"], "time": "01:30"},
            follow=True,
        )
    body = response.content.decode()
    assert "Added." in body
    assert "on Sunday 28 March the clocks go forward where you are" in body
    assert "so that day it will be at 02:30" in body

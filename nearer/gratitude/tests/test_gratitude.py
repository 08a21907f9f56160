"""Gratitude exchange: one a day with the "because", "this landed", the jar, deleting one's own."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nearer.couples.operations import unlink
from nearer.gratitude import operations
from nearer.gratitude.models import Appreciation
from nearer.notifications.models import Notification

WHAT = "You made tea without being asked 🍵"
BECAUSE = "you notice when I’m tired before I say it"
URL = reverse("gratitude:index")


def _send(client, user, what=WHAT, because=BECAUSE):
    client.force_login(user)
    return client.post(URL, {"what": what, "because": because}, follow=True)


def test_send_and_partner_receives(client, partner_a, partner_b) -> None:
    response = _send(client, partner_a)
    assert response.status_code == 200
    item = Appreciation.objects.get()
    assert (item.author, item.recipient) == (partner_a, partner_b)
    assert item.what == WHAT and item.because == BECAUSE
    assert WHAT.encode() not in bytes(item.body)
    client.force_login(partner_b)
    body = client.get(URL).content.decode()
    assert WHAT in body and BECAUSE in body
    news = Notification.objects.get(user=partner_b)
    assert news.message(partner_b.zone) == "Alex sent you an appreciation."
    assert not Notification.objects.filter(user=partner_a).exists()


def test_because_is_required_and_nothing_is_lost(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    response = client.post(URL, {"what": WHAT, "because": "  "})
    body = response.content.decode()
    assert "The “because” is what makes it land" in body
    assert WHAT in body  # still in the form
    assert not Appreciation.objects.exists()


def test_over_long_keeps_the_words(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    long = "ö" * 501
    response = client.post(URL, {"what": long, "because": BECAUSE})
    assert long in response.content.decode()
    assert not Appreciation.objects.exists()


def test_one_a_day_and_double_submission_creates_one(client, partner_a, partner_b) -> None:
    _send(client, partner_a)
    response = _send(client, partner_a, what="Another thing")
    assert Appreciation.objects.count() == 1
    assert "already shared today’s appreciation" in response.content.decode() or (
        "Today’s appreciation" in response.content.decode()
    )
    with pytest.raises(operations.GratitudeError):
        operations.appreciate(author=partner_a, what="x", because="y")


def test_a_new_day_in_the_authors_time_zone_allows_another(client, partner_a, partner_b) -> None:
    partner_a.time_zone = "Asia/Tokyo"
    partner_a.save()
    with time_machine.travel(dt.datetime(2026, 4, 1, 14, 50, tzinfo=dt.UTC), tick=False):
        operations.appreciate(author=partner_a, what="a", because="b")  # 23:50 in Tokyo
    with time_machine.travel(dt.datetime(2026, 4, 1, 15, 10, tzinfo=dt.UTC), tick=False):
        operations.appreciate(author=partner_a, what="c", because="d")  # 00:10 next day
    assert Appreciation.objects.filter(author=partner_a).count() == 2


def test_solo_person_is_invited_to_link_first(client, solo) -> None:
    client.force_login(solo)
    assert "Invite my partner" in client.get(URL).content.decode()
    response = client.post(URL, {"what": WHAT, "because": BECAUSE})
    assert "Invite them first" in response.content.decode()
    assert not Appreciation.objects.exists()


def test_recipient_marks_it_landed_and_author_sees_it(client, partner_a, partner_b) -> None:
    _send(client, partner_a)
    item = Appreciation.objects.get()
    client.force_login(partner_b)
    client.post(reverse("gratitude:landed", args=[item.pk]))
    item.refresh_from_db()
    assert item.landed_at is not None
    client.force_login(partner_a)
    assert "Sam said this landed." in client.get(URL).content.decode()


def test_only_the_recipient_can_mark_landed(client, partner_a, partner_b, outsider) -> None:
    _send(client, partner_a)
    item = Appreciation.objects.get()
    for person in (partner_a, outsider):
        client.force_login(person)
        client.post(reverse("gratitude:landed", args=[item.pk]))
    item.refresh_from_db()
    assert item.landed_at is None


def test_only_the_author_can_delete(client, partner_a, partner_b, outsider) -> None:
    _send(client, partner_a)
    item = Appreciation.objects.get()
    for person in (partner_b, outsider):
        client.force_login(person)
        client.post(reverse("gratitude:delete", args=[item.pk]))
    assert Appreciation.objects.filter(pk=item.pk).exists()
    client.force_login(partner_a)
    client.post(reverse("gratitude:delete", args=[item.pk]))
    assert not Appreciation.objects.exists()


def test_jar_brings_back_a_received_appreciation(client, partner_a, partner_b) -> None:
    for day in range(3):
        with time_machine.travel(dt.datetime(2026, 4, 1 + day, 12, tzinfo=dt.UTC), tick=False):
            operations.appreciate(author=partner_a, what=f"thing {day}", because=f"reason {day}")
    client.force_login(partner_b)
    seen = set()
    for _ in range(30):
        pick = client.get(reverse("gratitude:jar")).context["pick"]
        seen.add(pick.pk)
    assert seen == set(Appreciation.objects.values_list("pk", flat=True))
    first = client.get(reverse("gratitude:jar")).context["pick"]
    for _ in range(10):
        assert client.get(reverse("gratitude:jar") + f"?after={first.pk}").context["pick"] != first
    again = client.get(reverse("gratitude:jar") + f"?after={first.pk}", HTTP_HX_REQUEST="true")
    assert first.what not in again.content.decode()
    assert "<html" not in again.content.decode()


def test_jar_is_empty_for_the_author_and_outsiders(client, partner_a, partner_b, outsider) -> None:
    _send(client, partner_a)
    for person in (partner_a, outsider):
        client.force_login(person)
        response = client.get(reverse("gratitude:jar"))
        assert response.context["pick"] is None
        assert WHAT not in response.content.decode()


@pytest.mark.parametrize("name", ["gratitude:index", "gratitude:jar"])
def test_anonymous_is_sent_to_login(client, name) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_anonymous_cannot_post(client, partner_a, partner_b) -> None:
    item = operations.appreciate(author=partner_a, what=WHAT, because=BECAUSE)
    for name in ("gratitude:landed", "gratitude:delete"):
        assert client.post(reverse(name, args=[item.pk])).status_code == 302
    assert client.post(URL, {"what": "x", "because": "y"}).status_code == 302
    item.refresh_from_db()
    assert item.landed_at is None
    assert Appreciation.objects.count() == 1


def test_visible_to_scoping(partner_a, partner_b, outsider) -> None:
    item = operations.appreciate(author=partner_a, what=WHAT, because=BECAUSE)
    assert list(Appreciation.objects.visible_to(partner_a)) == [item]
    assert list(Appreciation.objects.visible_to(partner_b)) == [item]
    assert not Appreciation.objects.visible_to(outsider).exists()
    assert not Appreciation.objects.visible_to(AnonymousUser()).exists()
    unlink(user=partner_b)
    assert list(Appreciation.objects.visible_to(partner_a)) == [item]  # still the author's
    assert not Appreciation.objects.visible_to(partner_b).exists()


def test_outsider_page_shows_nothing_of_theirs(client, partner_a, partner_b, outsider) -> None:
    _send(client, partner_a)
    client.force_login(outsider)
    body = client.get(URL).content.decode()
    assert WHAT not in body and BECAUSE not in body


def test_page_query_count_does_not_grow(client, partner_a, partner_b) -> None:
    client.force_login(partner_b)
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC), tick=False):
        operations.appreciate(author=partner_a, what="a", because="b")
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for day in range(2, 20):
        with time_machine.travel(dt.datetime(2026, 4, day, 12, tzinfo=dt.UTC), tick=False):
            operations.appreciate(author=partner_a, what=f"a{day}", because="b")
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)

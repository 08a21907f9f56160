"""Soul talk: a deck at the couple's depth, alternating turns, a timer, and one line to keep."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from nearer.couples.space import space_of
from nearer.soultalk.models import Keepsake, Talk


def _start(client, user, minutes=15, cards=4) -> Talk:
    client.force_login(user)
    response = client.post(reverse("soultalk:begin"), {"minutes": minutes, "cards": cards})
    assert response.status_code == 302
    return Talk.objects.latest("pk")


@pytest.mark.parametrize("cards", [3, 4, 5])
def test_deck_has_3_to_5_cards_at_the_couples_depth(
    client, bank, partner_a, partner_b, cards
) -> None:
    couple = space_of(partner_a)
    couple.depth = 2
    couple.save()
    talk = _start(client, partner_a, cards=cards)
    deck = list(talk.cards.select_related("question"))
    assert len(deck) == cards
    assert {card.question.depth for card in deck} == {2}
    assert len({card.question.foundation for card in deck}) == cards  # varied foundations


def test_turns_alternate_card_by_card(client, bank, partner_a, partner_b) -> None:
    talk = _start(client, partner_a)
    askers = []
    for position in range(1, 5):
        page = client.get(reverse("soultalk:card", args=[talk.pk, position]))
        assert page.status_code == 200
        askers.append(page.context["asker"])
    assert askers[0] != askers[1]
    assert askers[0] == askers[2] and askers[1] == askers[3]
    assert {askers[0], askers[1]} == {partner_a, partner_b}
    body = page.content.decode()
    assert f"{askers[3]} asks" in body


def test_card_page_has_timer_phones_down_and_no_typing(client, bank, partner_a, partner_b) -> None:
    moment = dt.datetime(2026, 2, 1, 20, 0, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        talk = _start(client, partner_a, minutes=20)
        body = client.get(reverse("soultalk:card", args=[talk.pk, 1])).content.decode()
    assert 'data-ends-at="2026-02-01T20:20:00+00:00"' in body
    assert "Phones down" in body
    assert "<textarea" not in body and 'type="text"' not in body


def test_a_finished_talk_has_no_running_timer(client, bank, partner_a, partner_b) -> None:
    talk = _start(client, partner_a, cards=3)
    card = reverse("soultalk:card", args=[talk.pk, 3])
    assert "data-timer" in client.get(card).content.decode()
    client.post(reverse("soultalk:done", args=[talk.pk]))  # "We’re done for tonight"
    for person in (partner_a, partner_b):
        client.force_login(person)
        body = client.get(card).content.decode()
        assert "data-timer" not in body
        assert "5 more minutes" not in body
        assert "You finished this talk, so the timer has stopped." in body


def test_timer_is_adjustable(client, bank, partner_a, partner_b) -> None:
    talk = _start(client, partner_a, minutes=15)
    client.post(reverse("soultalk:extend", args=[talk.pk]), {"position": "2"})
    talk.refresh_from_db()
    assert talk.minutes == 20


def test_a_finished_talk_is_not_extended_from_an_old_page(client, bank, partner_a) -> None:
    talk = _start(client, partner_a, minutes=15)
    client.post(reverse("soultalk:done", args=[talk.pk]))
    response = client.post(reverse("soultalk:extend", args=[talk.pk]), {"position": "2"})
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.minutes == 15


@pytest.mark.parametrize("minutes", [0, 4, 61, "abc"])
def test_bad_length_gets_a_clear_message(client, bank, partner_a, minutes) -> None:
    client.force_login(partner_a)
    response = client.post(reverse("soultalk:begin"), {"minutes": minutes, "cards": 4})
    assert response.status_code == 200
    assert not Talk.objects.exists()
    assert response.context["form"].errors["minutes"]


def test_works_alone_with_one_phone(client, bank, solo) -> None:
    talk = _start(client, solo)
    page = client.get(reverse("soultalk:card", args=[talk.pk, 1]))
    assert page.status_code == 200
    assert "asks" in page.content.decode()


def test_keepsake_private_by_default_and_shared_by_choice(
    client, bank, partner_a, partner_b
) -> None:
    talk = _start(client, partner_a)
    client.post(
        reverse("soultalk:done", args=[talk.pk]), {"text": "We laughed about the kettle ☕"}
    )
    keepsake = Keepsake.objects.get()
    assert not keepsake.shared
    assert keepsake.text == "We laughed about the kettle ☕"
    talk.refresh_from_db()
    assert talk.finished_at is not None

    client.force_login(partner_b)
    assert "kettle" not in client.get(reverse("soultalk:start")).content.decode()

    client.force_login(partner_a)
    client.post(
        reverse("soultalk:done", args=[talk.pk]),
        {"text": "We laughed about the kettle ☕", "shared": "on"},
    )
    assert Keepsake.objects.count() == 1
    client.force_login(partner_b)
    assert (
        "We laughed about the kettle ☕" in client.get(reverse("soultalk:start")).content.decode()
    )


def test_keepsake_too_long_keeps_the_words(client, bank, partner_a) -> None:
    talk = _start(client, partner_a)
    text = "ü" * 300
    response = client.post(reverse("soultalk:done", args=[talk.pk]), {"text": text})
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not Keepsake.objects.exists()


def test_double_submitted_start_deals_one_deck(client, bank, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    nonce = "0b7e2f6c-1f1e-4d9a-9a57-0f6f3c2f9b11"
    first = client.post(reverse("soultalk:begin"), {"minutes": 15, "cards": 4, "nonce": nonce})
    second = client.post(reverse("soultalk:begin"), {"minutes": 15, "cards": 4, "nonce": nonce})
    assert Talk.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "htmx"])
def test_opening_the_done_address_does_not_finish_the_talk(
    client, bank, partner_a, partner_b, headers
) -> None:
    """A GET (a link, a prefetch, a crawler) never ends a talk: state changes by POST only."""
    talk = _start(client, partner_a)
    response = client.get(reverse("soultalk:done", args=[talk.pk]), **headers)
    assert response.status_code == 405
    talk.refresh_from_db()
    assert talk.finished_at is None
    assert not Keepsake.objects.exists()


def test_the_last_card_finishes_by_a_button_and_then_offers_a_line(
    client, bank, partner_a, partner_b
) -> None:
    talk = _start(client, partner_a, cards=3)
    last = client.get(reverse("soultalk:card", args=[talk.pk, 3])).content.decode()
    done = reverse("soultalk:done", args=[talk.pk])
    assert f'<form method="post" action="{done}"' in last
    assert f'href="{done}"' not in last
    keep = client.get(reverse("soultalk:keep", args=[talk.pk]))  # the page alone ends nothing
    assert keep.status_code == 200
    talk.refresh_from_db()
    assert talk.finished_at is None

    response = client.post(done)
    assert response["Location"] == reverse("soultalk:keep", args=[talk.pk])
    talk.refresh_from_db()
    assert talk.finished_at is not None
    assert not Keepsake.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Thank you for making the time" in page
    assert f'action="{done}"' in page  # the line is posted to the same place

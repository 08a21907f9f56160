""" "How well do you know me": a guess at the partner's answer on some days, sealed like an
answer, shown beside the real one after the reveal, never scored."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from nearer.couples.space import space_of
from nearer.questions import operations
from nearer.questions.forms import GUESS_MAX_LENGTH
from nearer.questions.models import Answer, DailyQuestion, Guess
from nearer.tests.factories import a_guess_day, make_daily

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
HX = {"HTTP_HX_REQUEST": "true"}
ALEX_SAYS = "A slow breakfast on a Sunday."
SAM_SAYS = "Walking by the river at dusk."
ALEX_GUESSES = "Sam will say the river 🌊 — או אולי הים"
SAM_GUESSES = "Alex will say breakfast 🥐"
WARM = "Close? Far? Either way, now you know each other a little better."


@pytest.fixture(autouse=True)
def _midday():
    with time_machine.travel(NOON, tick=True):
        yield


@pytest.fixture
def guess_day(bank, partner_a, partner_b) -> DailyQuestion:
    """The couple's latest day that invites a guess, up to today."""
    return make_daily(partner_a, date=a_guess_day(partner_a))


def _page(client, daily, **extra) -> str:
    return client.get(reverse("questions:detail", args=[daily.pk]), **extra).content.decode()


def test_after_answering_a_guess_is_offered_and_kept_sealed_until_the_reveal(
    client, guess_day, partner_a, partner_b
) -> None:
    client.force_login(partner_a)
    client.post(reverse("questions:answer", args=[guess_day.pk]), {"text": ALEX_SAYS})
    body = _page(client, guess_day)
    assert "How well do you know me?" in body
    assert "Your guess at Sam’s answer" in body
    client.post(reverse("questions:guess", args=[guess_day.pk]), {"guess": ALEX_GUESSES})
    guess = Guess.objects.get()
    assert (guess.author, guess.text) == (partner_a, ALEX_GUESSES)  # emoji and RTL exact
    assert ALEX_GUESSES.encode() not in bytes(guess.body)
    assert ALEX_GUESSES in _page(client, guess_day)  # the guesser sees it, and may change it

    # Sam never sees it before the reveal, even once Alex shares the answer early.
    client.force_login(partner_b)
    assert ALEX_GUESSES not in _page(client, guess_day)
    operations.share_early(user=partner_a, daily=guess_day)
    body = _page(client, guess_day, **HX)
    assert ALEX_SAYS in body and ALEX_GUESSES not in body
    assert "How well do you know me?" not in body  # nothing to guess once it is readable


def test_the_second_to_answer_guesses_in_the_same_step_and_both_see_both_guesses(
    client, guess_day, partner_a, partner_b
) -> None:
    operations.save_answer(user=partner_a, daily=guess_day, text=ALEX_SAYS, guess=ALEX_GUESSES)
    client.force_login(partner_b)
    body = _page(client, guess_day)
    assert "Your guess at Alex’s answer" in body  # beside the answer box, optional
    response = client.post(
        reverse("questions:answer", args=[guess_day.pk]),
        {"text": SAM_SAYS, "guess": SAM_GUESSES},
        follow=True,
    )
    guess_day.refresh_from_db()
    assert guess_day.is_revealed
    for person in (partner_a, partner_b):
        client.force_login(person)
        body = _page(client, guess_day)
        for words in (ALEX_SAYS, SAM_SAYS, ALEX_GUESSES, SAM_GUESSES, WARM):
            assert words in body, (person, words)
        assert "Your guess" in body
        for scoring in ("score", "correct", "points", "right!", "%"):
            assert scoring not in body.lower().replace("100%", ""), scoring
    assert response.status_code == 200


def test_skipping_the_guess_is_fine(client, guess_day, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    client.post(reverse("questions:answer", args=[guess_day.pk]), {"text": ALEX_SAYS, "guess": ""})
    operations.save_answer(user=partner_b, daily=guess_day, text=SAM_SAYS)
    assert not Guess.objects.exists()
    body = _page(client, guess_day)
    assert SAM_SAYS in body and WARM not in body


def test_an_empty_guess_gets_a_clear_message(client, guess_day, partner_a) -> None:
    operations.save_answer(user=partner_a, daily=guess_day, text=ALEX_SAYS)
    client.force_login(partner_a)
    response = client.post(reverse("questions:guess", args=[guess_day.pk]), {"guess": "  "}, **HX)
    assert response.status_code == 422
    assert (
        "Write your guess first — or leave it: guessing is just for fun."
        in response.content.decode()
    )
    assert not Guess.objects.exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_very_long_guess_gets_a_length_message_and_the_words_are_kept(
    client, guess_day, partner_a, htmx
) -> None:
    operations.save_answer(user=partner_a, daily=guess_day, text=ALEX_SAYS)
    client.force_login(partner_a)
    words = ("Sam will say the river, I think. " * 700)[:20_000]
    response = client.post(
        reverse("questions:guess", args=[guess_day.pk]), {"guess": words}, **(HX if htmx else {})
    )
    body = response.content.decode()
    assert response.status_code == (422 if htmx else 200)
    assert f"That’s longer than we can keep in one guess ({GUESS_MAX_LENGTH} characters" in body
    assert words in body
    assert not Guess.objects.exists()


def test_a_very_long_guess_beside_the_answer_keeps_both(client, guess_day, partner_a) -> None:
    client.force_login(partner_a)
    words = "ש" * 20_000
    response = client.post(
        reverse("questions:answer", args=[guess_day.pk]), {"text": ALEX_SAYS, "guess": words}
    )
    body = response.content.decode()
    assert "longer than we can keep in one guess" in body
    assert words in body and ALEX_SAYS in body
    assert not Answer.objects.exists()


def test_one_guess_a_person_a_day_changed_until_the_reveal(
    client, guess_day, partner_a, partner_b
) -> None:
    operations.save_answer(user=partner_a, daily=guess_day, text=ALEX_SAYS)
    client.force_login(partner_a)
    url = reverse("questions:guess", args=[guess_day.pk])
    client.post(url, {"guess": ALEX_GUESSES})
    client.post(url, {"guess": ALEX_GUESSES})  # a double submission
    assert Guess.objects.count() == 1
    client.post(url, {"guess": "On second thought: the mountains"})
    assert Guess.objects.get().text == "On second thought: the mountains"
    operations.save_answer(user=partner_b, daily=guess_day, text=SAM_SAYS)
    response = client.post(url, {"guess": "too late"}, follow=True)
    assert "Both answers are open now" in response.content.decode()
    assert Guess.objects.get().text == "On second thought: the mountains"


def test_a_guess_needs_ones_own_answer_first(client, guess_day, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(
        reverse("questions:guess", args=[guess_day.pk]), {"guess": "x"}, follow=True
    )
    assert "Write your own answer first" in response.content.decode()
    response = client.post(reverse("questions:guess", args=[guess_day.pk]), {"guess": "x"}, **HX)
    assert response.status_code == 200
    assert "Write your own answer first" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not Guess.objects.exists()


def test_no_guess_on_other_days_nor_alone(client, bank, partner_a, partner_b, solo) -> None:
    couple = space_of(partner_a)
    day = NOON.date()
    while operations.is_guess_day(couple.pk, day):
        day -= dt.timedelta(days=1)
    daily = make_daily(partner_a, date=day)
    operations.save_answer(user=partner_a, daily=daily, text=ALEX_SAYS)
    client.force_login(partner_a)
    assert "How well do you know me?" not in _page(client, daily)
    response = client.post(reverse("questions:guess", args=[daily.pk]), {"guess": "x"}, follow=True)
    assert "no guessing on this question" in response.content.decode()
    assert not Guess.objects.exists()

    # Someone on their own is never asked to guess, whatever the day.
    alone = make_daily(solo, date=a_guess_day(solo))
    client.force_login(solo)
    assert "Your guess at" not in _page(client, alone)
    operations.save_answer(user=solo, daily=alone, text="Just me")
    assert "How well do you know me?" not in _page(client, alone)
    with pytest.raises(operations.QuestionError):
        operations.save_guess(user=solo, daily=alone, text="x")


def test_who_may_read_a_guess(guess_day, partner_a, partner_b, outsider) -> None:
    operations.save_answer(user=partner_a, daily=guess_day, text=ALEX_SAYS, guess=ALEX_GUESSES)
    assert list(Guess.objects.visible_to(partner_a).values_list("author", flat=True)) == [
        partner_a.pk
    ]
    assert not Guess.objects.visible_to(partner_b).exists()
    assert not Guess.objects.visible_to(outsider).exists()
    assert not Guess.objects.visible_to(AnonymousUser()).exists()
    # Not even the answer, before the reveal.
    assert not Answer.objects.for_day_page(partner_b, guess_day).filter(author=partner_a).exists()
    operations.save_answer(user=partner_b, daily=guess_day, text=SAM_SAYS)
    assert Guess.objects.visible_to(partner_b).count() == 1
    (theirs,) = Answer.objects.for_day_page(partner_b, guess_day).filter(author=partner_a)
    assert theirs.open_guess is not None and theirs.open_guess.text == ALEX_GUESSES
    assert not Guess.objects.visible_to(outsider).exists()
    assert list(Answer.objects.for_day_page(outsider, guess_day)) == []


def test_outsider_cannot_guess_on_the_couples_day(client, guess_day, partner_a, outsider) -> None:
    operations.save_answer(user=partner_a, daily=guess_day, text=ALEX_SAYS)
    client.force_login(outsider)
    response = client.post(
        reverse("questions:guess", args=[guess_day.pk]), {"guess": "x"}, follow=True
    )
    assert response.status_code == 404
    assert not Guess.objects.exists()

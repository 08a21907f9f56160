"""“Too deep today”: a card can be skipped or swapped for a lighter one in one tap, and a new
deck holds no card the couple met in the last 60 days while the bank has others
(docs/decisions/0022)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nearer.couples.models import Couple
from nearer.couples.space import space_of
from nearer.lib.foundations import KEYS
from nearer.questions.models import Question
from nearer.soultalk import operations
from nearer.soultalk.models import Talk, TalkCard

DEALT, SKIPPED, SWAPPED = (
    TalkCard.Status.DEALT,
    TalkCard.Status.SKIPPED,
    TalkCard.Status.SWAPPED,
)
_keys = itertools.count(1)


def tiny_bank(*depths: int, foundations: str = "") -> list[Question]:
    """Only these questions are in use: one per depth given, each of its own foundation (or
    the foundations named by letter, "aab": the first two share one)."""
    Question.objects.active().update(retired_at=timezone.now())
    made = []
    for n, depth in enumerate(depths):
        key = f"tiny-{next(_keys)}"
        foundation = KEYS[ord(foundations[n]) - ord("a")] if foundations else KEYS[n % len(KEYS)]
        made.append(
            Question.objects.create(
                key=key,
                text=f"Tiny question {key}?",
                foundation=foundation,
                depth=depth,
                kind="memory",
            )
        )
    return made


def met(couple: Couple, question: Question, *, days_ago: float) -> None:
    """The couple met `question` in a soul talk `days_ago` days ago."""
    talk = Talk.objects.create(
        couple=couple, started_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    TalkCard.objects.create(talk=talk, question=question, position=1)


def deck(talk: Talk) -> list[int]:
    return list(talk.cards.in_deck().values_list("question_id", flat=True))


def at_depth(couple: Couple, depth: int) -> None:
    couple.depth = depth
    couple.save(update_fields=["depth"])


def card_at(talk: Talk, position: int) -> TalkCard:
    return talk.cards.in_deck().select_related("question").get(position=position)


def post(client, name: str, talk: Talk, card: TalkCard):
    return client.post(reverse(f"soultalk:{name}", args=[talk.pk]), {"card": str(card.pk)})


@pytest.fixture
def talk(bank, partner_a, partner_b) -> Talk:
    return operations.start_talk(user=partner_a, minutes=15, cards=3)


# --- Skipping ------------------------------------------------------------------------------------


def test_skip_moves_on_and_the_card_is_not_talked_about(client, talk, partner_a) -> None:
    client.force_login(partner_a)
    first = card_at(talk, 1)
    page = client.get(reverse("soultalk:card", args=[talk.pk, 1])).content.decode()
    assert "Skip this one" in page and "Something lighter" in page
    assert f'name="card" value="{first.pk}"' in page

    response = post(client, "skip", talk, first)
    assert response["Location"] == reverse("soultalk:card", args=[talk.pk, 2])
    assert [c.status for c in talk.cards.in_deck()] == [SKIPPED, DEALT, DEALT]

    back = client.get(reverse("soultalk:card", args=[talk.pk, 1])).content.decode()
    assert "You skipped this one today." in back
    assert "Skip this one" not in back and "Something lighter" not in back


def test_a_double_tapped_skip_skips_one_card(client, talk, partner_a) -> None:
    client.force_login(partner_a)
    first = card_at(talk, 1)
    one = post(client, "skip", talk, first)
    two = post(client, "skip", talk, first)  # the same form again
    assert one["Location"] == two["Location"] == reverse("soultalk:card", args=[talk.pk, 2])
    assert [c.status for c in talk.cards.in_deck()] == [SKIPPED, DEALT, DEALT]


def test_skipping_the_last_card_stays_there_with_the_way_to_finish(client, talk, partner_a) -> None:
    client.force_login(partner_a)
    response = post(client, "skip", talk, card_at(talk, 3))
    assert response["Location"] == reverse("soultalk:card", args=[talk.pk, 3])
    page = client.get(response["Location"]).content.decode()
    assert "You skipped this one today." in page
    assert "We’re done for tonight" in page
    talk.refresh_from_db()
    assert talk.finished_at is None


def test_the_partner_can_skip_and_swap_too(client, talk, partner_b) -> None:
    client.force_login(partner_b)
    first, second = card_at(talk, 1), card_at(talk, 2)
    assert post(client, "skip", talk, first).status_code == 302
    assert post(client, "lighter", talk, second).status_code == 302
    assert TalkCard.objects.get(pk=first.pk).status == SKIPPED
    assert TalkCard.objects.get(pk=second.pk).status == SWAPPED
    assert card_at(talk, 2).pk != second.pk


# --- Something lighter ---------------------------------------------------------------------------


def test_something_lighter_puts_a_lighter_card_in_its_place(
    client, bank, partner_a, partner_b
) -> None:
    at_depth(space_of(partner_a), 3)
    talk = operations.start_talk(user=partner_a, minutes=15, cards=3)
    client.force_login(partner_a)
    before = card_at(talk, 2)
    assert before.question.depth == 3

    response = post(client, "lighter", talk, before)
    assert response["Location"] == reverse("soultalk:card", args=[talk.pk, 2])
    after = card_at(talk, 2)
    assert after.pk != before.pk
    assert after.question.depth == 2  # one step lighter first
    assert after.question_id not in {card_at(talk, p).question_id for p in (1, 3)}
    assert TalkCard.objects.get(pk=before.pk).status == SWAPPED  # kept: they met it
    assert len(deck(talk)) == 3
    page = client.get(response["Location"]).content.decode()
    assert after.question.text in page and before.question.text not in page
    assert "Card 2 of 3" in page

    # The same form again (a double tap, or an old page) changes nothing more.
    post(client, "lighter", talk, before)
    assert card_at(talk, 2).pk == after.pk
    assert TalkCard.objects.filter(talk=talk).count() == 4


def test_at_the_lightest_depth_a_swap_brings_the_lightest_unused_card(
    client, partner_a, partner_b
) -> None:
    light = tiny_bank(1, 1, 1, 1, 2)
    talk = operations.start_talk(user=partner_a, minutes=15, cards=3)
    assert set(deck(talk)) <= {q.pk for q in light[:4]}
    unused = next(q for q in light[:4] if q.pk not in deck(talk))
    client.force_login(partner_a)
    post(client, "lighter", talk, card_at(talk, 1))
    assert card_at(talk, 1).question_id == unused.pk

    # Then only the deeper card is left unused: still better than nothing.
    post(client, "lighter", talk, card_at(talk, 1))
    assert card_at(talk, 1).question_id == light[4].pk


def test_a_swapped_in_card_is_not_one_met_lately_while_the_bank_allows(
    client, partner_a, partner_b
) -> None:
    couple = space_of(partner_a)
    at_depth(couple, 2)
    *deep, met_lighter, fresh_lighter, older_lighter = tiny_bank(2, 2, 2, 1, 1, 1)
    met(couple, met_lighter, days_ago=30)
    met(couple, older_lighter, days_ago=50)
    talk = operations.start_talk(user=partner_a, minutes=15, cards=3)
    assert set(deck(talk)) == {q.pk for q in deep}
    client.force_login(partner_a)

    post(client, "lighter", talk, card_at(talk, 1))
    assert card_at(talk, 1).question_id == fresh_lighter.pk
    # Every lighter card left was met lately: the least recently met comes first.
    post(client, "lighter", talk, card_at(talk, 2))
    assert card_at(talk, 2).question_id == older_lighter.pk
    post(client, "lighter", talk, card_at(talk, 3))
    assert card_at(talk, 3).question_id == met_lighter.pk


def test_when_nothing_is_left_the_card_stays_with_a_kind_word(client, partner_a, partner_b) -> None:
    tiny_bank(1, 1, 1)
    talk = operations.start_talk(user=partner_a, minutes=15, cards=3)
    client.force_login(partner_a)
    first = card_at(talk, 1)
    response = client.post(
        reverse("soultalk:lighter", args=[talk.pk]), {"card": str(first.pk)}, follow=True
    )
    assert "There’s nothing lighter left in the deck just now." in response.content.decode()
    assert card_at(talk, 1).pk == first.pk
    assert TalkCard.objects.get(pk=first.pk).status == DEALT


def test_a_finished_talk_keeps_its_cards(client, talk, partner_a) -> None:
    operations.finish_talk(talk=talk)
    client.force_login(partner_a)
    cards = list(TalkCard.objects.filter(talk=talk).values_list("pk", "question_id", "status"))
    post(client, "skip", talk, card_at(talk, 1))
    post(client, "lighter", talk, card_at(talk, 2))
    assert (
        list(TalkCard.objects.filter(talk=talk).values_list("pk", "question_id", "status")) == cards
    )
    page = client.get(reverse("soultalk:card", args=[talk.pk, 1])).content.decode()
    assert "Skip this one" not in page and "Something lighter" not in page


# --- Requests that are wrong ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["skip", "lighter"])
def test_get_is_not_allowed(client, talk, partner_a, name) -> None:
    client.force_login(partner_a)
    url = reverse(f"soultalk:{name}", args=[talk.pk])
    assert client.get(url, {"card": str(card_at(talk, 1).pk)}).status_code == 405
    assert [c.status for c in talk.cards.in_deck()] == [DEALT, DEALT, DEALT]


@pytest.mark.parametrize("name", ["skip", "lighter"])
@pytest.mark.parametrize(("card", "status"), [(None, 400), ("", 400), ("²", 400), ("x", 400)])
def test_a_missing_or_unreadable_card_is_a_bad_request(
    client, talk, partner_a, name, card, status
) -> None:
    client.force_login(partner_a)
    data = {} if card is None else {"card": card}
    assert client.post(reverse(f"soultalk:{name}", args=[talk.pk]), data).status_code == status
    assert [c.status for c in talk.cards.in_deck()] == [DEALT, DEALT, DEALT]


@pytest.mark.parametrize("name", ["skip", "lighter"])
def test_a_card_of_another_talk_is_not_found(client, talk, partner_a, outsider, name) -> None:
    robins = operations.start_talk(user=outsider, minutes=15, cards=3)
    theirs = card_at(robins, 1)
    client.force_login(partner_a)
    assert post(client, name, talk, theirs).status_code == 404
    assert TalkCard.objects.get(pk=theirs.pk).status == DEALT


@pytest.mark.parametrize("name", ["skip", "lighter"])
def test_another_couple_gets_404_and_anonymous_signs_in(client, talk, outsider, name) -> None:
    first = card_at(talk, 1)
    response = post(client, name, talk, first)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('account_login')}?next=")
    client.force_login(outsider)
    assert post(client, name, talk, first).status_code == 404
    assert TalkCard.objects.get(pk=first.pk).status == DEALT
    assert TalkCard.objects.filter(talk=talk).count() == 3


# --- No repeats in 60 days -----------------------------------------------------------------------


def test_no_card_met_in_the_last_60_days_comes_back_while_the_bank_allows(
    partner_a, partner_b
) -> None:
    bank = {q.pk for q in tiny_bank(1, 1, 1, 1, 1, 1)}
    start = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        first = set(deck(operations.start_talk(user=partner_a, minutes=15, cards=3)))
    with time_machine.travel(start + dt.timedelta(days=59), tick=False):
        second = set(deck(operations.start_talk(user=partner_a, minutes=15, cards=3)))
    assert first.isdisjoint(second)
    assert first | second == bank
    # Day 61: the first deck is 61 days old and fresh again, the second only 2 days old.
    with time_machine.travel(start + dt.timedelta(days=61), tick=False):
        third = set(deck(operations.start_talk(user=partner_a, minutes=15, cards=3)))
    assert third == first


def test_59_days_ago_is_lately_61_is_not(partner_a, partner_b) -> None:
    """Three fresh questions of one foundation could fill the deck alone; a fresh question of
    another foundation always joins them (one card per foundation first), a met one never."""
    couple = space_of(partner_a)
    now = dt.datetime(2026, 6, 1, 20, 0, tzinfo=dt.UTC)
    *same, days_61, days_59 = tiny_bank(1, 1, 1, 1, 1, foundations="aaabc")
    with time_machine.travel(now, tick=False):
        met(couple, days_61, days_ago=61)
        met(couple, days_59, days_ago=59)
        for _ in range(5):  # the deck is shuffled: the same, whatever the draw
            talk = operations.start_talk(user=partner_a, minutes=15, cards=3)
            dealt = set(deck(talk))
            talk.delete()  # so that the next deal does not count this one as met
            assert days_61.pk in dealt
            assert days_59.pk not in dealt


def test_a_swap_counts_61_days_ago_as_fresh_and_59_as_met(client, partner_a, partner_b) -> None:
    """Fresh before met, then one step lighter before two: a card two steps lighter that is
    fresh beats one a step lighter met 59 days ago, but not one met 61 days ago."""
    couple = space_of(partner_a)
    at_depth(couple, 3)
    client.force_login(partner_a)
    now = dt.datetime(2026, 6, 1, 20, 0, tzinfo=dt.UTC)
    for days_ago, expected in ((59, "two steps"), (61, "one step")):
        *deep, one_step, two_steps = tiny_bank(3, 3, 3, 2, 1)
        with time_machine.travel(now, tick=False):
            met(couple, one_step, days_ago=days_ago)
            talk = operations.start_talk(user=partner_a, minutes=15, cards=3)
            post(client, "lighter", talk, card_at(talk, 1))
        got = card_at(talk, 1).question_id
        assert got == {"one step": one_step.pk, "two steps": two_steps.pk}[expected], days_ago


def test_skipped_and_swapped_out_cards_count_as_met(client, partner_a, partner_b) -> None:
    bank = {q.pk for q in tiny_bank(1, 1, 1, 1, 1, 1, 1)}
    talk = operations.start_talk(user=partner_a, minutes=15, cards=3)
    client.force_login(partner_a)
    post(client, "skip", talk, card_at(talk, 1))
    post(client, "lighter", talk, card_at(talk, 2))
    seen = set(TalkCard.objects.filter(talk=talk).values_list("question_id", flat=True))
    assert len(seen) == 4
    again = set(deck(operations.start_talk(user=partner_a, minutes=15, cards=3)))
    assert again == bank - seen


def test_a_tiny_bank_falls_back_to_the_least_recently_met(partner_a, partner_b) -> None:
    couple = space_of(partner_a)
    fresh, *seen = tiny_bank(1, 1, 1, 1, 1)
    for question, days_ago in zip(seen, (10, 40, 20, 55), strict=True):
        met(couple, question, days_ago=days_ago)
    talk = operations.start_talk(user=partner_a, minutes=15, cards=3)
    assert set(deck(talk)) == {fresh.pk, seen[3].pk, seen[1].pk}  # never, 55 and 40 days ago

    fresh.retired_at = timezone.now()
    fresh.save()
    Talk.objects.filter(pk=talk.pk).delete()
    talk = operations.start_talk(user=partner_a, minutes=15, cards=3)
    assert set(deck(talk)) == {seen[3].pk, seen[1].pk, seen[2].pk}  # 55, 40, 20 days ago


def test_the_look_back_is_one_query_whatever_the_history(partner_a, partner_b) -> None:
    """Dealing costs the same after a few talks and after hundreds: the 60 days are read in
    one query on the talks' (couple, started_at) index, never the whole history."""
    couple = space_of(partner_a)
    bank = tiny_bank(*([1] * 12))

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            operations.start_talk(user=partner_a, minutes=15, cards=3)
        look_backs = [q for q in captured if "MAX(" in q["sql"].upper()]
        return len(captured), len(look_backs)

    short = queries()
    for n in range(300):
        met(couple, bank[n % len(bank)], days_ago=61 + n)
    assert queries() == short
    assert short[1] == 1
    assert any(index.name == "talk_couple_started" for index in Talk._meta.indexes)

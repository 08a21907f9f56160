"""Unlinking: either partner, alone, at once; afterwards each has a solo space of their own."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from nearer.couples import operations
from nearer.couples.models import Couple, Membership
from nearer.questions import operations as questions
from nearer.questions.models import Answer
from nearer.tests.factories import make_couple, make_daily

A_WORDS = "Alex 🦋 nur für Sam gedacht, 蝴蝶"
B_WORDS = "Sam 🐚 only for Alex, ракушка"


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_unlink_page_explains_and_names_the_partner(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    response = client.get(reverse("couples:unlink"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This ends the space you share with Sam, right away" in body
    assert "Unlink now" in body
    assert operations.partner_of(partner_a) == partner_b  # looking is not unlinking


@pytest.mark.parametrize("who", ["partner_a", "partner_b"])
def test_either_partner_unlinks_alone_and_at_once(client, request, partner_a, partner_b, who):
    shared = operations.space_of(partner_a)
    person = request.getfixturevalue(who)
    client.force_login(person)
    response = client.post(reverse("couples:unlink"))
    assert response.status_code == 302
    assert response["Location"] == reverse("questions:today")
    assert any("You’re unlinked." in m for m in _messages(response))

    shared.refresh_from_db()
    assert shared.ended_at is not None
    assert not Membership.objects.active().filter(couple=shared).exists()
    assert operations.partner_of(partner_a) is None
    assert operations.partner_of(partner_b) is None


def test_afterwards_both_have_solo_spaces(client, bank, partner_a, partner_b) -> None:
    shared = operations.space_of(partner_a)
    client.force_login(partner_b)
    client.post(reverse("couples:unlink"))
    spaces = []
    for person in (partner_a, partner_b):
        active = Membership.objects.active().filter(user=person)
        assert active.count() == 1
        space = active.get().couple
        assert space != shared
        assert space.ended_at is None
        assert [m.user for m in space.memberships.active()] == [person]
        spaces.append(space)
    assert spaces[0] != spaces[1]

    # Alex, who did nothing, finds a solo space on the very next request.
    client.force_login(partner_a)
    today = client.get(reverse("questions:today"))
    assert today.status_code == 200
    assert "You’re using Nearer on your own for now." in today.content.decode()
    assert today.context["daily"].couple == spaces[0]
    partner_page = client.get(reverse("couples:partner")).content.decode()
    assert "Invite your partner" in partner_page
    assert "share Nearer" not in partner_page


def test_after_unlink_neither_sees_the_others_words(client, bank, partner_a, partner_b) -> None:
    daily = make_daily(partner_a)
    questions.save_answer(user=partner_a, daily=daily, text=A_WORDS)
    questions.save_answer(user=partner_b, daily=daily, text=B_WORDS)
    client.force_login(partner_a)
    assert B_WORDS in client.get(reverse("questions:today")).content.decode()

    client.post(reverse("couples:unlink"))
    page = client.get(reverse("questions:detail", args=[daily.pk])).content.decode()
    assert A_WORDS in page
    assert B_WORDS not in page
    client.force_login(partner_b)
    page = client.get(reverse("questions:detail", args=[daily.pk])).content.decode()
    assert B_WORDS in page
    assert A_WORDS not in page


def test_relinking_later_does_not_reopen_the_old_words(client, bank, partner_a, partner_b) -> None:
    daily = make_daily(partner_a)
    questions.save_answer(user=partner_a, daily=daily, text=A_WORDS)
    questions.save_answer(user=partner_b, daily=daily, text=B_WORDS)
    operations.unlink(user=partner_a)
    make_couple(partner_a, partner_b)
    assert operations.partner_of(partner_a) == partner_b
    assert list(Answer.objects.visible_to(partner_a)) == [Answer.objects.get(author=partner_a)]
    client.force_login(partner_a)
    page = client.get(reverse("questions:detail", args=[daily.pk])).content.decode()
    assert B_WORDS not in page


def test_the_old_link_cannot_relink_after_unlinking(client, partner_a, partner_b) -> None:
    """The link that linked them is used up: unlinking doesn't make it work again."""
    operations.unlink(user=partner_a)
    _invitation, token = operations.invite_partner(inviter=partner_a)
    operations.accept_invitation(token=token, user=partner_b)
    operations.unlink(user=partner_b)
    client.force_login(partner_b)
    response = client.post(reverse("couples:join", args=[token]))
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert operations.partner_of(partner_b) is None


def test_a_solo_person_has_nothing_to_unlink(client, solo) -> None:
    client.force_login(solo)
    assert (
        "You are not linked with anyone." in client.get(reverse("couples:unlink")).content.decode()
    )
    space = operations.space_of(solo)
    response = client.post(reverse("couples:unlink"))
    assert response.status_code == 302
    assert response["Location"] == reverse("couples:partner")
    assert "You are not linked with anyone." in _messages(response)
    assert operations.space_of(solo) == space
    space.refresh_from_db()
    assert space.ended_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login_and_nothing_changes(
    client, partner_a, partner_b, method
) -> None:
    response = getattr(client, method)(reverse("couples:unlink"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('couples:unlink')}"
    assert operations.partner_of(partner_a) == partner_b


def test_an_outsider_can_only_unlink_their_own_couple(
    client, partner_a, partner_b, outsider
) -> None:
    ours = operations.space_of(partner_a)
    client.force_login(outsider)
    client.post(reverse("couples:unlink"))
    assert operations.partner_of(outsider) is None
    assert operations.partner_of(partner_a) == partner_b
    ours.refresh_from_db()
    assert ours.ended_at is None
    assert Couple.objects.active().filter(pk=ours.pk).exists()


def test_unlinking_twice_is_harmless(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    client.post(reverse("couples:unlink"))
    client.force_login(partner_b)
    response = client.post(reverse("couples:unlink"))
    assert response["Location"] == reverse("couples:partner")
    for person in (partner_a, partner_b):
        assert Membership.objects.active().filter(user=person).count() == 1
        assert operations.partner_of(person) is None

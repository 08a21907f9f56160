"""Who may see and do what in soul talk: the access matrix.

A talk belongs to the couple's space: both partners may open its cards. A line kept afterwards
belongs to its author: the partner reads it only once the author chooses to share it (soul
talk's "reveal"). Someone from another couple gets 404 and never sees a word; an anonymous
visitor is sent to sign in.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from nearer.couples.operations import unlink
from nearer.couples.space import space_of
from nearer.soultalk import operations
from nearer.soultalk.models import Keepsake, Talk, TalkCard

A_LINE = "Alex ✨ behält: der Abend auf dem Dach, 屋根の上"
B_LINE = "Sam 🕯️ хранит: the quiet after the storm, 风暴之后"
MARKS = {A_LINE: "屋根の上", B_LINE: "风暴之后"}
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def talk(bank, partner_a, partner_b) -> Talk:
    return operations.start_talk(user=partner_a, minutes=15, cards=3)


@pytest.fixture
def kept(talk, partner_a) -> Keepsake:
    """Alex kept a line, privately."""
    return operations.keep_line(user=partner_a, talk=talk, text=A_LINE, shared=False)


@pytest.fixture
def shared(kept, talk, partner_a) -> Keepsake:
    return operations.keep_line(user=partner_a, talk=talk, text=A_LINE, shared=True)


def text_of(response) -> str:
    return response.content.decode()


def assert_absent(response, *lines: str) -> None:
    body = text_of(response)
    for line in lines:
        assert line not in body, f"leaked {line!r}"
        assert MARKS[line] not in body, f"leaked part of {line!r}"


def _state(talk: Talk) -> tuple:
    talk.refresh_from_db()
    lines = sorted((k.author_id, k.text, k.shared) for k in Keepsake.objects.filter(talk=talk))
    cards = tuple(TalkCard.objects.filter(talk=talk).values_list("pk", "question_id", "status"))
    return (talk.minutes, talk.finished_at, tuple(lines), Talk.objects.count(), cards)


def _first_card(pk: int) -> dict[str, str]:
    """The skip and swap forms name the card they are about."""
    return {"card": str(TalkCard.objects.get(talk_id=pk, position=1).pk)}


ENDPOINTS = {
    "start": ("get", lambda pk: reverse("soultalk:start"), {}),
    "begin": ("post", lambda pk: reverse("soultalk:begin"), {"minutes": 15, "cards": 3}),
    "card": ("get", lambda pk: reverse("soultalk:card", args=[pk, 1]), {}),
    "extend": ("post", lambda pk: reverse("soultalk:extend", args=[pk]), {"position": "1"}),
    "done": ("post", lambda pk: reverse("soultalk:done", args=[pk]), {}),
    "keep": ("get", lambda pk: reverse("soultalk:keep", args=[pk]), {}),
    "done-post": ("post", lambda pk: reverse("soultalk:done", args=[pk]), {"text": "mine 🌙"}),
    "skip": ("post", lambda pk: reverse("soultalk:skip", args=[pk]), _first_card),
    "lighter": ("post", lambda pk: reverse("soultalk:lighter", args=[pk]), _first_card),
}
TALK_SCOPED = ["card", "extend", "done", "keep", "done-post", "skip", "lighter"]


def _send(client, name: str, talk_pk: int, *, htmx: bool = False, follow: bool = False):
    method, url, data = ENDPOINTS[name]
    if callable(data):
        data = data(talk_pk)
    return getattr(client, method)(url(talk_pk), data, follow=follow, **(HX if htmx else {}))


# --- Anonymous -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_anonymous_is_sent_to_login_and_nothing_leaks_or_changes(
    client, shared, talk, name, htmx
) -> None:
    before = _state(talk)
    response = _send(client, name, talk.pk, htmx=htmx)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('account_login')}?next=")
    assert_absent(response, A_LINE)
    assert _state(talk) == before


# --- The author --------------------------------------------------------------------------------


def test_author_sees_their_private_line_once(client, kept, partner_a) -> None:
    client.force_login(partner_a)
    body = text_of(client.get(reverse("soultalk:start")))
    assert body.count(A_LINE) == 1
    done = client.get(reverse("soultalk:keep", args=[kept.talk_id]))
    assert A_LINE in text_of(done)  # prefilled, to change it


@pytest.mark.parametrize("name", ["card", "extend", "done", "keep"])
def test_both_partners_can_open_their_talk(client, talk, partner_a, partner_b, name) -> None:
    expected = {
        "card": talk.cards.get(position=1).question.text,
        "extend": talk.cards.get(position=1).question.text,  # back on the card it came from
        "done": "Thank you for making the time",  # finished, then the page for one line
        "keep": "Thank you for making the time",
    }[name]
    for person in (partner_a, partner_b):
        client.force_login(person)
        response = _send(client, name, talk.pk, follow=True)
        assert response.status_code == 200
        assert expected in text_of(response)


# --- The partner, before and after the author shares -----------------------------------------


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_partner_never_sees_a_private_line(client, kept, talk, partner_b, name, htmx) -> None:
    client.force_login(partner_b)
    response = _send(client, name, talk.pk, htmx=htmx, follow=True)
    assert response.status_code == 200
    assert_absent(response, A_LINE)
    alex_line = Keepsake.objects.get(pk=kept.pk)
    assert (alex_line.text, alex_line.shared) == (A_LINE, False)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_partner_reads_a_shared_line(client, shared, partner_b, htmx) -> None:
    client.force_login(partner_b)
    body = text_of(client.get(reverse("soultalk:start"), **(HX if htmx else {})))
    assert body.count(A_LINE) == 1
    assert "— Alex" in body


def test_partner_keeps_their_own_line_without_touching_the_authors(
    client, shared, talk, partner_a, partner_b
) -> None:
    client.force_login(partner_b)
    done = client.get(reverse("soultalk:keep", args=[talk.pk]))
    assert_absent(done, A_LINE)  # the form is Sam's own, empty, never Alex's line
    client.post(reverse("soultalk:done", args=[talk.pk]), {"text": B_LINE})
    assert Keepsake.objects.get(author=partner_b).text == B_LINE
    assert Keepsake.objects.get(author=partner_a).text == A_LINE
    client.force_login(partner_a)
    assert_absent(client.get(reverse("soultalk:start")), B_LINE)  # Sam's stays private


# --- Someone from another couple -----------------------------------------------------------------


@pytest.mark.parametrize("name", TALK_SCOPED)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_outsider_gets_404_and_sees_no_words(client, shared, talk, outsider, name, htmx) -> None:
    before = _state(talk)
    client.force_login(outsider)
    response = _send(client, name, talk.pk, htmx=htmx)
    assert response.status_code == 404
    assert_absent(response, A_LINE)
    for card in talk.cards.select_related("question"):
        assert card.question.text not in text_of(response)
    assert _state(talk) == before
    assert not Keepsake.objects.filter(author=outsider).exists()


@pytest.mark.parametrize("name", ["start", "begin"])
def test_outsiders_own_pages_show_nothing_of_the_couple(
    client, shared, talk, outsider, name
) -> None:
    client.force_login(outsider)
    response = _send(client, name, talk.pk, follow=True)
    assert response.status_code == 200
    assert_absent(response, A_LINE)
    mine = Talk.objects.for_user(outsider)
    assert talk not in mine
    if name == "begin":  # a new talk, in Robin's own space
        assert mine.get().couple == space_of(outsider)


# --- After unlinking -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", TALK_SCOPED)
def test_after_unlink_the_old_talk_is_closed_to_both(
    client, shared, talk, partner_a, partner_b, name
) -> None:
    unlink(user=partner_b)
    before = _state(talk)
    for person in (partner_a, partner_b):
        client.force_login(person)
        assert _send(client, name, talk.pk).status_code == 404
    assert _state(talk) == before


def test_after_unlink_each_keeps_only_their_own_lines(
    client, shared, talk, partner_a, partner_b
) -> None:
    operations.keep_line(user=partner_b, talk=talk, text=B_LINE, shared=True)
    unlink(user=partner_a)
    client.force_login(partner_a)
    body = text_of(client.get(reverse("soultalk:start")))
    assert body.count(A_LINE) == 1
    assert_absent(client.get(reverse("soultalk:start")), B_LINE)
    client.force_login(partner_b)
    body = text_of(client.get(reverse("soultalk:start")))
    assert body.count(B_LINE) == 1
    assert_absent(client.get(reverse("soultalk:start")), A_LINE)


# --- The QuerySet scoping methods ----------------------------------------------------------------


def _ids(qs) -> list[int]:
    """Primary keys, duplicates kept: a duplicate row is a bug too."""
    return sorted(obj.pk for obj in qs)


def test_keepsake_visible_to(kept, talk, partner_a, partner_b, outsider) -> None:
    anonymous = AnonymousUser()
    theirs = operations.keep_line(user=partner_b, talk=talk, text=B_LINE, shared=False)
    assert _ids(Keepsake.objects.visible_to(partner_a)) == [kept.pk]
    assert _ids(Keepsake.objects.visible_to(partner_b)) == [theirs.pk]
    assert _ids(Keepsake.objects.visible_to(outsider)) == []
    assert _ids(Keepsake.objects.visible_to(anonymous)) == []

    operations.keep_line(user=partner_a, talk=talk, text=A_LINE, shared=True)
    assert _ids(Keepsake.objects.visible_to(partner_b)) == sorted([kept.pk, theirs.pk])
    assert _ids(Keepsake.objects.visible_to(partner_a)) == [kept.pk]
    assert _ids(Keepsake.objects.visible_to(outsider)) == []
    assert _ids(Keepsake.objects.visible_to(anonymous)) == []

    unlink(user=partner_b)
    assert _ids(Keepsake.objects.visible_to(partner_a)) == [kept.pk]
    assert _ids(Keepsake.objects.visible_to(partner_b)) == [theirs.pk]


def test_talk_for_user(talk, partner_a, partner_b, outsider) -> None:
    robins = operations.start_talk(user=outsider, minutes=15, cards=3)
    assert _ids(Talk.objects.for_user(partner_a)) == [talk.pk]
    assert _ids(Talk.objects.for_user(partner_b)) == [talk.pk]
    assert _ids(Talk.objects.for_user(outsider)) == [robins.pk]
    assert _ids(Talk.objects.for_user(AnonymousUser())) == []

    unlink(user=partner_a)
    assert Talk.objects.filter(pk=talk.pk).exists()  # kept, but no longer anyone's space
    assert _ids(Talk.objects.for_user(partner_a)) == []
    assert _ids(Talk.objects.for_user(partner_b)) == []
    alone = operations.start_talk(user=partner_a, minutes=15, cards=3)
    assert _ids(Talk.objects.for_user(partner_a)) == [alone.pk]
    assert _ids(Talk.objects.for_user(partner_b)) == []

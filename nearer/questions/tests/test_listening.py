"""Answering a partner's opened daily answer through the listening step, and "did you feel
heard?" (practice 11, docs/decisions/0024)."""

from __future__ import annotations

import datetime as dt
import html
import uuid

import pytest
import time_machine
from django.urls import reverse

from nearer.accounts.sealing import SealedText
from nearer.couples.operations import unlink
from nearer.questions import operations
from nearer.questions.models import Answer, DailyQuestion, Response
from nearer.tests.factories import make_daily

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
HX = {"HTTP_HX_REQUEST": "true"}
HEARD = "It sounds like the move took more out of you than you let on 🫶"
# Right-to-left text, a ZWJ sequence, a combining accent and a non-BMP emoji, exactly.
WORLDS = "يبدو أنك كنت متعبًا جدًا 👩‍❤️‍👨 — שמעתי אותך, café 🌧️"


@pytest.fixture(autouse=True)
def _midday():
    with time_machine.travel(NOON, tick=True):
        yield


@pytest.fixture
def daily(bank, partner_a, partner_b) -> DailyQuestion:
    """Alex and Sam have both answered: the day is open."""
    day = make_daily(partner_a)
    operations.save_answer(user=partner_a, daily=day, text="Alex: the long walk home.")
    operations.save_answer(user=partner_b, daily=day, text="Sam: the kitchen dance.")
    day.refresh_from_db()
    assert day.is_revealed
    return day


@pytest.fixture
def alexs(daily, partner_a) -> Answer:
    return Answer.objects.select_related("daily").get(daily=daily, author=partner_a)


def _reply(client, daily, answer, **parts: str):
    data = {"answer": answer.pk, "nonce": parts.pop("nonce", str(uuid.uuid4())), **parts}
    return client.post(reverse("questions:respond", args=[daily.pk]), data)


def _page(client, daily) -> str:
    return client.get(reverse("questions:detail", args=[daily.pk])).content.decode()


def test_a_reply_goes_through_the_parts_and_the_author_reads_them(
    client, daily, alexs, partner_a, partner_b
) -> None:
    client.force_login(partner_b)
    page = _page(client, daily)
    for label in ("What I heard", "Why it makes sense", "One question to understand more"):
        assert label in page
    assert "An idea, if you want one" in page
    response = _reply(client, daily, alexs, heard=HEARD, ask="What was the hardest part?")
    assert response.status_code == 302
    reply = Response.objects.get()
    assert (reply.author, reply.answer) == (partner_b, alexs)
    assert reply.parts == {"heard": HEARD, "ask": "What was the hardest part?"}
    assert reply.felt_heard == ""

    client.force_login(partner_a)
    page = _page(client, daily)
    assert "Sam replied" in page
    assert html.escape(HEARD) in page
    assert "Did you feel heard?" in page


def test_a_double_submission_makes_one_reply(client, daily, alexs, partner_b) -> None:
    client.force_login(partner_b)
    nonce = str(uuid.uuid4())
    for _ in range(2):
        _reply(client, daily, alexs, heard=HEARD, nonce=nonce)
    assert Response.objects.count() == 1


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_every_part_empty_is_refused_kindly_and_nothing_is_lost(
    client, daily, alexs, partner_b, headers
) -> None:
    client.force_login(partner_b)
    response = client.post(
        reverse("questions:respond", args=[daily.pk]),
        {"answer": alexs.pk, "heard": "  ", "sense": "", "ask": "\n", "nonce": str(uuid.uuid4())},
        **headers,
    )
    assert response.status_code == (422 if headers else 200)
    body = response.content.decode()
    assert "Write at least one part before sending." in body
    assert "Sam: the kitchen dance." in body  # the page around it is all still there
    assert not Response.objects.exists()


def test_a_part_too_long_says_so_and_keeps_every_word(client, daily, alexs, partner_b) -> None:
    client.force_login(partner_b)
    long = ("ذكرتني 🌧️ " * 2500)[:19_999] + "!"
    response = client.post(
        reverse("questions:respond", args=[daily.pk]),
        {"answer": alexs.pk, "heard": long, "sense": WORLDS, "nonce": str(uuid.uuid4())},
        **HX,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "That part is longer than we can keep" in body
    assert "you wrote 20000" in body
    assert html.escape(long, quote=False) in body
    assert html.escape(WORLDS, quote=False) in body
    assert not Response.objects.exists()


def test_emoji_and_right_to_left_words_come_back_exactly(
    client, daily, alexs, partner_a, partner_b
) -> None:
    client.force_login(partner_b)
    _reply(client, daily, alexs, heard=WORLDS, idea="🍵")
    assert Response.objects.get().parts == {"heard": WORLDS, "idea": "🍵"}
    client.force_login(partner_a)
    assert html.escape(WORLDS) in _page(client, daily)


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_looking_over_a_reply_shows_the_hint_and_saves_nothing(
    client, daily, alexs, partner_b, headers
) -> None:
    client.force_login(partner_b)
    draft = "You should just go to bed earlier."
    response = client.post(
        reverse("questions:respond", args=[daily.pk]),
        {"answer": alexs.pk, "heard": draft, "check": "1", "nonce": str(uuid.uuid4())},
        **headers,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "A thought before you send" in body
    assert "This reads like advice." in body
    assert f"\n{draft}</textarea>" in body  # the words are back in the box
    assert not Response.objects.exists()


def test_an_old_plain_text_reply_still_shows(client, daily, alexs, partner_a, partner_b) -> None:
    """Replies were one sealed text before the listening step: they read as one part."""
    reply = operations.respond(user=partner_b, answer=alexs, parts={"heard": "x"}, nonce="old")
    old_way = SealedText("body")
    old_way.__set_name__(Response, "text")
    old_way.__set__(reply, "That made me smile all week 😊")  # sealed as the old code did
    reply.save(update_fields=["body"])

    reread = Response.objects.get(pk=reply.pk)
    assert reread.parts == {"said": "That made me smile all week 😊"}
    assert reread.text == "That made me smile all week 😊"
    for person in (partner_a, partner_b):
        client.force_login(person)
        assert "That made me smile all week 😊" in _page(client, daily)


# --- Did you feel heard? ------------------------------------------------------------------------


def _felt(client, daily, reply, value: str = "yes", **extra):
    return client.post(
        reverse("questions:felt", args=[daily.pk]), {"reply": reply.pk, "felt": value}, **extra
    )


@pytest.fixture
def reply(alexs, partner_b) -> Response:
    return operations.respond(user=partner_b, answer=alexs, parts={"heard": HEARD}, nonce="n1")


def test_the_author_says_they_felt_heard_and_the_replier_sees_it(
    client, daily, reply, partner_a, partner_b
) -> None:
    client.force_login(partner_a)
    response = _felt(client, daily, reply)
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.felt_heard == "yes"
    assert reply.felt_heard_at is not None
    assert 'value="yes" class="button button--quiet" aria-pressed="true"' in _page(client, daily)

    client.force_login(partner_b)
    page = _page(client, daily)
    assert "They felt heard." in page
    assert "Did you feel heard?" not in page  # not theirs to answer


def test_not_yet_invites_the_replier_to_try_again(
    client, daily, reply, alexs, partner_a, partner_b
) -> None:
    client.force_login(partner_a)
    _felt(client, daily, reply, "not_yet")
    client.force_login(partner_b)
    page = _page(client, daily)
    assert "They don’t feel heard yet. You could try again" in page
    assert "Send to Alex" in page  # the form stays
    _reply(client, daily, alexs, heard="It sounds like you felt alone in it.")
    assert Response.objects.count() == 2


def test_only_the_author_of_the_answer_may_say_whether_they_felt_heard(
    client, daily, reply, partner_b, outsider
) -> None:
    for person in (partner_b, outsider):  # the replier, another couple
        client.force_login(person)
        assert _felt(client, daily, reply).status_code == 404
    client.logout()
    anonymous = _felt(client, daily, reply)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    reply.refresh_from_db()
    assert reply.felt_heard == ""


def test_a_bad_felt_answer_or_reply_id_is_a_400(client, daily, reply, partner_a) -> None:
    client.force_login(partner_a)
    for value in ("maybe", "", "YES"):
        assert _felt(client, daily, reply, value).status_code == 400
    for bad in ("abc", "²", "-1", "9" * 30):
        response = client.post(
            reverse("questions:felt", args=[daily.pk]), {"reply": bad, "felt": "yes"}
        )
        assert response.status_code == 400
    assert client.get(reverse("questions:felt", args=[daily.pk])).status_code == 405
    reply.refresh_from_db()
    assert reply.felt_heard == ""


def test_after_unlink_nobody_marks_and_each_keeps_only_their_own_words(
    client, daily, reply, partner_a, partner_b
) -> None:
    unlink(user=partner_a)
    client.force_login(partner_a)
    assert _felt(client, daily, reply).status_code == 404
    assert HEARD not in _page(client, daily)
    assert Response.objects.to_answers_of(partner_a).count() == 0
    assert list(Response.objects.visible_to(partner_b)) == [reply]


def test_to_answers_of_is_the_authors_replies_only(
    daily, reply, partner_a, partner_b, outsider
) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert list(Response.objects.to_answers_of(partner_a)) == [reply]
    assert list(Response.objects.to_answers_of(partner_b)) == []
    assert list(Response.objects.to_answers_of(outsider)) == []
    assert list(Response.objects.to_answers_of(AnonymousUser())) == []

"""Answering a partner's opened check-in entry through the listening step, and "did you feel
heard?" (practice 11, docs/decisions/0024)."""

from __future__ import annotations

import datetime as dt
import html
import uuid

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nearer.checkins import operations
from nearer.checkins.models import CheckIn, CheckInEntry, EntryReply
from nearer.couples.operations import unlink
from nearer.lib.foundations import KEYS
from nearer.notifications.models import Notification

WEDNESDAY = dt.datetime(2027, 1, 6, 12, tzinfo=dt.UTC)
HEARD = "It sounds like lunch on your own has felt lonely lately 🌧️"
WORLDS = "يبدو أنك تحتاج إلى مكالمة 👩‍❤️‍👨 — שמעתי אותך, café"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


def _write(user, more_loved: str) -> CheckInEntry:
    return operations.save_entry(
        user=user,
        appreciated="You listened",
        more_loved=more_loved,
        closer="",
        pulse=dict.fromkeys(KEYS, 4),
    )


@pytest.fixture
def checkin(partner_a, partner_b) -> CheckIn:
    """Both have written this week's check-in: it is open."""
    _write(partner_a, "A call at lunch now and then")
    _write(partner_b, "A hug when I get home")
    week = CheckIn.objects.get()
    assert week.is_revealed
    return week


@pytest.fixture
def alexs(checkin, partner_a) -> CheckInEntry:
    return CheckInEntry.objects.select_related("checkin").get(author=partner_a)


def _url(name: str, checkin: CheckIn) -> str:
    return reverse(f"checkins:{name}", args=[checkin.pk])


def _reply(client, checkin, **parts: str):
    data = {"nonce": parts.pop("nonce", str(uuid.uuid4())), **parts}
    return client.post(_url("reply", checkin), data)


def _page(client, checkin) -> str:
    response = client.get(_url("detail", checkin))
    assert response.status_code == 200
    return response.content.decode()


def test_a_partner_answers_the_entry_and_its_author_reads_it(
    client, checkin, alexs, partner_a, partner_b
) -> None:
    client.force_login(partner_b)
    page = _page(client, checkin)
    assert "Answer Alex’s check-in" in page
    assert "What I heard" in page
    response = _reply(client, checkin, heard=HEARD, ask="Which day suits you?")
    assert response.status_code == 302
    reply = EntryReply.objects.get()
    assert (reply.author, reply.entry) == (partner_b, alexs)
    assert reply.parts == {"heard": HEARD, "ask": "Which day suits you?"}
    assert "You replied" in _page(client, checkin)

    # Alex hears about it, without the words, and reads it under "Sam answered yours".
    note = Notification.objects.get(user=partner_a, kind="checkin_reply")
    assert note.actor == partner_b
    assert note.url == _url("detail", checkin)
    client.force_login(partner_a)
    assert (
        "Sam answered your check-in." in client.get(reverse("notifications:list")).content.decode()
    )
    page = _page(client, checkin)
    assert "Sam answered yours" in page
    assert html.escape(HEARD) in page
    assert "Did you feel heard?" in page


def test_a_double_submission_makes_one_reply_and_one_notification(
    client, checkin, partner_b
) -> None:
    client.force_login(partner_b)
    nonce = str(uuid.uuid4())
    for _ in range(2):
        _reply(client, checkin, heard=HEARD, nonce=nonce)
    assert EntryReply.objects.count() == 1
    assert Notification.objects.filter(kind="checkin_reply").count() == 1


def test_every_part_empty_is_refused_kindly(client, checkin, partner_b) -> None:
    client.force_login(partner_b)
    response = _reply(client, checkin, heard=" ", sense="", ask="", idea="\n")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Write at least one part before sending." in body
    assert "A call at lunch now and then" in body  # the week is all still there
    assert not EntryReply.objects.exists()


def test_a_part_too_long_says_so_and_keeps_every_word(client, checkin, partner_b) -> None:
    client.force_login(partner_b)
    long = ("ذكرتني 🌧️ " * 2500)[:19_999] + "!"
    response = _reply(client, checkin, heard=long, sense=WORLDS)
    body = response.content.decode()
    assert "That part is longer than we can keep (2000 characters; you wrote 20000)." in body
    assert html.escape(long, quote=False) in body
    assert html.escape(WORLDS, quote=False) in body
    assert not EntryReply.objects.exists()


def test_emoji_and_right_to_left_words_come_back_exactly(
    client, checkin, partner_a, partner_b
) -> None:
    client.force_login(partner_b)
    _reply(client, checkin, heard=WORLDS)
    assert EntryReply.objects.get().parts == {"heard": WORLDS}
    client.force_login(partner_a)
    assert html.escape(WORLDS) in _page(client, checkin)


def test_looking_over_a_reply_shows_the_hint_and_saves_nothing(client, checkin, partner_b) -> None:
    client.force_login(partner_b)
    draft = "You should just bring a sandwich to the park."
    response = _reply(client, checkin, heard=draft, check="1")
    assert response.status_code == 200
    body = response.content.decode()
    assert "This reads like advice." in body
    assert f"\n{draft}</textarea>" in body
    assert not EntryReply.objects.exists()
    assert not Notification.objects.filter(kind="checkin_reply").exists()


def test_nobody_answers_their_own_or_a_sealed_or_another_couples_entry(
    client, partner_a, partner_b, outsider
) -> None:
    _write(partner_a, "Only mine so far")
    week = CheckIn.objects.get()
    for person in (partner_a, partner_b, outsider):  # own entry; still sealed; not theirs
        client.force_login(person)
        assert _reply(client, week, heard=HEARD).status_code == 404
    client.logout()
    anonymous = _reply(client, week, heard=HEARD)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    assert not EntryReply.objects.exists()


# --- Did you feel heard? ------------------------------------------------------------------------


@pytest.fixture
def reply(alexs, partner_b) -> EntryReply:
    return operations.reply_to_entry(
        user=partner_b, entry=alexs, parts={"heard": HEARD}, nonce="n1"
    )


def _felt(client, checkin, reply, value: str = "yes"):
    return client.post(_url("felt", checkin), {"reply": reply.pk, "felt": value})


def test_the_entrys_author_says_they_felt_heard_and_the_replier_sees_it(
    client, checkin, reply, partner_a, partner_b
) -> None:
    client.force_login(partner_a)
    assert _felt(client, checkin, reply, "partly").status_code == 302
    reply.refresh_from_db()
    assert reply.felt_heard == "partly" and reply.felt_heard_at is not None
    client.force_login(partner_b)
    page = _page(client, checkin)
    assert "They felt partly heard." in page
    assert "Did you feel heard?" not in page
    assert "Send to Alex" in page  # they can answer again


def test_only_the_entrys_author_may_say_whether_they_felt_heard(
    client, checkin, reply, partner_b, outsider
) -> None:
    for person in (partner_b, outsider):
        client.force_login(person)
        assert _felt(client, checkin, reply).status_code == 404
    client.logout()
    anonymous = _felt(client, checkin, reply)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    reply.refresh_from_db()
    assert reply.felt_heard == ""


def test_a_bad_felt_answer_or_reply_id_is_a_400(client, checkin, reply, partner_a) -> None:
    client.force_login(partner_a)
    for value in ("maybe", "", "Not yet"):
        assert _felt(client, checkin, reply, value).status_code == 400
    for bad in ("abc", "٣", "0", "9" * 30):
        response = client.post(_url("felt", checkin), {"reply": bad, "felt": "yes"})
        assert response.status_code == 400
    assert client.get(_url("felt", checkin)).status_code == 405
    reply.refresh_from_db()
    assert reply.felt_heard == ""


# --- Access -------------------------------------------------------------------------------------


def test_entry_reply_visible_to_and_to_entries_of(
    checkin, reply, partner_a, partner_b, outsider
) -> None:
    anonymous = AnonymousUser()
    for person in (partner_a, partner_b):  # the entry's author and the replier
        assert list(EntryReply.objects.visible_to(person)) == [reply]
    assert list(EntryReply.objects.visible_to(outsider)) == []
    assert list(EntryReply.objects.visible_to(anonymous)) == []
    assert list(EntryReply.objects.to_entries_of(partner_a)) == [reply]
    for person in (partner_b, outsider, anonymous):
        assert list(EntryReply.objects.to_entries_of(person)) == []

    unlink(user=partner_a)
    assert list(EntryReply.objects.visible_to(partner_b)) == [reply]  # their own words
    assert list(EntryReply.objects.visible_to(partner_a)) == []
    assert list(EntryReply.objects.to_entries_of(partner_a)) == []


def test_after_unlink_each_keeps_only_their_own_words(
    client, checkin, reply, partner_a, partner_b
) -> None:
    unlink(user=partner_b)
    client.force_login(partner_a)
    page = _page(client, checkin)
    assert HEARD not in page and html.escape(HEARD) not in page
    assert "A hug when I get home" not in page
    assert _felt(client, checkin, reply).status_code == 404
    client.force_login(partner_b)
    page = _page(client, checkin)
    assert "A call at lunch now and then" not in page
    assert _reply(client, checkin, heard="Still here").status_code == 404
    assert EntryReply.objects.count() == 1


def test_replies_come_in_one_query_however_many(client, checkin, alexs, partner_a, partner_b):
    bobs = CheckInEntry.objects.select_related("checkin").get(author=partner_b)

    def count() -> int:
        client.force_login(partner_a)
        client.get(_url("detail", checkin))
        with CaptureQueriesContext(connection) as queries:
            _page(client, checkin)
        return len(queries)

    before = count()
    for n in range(3):
        operations.reply_to_entry(user=partner_b, entry=alexs, parts={"heard": "h"}, nonce=f"b{n}")
        operations.reply_to_entry(user=partner_a, entry=bobs, parts={"ask": "a"}, nonce=f"a{n}")
    assert count() == before

"""Loving notes: writing one now or for later, who sees what, bad input, cancelling, deleting."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nearer.couples.operations import unlink
from nearer.notes import operations
from nearer.notes.models import Note
from nearer.notifications.models import Notification
from nearer.notifications.operations import sweep
from nearer.tests.factories import make_couple, make_user

UTC = dt.UTC
NOON = dt.datetime(2027, 1, 12, 12, tzinfo=UTC)
EVENING = dt.datetime(2027, 1, 12, 18, 0)  # wall time on the author's clock (Alex: UTC)
URL = reverse("notes:index")
WORDS = "I keep thinking about our walk by the river 🌊 — « merci » & 東京, see you soon 👩‍❤️‍👨"
NONCE = "3f0c5d52-7a61-4b7e-9a4e-2f1b8d6c9e01"


@pytest.fixture(autouse=True)
def _noon():
    with time_machine.travel(NOON, tick=False):
        yield


def _post(client, user, text=WORDS, when="now", day="", time="", nonce=NONCE, follow=True):
    client.force_login(user)
    data = {"text": text, "when": when, "day": day, "time": time, "nonce": nonce}
    return client.post(URL, data, follow=follow)


def _later(author, text=WORDS, at=EVENING) -> Note:
    return operations.send_note(author=author, text=text, deliver_at=at)


def _page(client, user) -> str:
    client.force_login(user)
    return client.get(URL).content.decode()


def _shows(body: str, text: str = WORDS) -> bool:
    return html.escape(text) in body


# --- Sending -------------------------------------------------------------------------------


def test_send_now_arrives_at_once(client, partner_a, partner_b) -> None:
    response = _post(client, partner_a)
    assert "Sent. It’s waiting for Sam in Nearer." in response.content.decode()
    note = Note.objects.get()
    assert (note.author, note.recipient) == (partner_a, partner_b)
    assert note.delivered_at == note.deliver_at == NOON
    assert note.text == WORDS
    assert WORDS.encode() not in bytes(note.body)
    assert _shows(_page(client, partner_b))
    line = Notification.objects.get(user=partner_b)
    assert (line.kind, line.actor, line.url) == ("note_arrived", partner_a, URL)


def test_a_note_for_later_waits_unseen(client, partner_a, partner_b) -> None:
    response = _post(client, partner_a, when="later", day="2027-01-12", time="18:00")
    body = response.content.decode()
    assert "Kept for later. It arrives on Tuesday 12 January, 18:00, your time." in body
    note = Note.objects.get()
    assert note.deliver_at == dt.datetime(2027, 1, 12, 18, tzinfo=UTC)
    assert note.delivered_at is None
    assert "Arrives for Sam on Tuesday 12 January 2027 at 18:00, your time." in body
    assert _shows(body)  # the author sees their own note
    sam_sees = _page(client, partner_b)
    assert not _shows(sam_sees)
    assert not Notification.objects.filter(user=partner_b).exists()


def test_later_is_on_the_authors_own_clock(client, partner_a, partner_b) -> None:
    partner_a.time_zone = "Asia/Tokyo"
    partner_a.save()
    response = _post(client, partner_a, when="later", day="2027-01-13", time="08:00")
    assert Note.objects.get().deliver_at == dt.datetime(2027, 1, 12, 23, tzinfo=UTC)
    assert "Arrives for Sam on Wednesday 13 January 2027 at 08:00" in response.content.decode()


@pytest.mark.parametrize(
    ("zone", "day", "time", "message"),
    [
        (
            "UTC",
            "2027-01-12",
            "11:00",
            "That time has already passed. Choose a later time, or send it now.",
        ),
        (
            "UTC",
            "2027-01-12",
            "12:00",
            "That time has already passed. Choose a later time, or send it now.",
        ),
        (
            "Europe/London",
            "2027-03-28",
            "01:30",
            "Clocks go forward that night, so 01:30 doesn’t happen on 28 March.",
        ),
        ("UTC", "2028-02-01", "09:00", "That’s more than a year away."),
        ("UTC", "", "", "Choose the day it should arrive, or send it now."),
        ("UTC", "2027-01-13", "", "Choose the time it should arrive, or send it now."),
        ("UTC", "", "09:00", "Choose the day it should arrive, or send it now."),
        ("UTC", "13/01/2027", "09:00", "Enter a day, like 2027-03-28."),
    ],
)
def test_bad_times_are_refused_and_the_words_stay(
    client, partner_a, partner_b, zone, day, time, message
) -> None:
    partner_a.time_zone = zone
    partner_a.save()
    response = _post(client, partner_a, when="later", day=day, time=time)
    body = response.content.decode()
    assert html.escape(message) in body
    assert _shows(body)  # still in the form
    assert not Note.objects.exists()


def test_a_time_that_happens_twice_means_the_first(partner_a, partner_b) -> None:
    partner_a.time_zone = "Europe/London"
    partner_a.save()
    with time_machine.travel(dt.datetime(2027, 10, 20, 12, tzinfo=UTC), tick=False):
        note = _later(partner_a, at=dt.datetime(2027, 10, 31, 1, 30))  # clocks go back at 02:00
    assert note.deliver_at == dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_a_chosen_time_with_send_now_is_not_sent_early(client, partner_a, partner_b) -> None:
    # Enter in the time box presses the first button, "now": the surprise must not go early.
    response = _post(client, partner_a, when="now", day="2027-01-12", time="18:00")
    body = response.content.decode()
    assert "press “Deliver it later”" in body
    assert _shows(body)
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Write a few words first."), ("ö" * 2001, "Keep it under 2000 characters.")],
)
def test_empty_or_over_long_text_is_refused(client, partner_a, partner_b, text, message) -> None:
    response = _post(client, partner_a, text=text)
    body = response.content.decode()
    assert message in body
    if text.strip():
        assert text in body
    assert not Note.objects.exists()
    with pytest.raises(operations.NoteError):
        operations.send_note(author=partner_a, text=text)
    assert not Note.objects.exists()


def test_long_unicode_survives_exactly_and_is_sealed(client, partner_a, partner_b) -> None:
    words = (WORDS + "\nA second line,\n\tindented. ") * 40
    words = words[:2000].strip()
    _post(client, partner_a, text=words)
    note = Note.objects.get()
    assert note.text == words
    assert words.encode() not in bytes(note.body)
    assert b"river" not in bytes(note.body)
    assert "東京".encode() not in bytes(note.body)
    assert html.escape(words.splitlines()[0]) in _page(client, partner_b)


def test_a_double_submission_sends_one_note(client, partner_a, partner_b) -> None:
    _post(client, partner_a, when="later", day="2027-01-12", time="18:00")
    _post(client, partner_a, when="later", day="2027-01-12", time="18:00")
    assert Note.objects.count() == 1
    _post(client, partner_a, nonce="9d8b7a6c-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
    _post(client, partner_a, nonce="9d8b7a6c-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
    assert Note.objects.count() == 2
    assert Notification.objects.filter(user=partner_b).count() == 1


def test_each_page_gets_a_fresh_nonce(client, partner_a, partner_b) -> None:
    found = [re.search(r'name="nonce" value="([^"]+)"', _page(client, partner_a)) for _ in "ab"]
    assert found[0] and found[1] and found[0].group(1) != found[1].group(1)


def test_someone_on_their_own_is_invited_first(client, solo) -> None:
    body = _page(client, solo)
    assert f'href="{reverse("couples:partner")}"' in body
    assert "Invite my partner" in body
    response = _post(client, solo)
    assert "Invite them first" in response.content.decode()
    assert not Note.objects.exists()


def test_labels_say_what_happens(client, partner_a, partner_b) -> None:
    body = _page(client, partner_a)
    assert "Send to Sam now" in body
    assert "Deliver it later" in body
    assert 'type="date"' in body and 'type="time"' in body
    assert 'min="2027-01-12"' in body


def test_first_visit_teaches_and_then_steps_aside(client, partner_a, partner_b) -> None:
    assert "Start with one line about something you noticed in Sam today." in _page(
        client, partner_a
    )
    _later(partner_a)
    assert "Start with one line" not in _page(client, partner_a)


# --- Who sees what -------------------------------------------------------------------------


def test_visible_to_scoping(partner_a, partner_b, outsider) -> None:
    note = _later(partner_a)
    assert list(Note.objects.visible_to(partner_a)) == [note]
    assert not Note.objects.visible_to(partner_b).exists()  # not before its time
    assert not Note.objects.visible_to(outsider).exists()
    assert not Note.objects.visible_to(AnonymousUser()).exists()
    sweep(dt.datetime(2027, 1, 12, 18, tzinfo=UTC))
    assert list(Note.objects.visible_to(partner_b)) == [note]
    assert list(Note.objects.received_by(partner_b)) == [note]
    assert not Note.objects.received_by(partner_a).exists()
    assert not Note.objects.visible_to(outsider).exists()
    unlink(user=partner_a)
    assert list(Note.objects.visible_to(partner_a)) == [note]  # still the author's
    assert not Note.objects.visible_to(partner_b).exists()


def test_before_its_time_the_recipient_cannot_reach_it(client, partner_a, partner_b) -> None:
    note = _later(partner_a)
    client.force_login(partner_b)
    for url in (URL, f"{URL}?before=99999999999999999_999999", f"{URL}?sent_before=1_1"):
        body = (
            client.get(url).content.decode()
            + client.get(url, HTTP_HX_REQUEST="true").content.decode()
        )
        assert not _shows(body)
    for name in ("notes:cancel", "notes:delete"):
        client.post(reverse(name, args=[note.pk]))
    note.refresh_from_db()
    assert note.delivered_at is None


def test_another_couple_sees_and_touches_nothing(client, partner_a, partner_b, outsider) -> None:
    scheduled = _later(partner_a)
    delivered = operations.send_note(author=partner_a, text="Already there")
    body = _page(client, outsider)
    assert not _shows(body) and "Already there" not in body
    for note in (scheduled, delivered):
        for name in ("notes:cancel", "notes:delete"):
            response = client.post(reverse(name, args=[note.pk]), follow=True)
            assert "That note isn’t here any more." in response.content.decode()
    assert Note.objects.count() == 2


def test_only_the_author_cancels_and_deletes(client, partner_a, partner_b) -> None:
    scheduled = _later(partner_a)
    delivered = operations.send_note(author=partner_a, text="Already there")
    client.force_login(partner_b)
    for note in (scheduled, delivered):
        for name in ("notes:cancel", "notes:delete"):
            client.post(reverse(name, args=[note.pk]))
    assert Note.objects.count() == 2
    assert "Already there" in _page(client, partner_b)


def test_the_author_cancels_a_scheduled_note(client, partner_a, partner_b) -> None:
    note = _later(partner_a)
    client.force_login(partner_a)
    response = client.post(reverse("notes:cancel", args=[note.pk]), follow=True)
    assert "Cancelled. It won’t be delivered." in response.content.decode()
    assert not Note.objects.exists()
    assert sweep(dt.datetime(2027, 1, 13, tzinfo=UTC))["notes"] == 0
    assert not Notification.objects.exists()


def test_a_delivered_note_cannot_be_cancelled_but_can_be_deleted(
    client, partner_a, partner_b
) -> None:
    note = _later(partner_a)
    sweep(dt.datetime(2027, 1, 12, 18, tzinfo=UTC))
    client.force_login(partner_a)
    response = client.post(reverse("notes:cancel", args=[note.pk]), follow=True)
    assert "That note has already arrived. You can still delete it." in response.content.decode()
    assert Note.objects.filter(pk=note.pk).exists()
    client.post(reverse("notes:delete", args=[note.pk]))
    assert not Note.objects.exists()
    assert not Notification.objects.filter(user=partner_b).exists()  # its line goes too
    assert not _shows(_page(client, partner_b))


def test_after_unlinking_received_notes_leave_the_recipients_page(
    client, partner_a, partner_b
) -> None:
    operations.send_note(author=partner_a, text="Already there")
    scheduled = _later(partner_a)
    unlink(user=partner_b)
    assert "Already there" not in _page(client, partner_b)
    body = _page(client, partner_a)
    assert "Already there" in body  # the author keeps their words
    assert "This one won’t be delivered: you’re no longer linked with Sam." in body
    client.post(reverse("notes:delete", args=[scheduled.pk]))
    assert not Note.objects.filter(pk=scheduled.pk).exists()


@pytest.mark.parametrize("name", ["notes:index", "notes:kindness"])
def test_anonymous_is_sent_to_login(client, name) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_anonymous_cannot_post(client, partner_a, partner_b) -> None:
    note = _later(partner_a)
    for name in ("notes:cancel", "notes:delete"):
        assert client.post(reverse(name, args=[note.pk])).status_code == 302
    assert client.post(URL, {"text": "x", "when": "now"}).status_code == 302
    assert list(Note.objects.all()) == [note]


def test_cancel_and_delete_are_post_only(client, partner_a, partner_b) -> None:
    note = _later(partner_a)
    client.force_login(partner_a)
    for name in ("notes:cancel", "notes:delete"):
        assert client.get(reverse(name, args=[note.pk])).status_code == 405
    assert Note.objects.filter(pk=note.pk).exists()


def test_no_read_receipts(client, partner_a, partner_b) -> None:
    operations.send_note(author=partner_a, text="Already there")

    def authors_view() -> str:
        return re.sub(r'value="[^"]*"', "", _page(client, partner_a))

    before = authors_view()
    _page(client, partner_b)  # Sam opens it
    client.force_login(partner_b)
    client.get(reverse("notifications:list"))
    assert authors_view() == before


# --- Lists and query counts ----------------------------------------------------------------


def _history(a, b, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        moment = NOON - dt.timedelta(days=100 - i)
        with time_machine.travel(moment, tick=False):
            operations.send_note(author=b, text=f"to Alex {i}")
            operations.send_note(author=a, text=f"to Sam {i}")
            _later(a, text=f"later {i}", at=NOON.replace(tzinfo=None) + dt.timedelta(days=i))


def test_page_query_count_does_not_grow(client, partner_a, partner_b) -> None:
    _history(partner_a, partner_b, 2)
    client.force_login(partner_a)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        body = client.get(URL).content.decode()
    assert "to Alex 1" in body and "to Sam 1" in body and "later 1" in body
    _history(partner_a, partner_b, 25, start=2)
    with CaptureQueriesContext(connection) as large:
        body = client.get(URL).content.decode()
    assert "to Alex 26" in body and "to Sam 26" in body and "later 26" in body
    assert len(large) == len(small)


def test_show_earlier_pages_through_received_notes(client, partner_a, partner_b) -> None:
    _history(partner_a, partner_b, 23)
    client.force_login(partner_b)
    seen: list[str] = []
    url = URL
    for expected in (10, 10, 3):
        response = client.get(url)
        notes = response.context["received"]
        assert len(notes) == expected
        seen += [n.text for n in notes]
        if response.context["received_next"]:
            url = f"{URL}?before={response.context['received_next']}"
            fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
            assert "<html" not in fragment
            assert f"to Sam {22 - len(seen)}" in fragment  # the next page, in place
    assert seen == [f"to Sam {i}" for i in range(22, -1, -1)]  # newest first, each once


def test_show_earlier_sent_as_a_fragment(client, partner_a, partner_b) -> None:
    _history(partner_a, partner_b, 12)
    client.force_login(partner_a)
    first = client.get(URL)
    assert len(first.context["sent"]) == 10
    fragment = client.get(
        f"{URL}?sent_before={first.context['sent_next']}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment
    assert "to Sam 1" in fragment and "to Sam 0" in fragment and "to Sam 2" not in fragment
    assert "Delete this note" in fragment


def test_cursors_that_make_no_sense_answer_400(client, partner_a, partner_b) -> None:
    operations.send_note(author=partner_b, text="to Alex")
    client.force_login(partner_a)
    for cursor in ("nonsense", "1_", "_1", "9" * 40 + "_1", "-5_3", "999999999999999999_1", "²_1"):
        for name in ("before", "sent_before"):
            for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
                response = client.get(URL, {name: cursor}, **headers)
                assert response.status_code == 400
                assert "to Alex" not in response.content.decode()
    assert "to Alex" in client.get(URL, {"before": ""}).content.decode()  # empty: the first page


def test_a_new_partner_does_not_see_old_notes(client, partner_a, partner_b) -> None:
    operations.send_note(author=partner_a, text="for Sam only")
    unlink(user=partner_a)
    newcomer = make_user("Noor")
    make_couple(partner_a, newcomer)
    assert "for Sam only" not in _page(client, newcomer)
    assert "for Sam only" in _page(client, partner_a)

"""Wins and struggles: sharing, celebrating, listening, felt heard, keeping, access, bad input."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from nearer.couples.operations import unlink
from nearer.couples.space import forget
from nearer.listening.hints import hints_for
from nearer.moments import operations
from nearer.moments.content import STARTERS
from nearer.moments.models import Kind, Moment, MomentReply
from nearer.notifications.models import Notification

INDEX = reverse("moments:index")
LINE = "My talk went well 🎉 — שלום עולם"
DETAIL = "They asked three questions at the end.\nمرحبا, and one about the graphs."


def _share(client, user, kind="win", line=LINE, detail=DETAIL, nonce=None, **extra):
    client.force_login(user)
    data = {"kind": kind, "line": line, "detail": detail, "nonce": nonce or str(uuid.uuid4())}
    return client.post(INDEX, data, **extra)


def _moment(author, kind=Kind.WIN, line=LINE, detail="") -> Moment:
    return operations.share(
        author=author, kind=kind, line=line, detail=detail, nonce=str(uuid.uuid4())
    )


def _reply(client, user, moment, **parts):
    client.force_login(user)
    data = {"nonce": parts.pop("nonce", str(uuid.uuid4())), **parts}
    return client.post(reverse("moments:reply", args=[moment.pk]), data)


def _page(moment) -> str:
    return reverse("moments:detail", args=[moment.pk])


# --- Sharing --------------------------------------------------------------------------------


def test_a_win_is_shared_sealed_and_the_partner_is_told_without_its_words(
    client, partner_a, partner_b
) -> None:
    response = _share(client, partner_a)
    assert response.status_code == 302
    moment = Moment.objects.get()
    assert (moment.author, moment.kind, moment.line, moment.detail) == (
        partner_a,
        Kind.WIN,
        LINE,
        DETAIL,
    )
    assert LINE.encode() not in bytes(moment.body)
    news = Notification.objects.get(user=partner_b)
    assert news.message(partner_b.zone) == "Alex has good news to tell you."
    assert news.url == _page(moment)
    assert not Notification.objects.filter(user=partner_a).exists()
    client.force_login(partner_b)
    body = client.get(INDEX).content.decode()
    assert LINE in body and "Celebrate with Alex" in body


def test_a_struggle_tells_the_partner_something_hard_was_shared(
    client, partner_a, partner_b
) -> None:
    _share(client, partner_a, kind="struggle", line="Work was a lot today")
    news = Notification.objects.get(user=partner_b)
    assert news.message(partner_b.zone) == "Alex shared something hard."
    client.force_login(partner_b)
    body = client.get(INDEX).content.decode()
    assert "Hard things, shared" in body and "Listen to Alex" in body


def test_an_empty_line_is_refused_and_the_detail_kept(client, partner_a, partner_b) -> None:
    response = _share(client, partner_a, line="   ")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Write a line first" in body
    assert "three questions at the end" in body
    assert not Moment.objects.exists()


def test_no_kind_chosen_is_refused_kindly(client, partner_a, partner_b) -> None:
    response = _share(client, partner_a, kind="")
    assert "good news or something hard" in response.content.decode()
    assert not Moment.objects.exists()


def test_htmx_failures_answer_422_with_the_words(client, partner_a, partner_b) -> None:
    response = _share(client, partner_a, line="", headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "three questions at the end" in response.content.decode()


def test_long_emoji_and_right_to_left_words_survive_exactly(client, partner_a, partner_b) -> None:
    detail = ("🌱 שלום — ok\n" * 400)[:4000]
    _share(client, partner_a, detail=detail)
    assert Moment.objects.get().detail == detail


def test_twenty_thousand_characters_get_a_length_message_with_the_words_kept(
    client, partner_a, partner_b
) -> None:
    long = "ö" * 20_000
    response = _share(client, partner_a, detail=long)
    body = response.content.decode()
    assert "longer than we can keep (4000 characters; you wrote 20000)" in body
    assert long in body and LINE in body
    long_line = "é" * 201
    body = _share(client, partner_a, line=long_line).content.decode()
    assert "Keep the line under 200 characters" in body and long_line in body
    assert not Moment.objects.exists()


def test_a_double_submission_makes_one_moment(client, partner_a, partner_b) -> None:
    nonce = str(uuid.uuid4())
    _share(client, partner_a, nonce=nonce)
    _share(client, partner_a, nonce=nonce)
    assert Moment.objects.count() == 1
    assert Notification.objects.filter(user=partner_b).count() == 1


def test_someone_on_their_own_is_asked_to_invite_their_partner(client, solo) -> None:
    client.force_login(solo)
    assert "Invite my partner" in client.get(INDEX).content.decode()
    response = _share(client, solo)
    assert "Invite them first" in response.content.decode()
    assert not Moment.objects.exists()


# --- Celebrating a win ----------------------------------------------------------------------


def test_the_partner_celebrates_a_win_with_a_question(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a)
    client.force_login(partner_b)
    page = client.get(_page(moment)).content.decode()
    assert "Celebrate with Alex" in page
    assert "What I feel about it" in page and "A question so they can tell it again" in page
    assert "No way — tell me everything!" in page  # a starter, readable without JavaScript
    response = _reply(client, partner_b, moment, cheer="So proud of you!", ask="Best moment?")
    assert response.status_code == 302
    reply = MomentReply.objects.get()
    assert reply.parts == {"cheer": "So proud of you!", "ask": "Best moment?"}
    assert b"So proud" not in bytes(reply.body)
    moment.refresh_from_db()
    assert moment.answered_at is not None
    news = Notification.objects.get(user=partner_a)
    assert news.message(partner_a.zone) == "Sam answered what you shared."
    assert news.url == _page(moment)
    client.force_login(partner_a)
    index = client.get(INDEX).content.decode()
    assert "So proud of you!" in index and "Sam said" in index  # in the wins timeline
    page = client.get(_page(moment)).content.decode()
    assert "Did you feel heard?" not in page  # a celebration is not asked that


def test_opening_the_moment_marks_its_notification_seen(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a)
    news = Notification.objects.get(user=partner_b)
    client.force_login(partner_b)
    client.get(reverse("questions:today"))
    news.refresh_from_db()
    assert news.read_at is None
    client.get(_page(moment))
    news.refresh_from_db()
    assert news.read_at is not None


def test_an_empty_reply_is_refused_kindly(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a, kind=Kind.STRUGGLE)
    response = _reply(client, partner_b, moment, heard=" ", sense="", ask="", idea="")
    assert "Write at least one part before sending" in response.content.decode()
    assert not MomentReply.objects.exists()


def test_an_htmx_reply_with_nothing_in_it_is_a_422_with_the_form(
    client, partner_a, partner_b
) -> None:
    moment = _moment(partner_a)
    client.force_login(partner_b)
    response = client.post(
        reverse("moments:reply", args=[moment.pk]),
        {"nonce": str(uuid.uuid4()), "cheer": "", "ask": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert 'id="moment-card"' in response.content.decode()


def test_a_long_reply_part_is_refused_with_the_words_kept(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a)
    long = "😊" * 20_000
    response = _reply(client, partner_b, moment, cheer=long, ask="What was it like?")
    body = response.content.decode()
    assert "longer than we can keep" in body
    assert long in body and "What was it like?" in body
    assert not MomentReply.objects.exists()


def test_a_double_submitted_reply_makes_one(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a)
    nonce = str(uuid.uuid4())
    _reply(client, partner_b, moment, cheer="Yes!", nonce=nonce)
    _reply(client, partner_b, moment, cheer="Yes!", nonce=nonce)
    assert MomentReply.objects.count() == 1
    assert Notification.objects.filter(user=partner_a, kind="moment_reply").count() == 1
    # A second celebration, with a new form, is not offered.
    response = _reply(client, partner_b, moment, cheer="Again!")
    assert "answered this already" in response.content.decode()
    assert MomentReply.objects.count() == 1


def test_looking_over_a_reply_shows_hints_and_saves_nothing(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a, kind=Kind.STRUGGLE)
    response = _reply(client, partner_b, moment, heard="At least you still have a job", check="1")
    body = response.content.decode()
    assert response.status_code == 200
    assert "A thought before you send" in body
    assert "At least you still have a job" in body
    assert not MomentReply.objects.exists()


def test_the_author_cannot_answer_their_own_moment(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a)
    client.force_login(partner_a)
    assert "Celebrate with" not in client.get(_page(moment)).content.decode()
    assert _reply(client, partner_a, moment, cheer="Me!").status_code == 404
    with pytest.raises(operations.MomentError):
        operations.reply(user=partner_a, moment=moment, parts={"cheer": "x"}, nonce="n")


# --- Listening to a struggle ----------------------------------------------------------------


def test_a_struggle_is_answered_through_the_listening_step_and_felt_heard(
    client, partner_a, partner_b
) -> None:
    moment = _moment(partner_a, kind=Kind.STRUGGLE, line="I froze in the meeting")
    client.force_login(partner_b)
    page = client.get(_page(moment)).content.decode()
    assert "What I heard" in page and "That sounds heavy…" in page
    _reply(client, partner_b, moment, heard="It sounds like it shook you.", ask="What happened?")
    reply = MomentReply.objects.get()
    client.force_login(partner_a)
    page = client.get(_page(moment)).content.decode()
    assert "It sounds like it shook you." in page and "Did you feel heard?" in page
    # Answered: it leaves the page of wins and struggles, unless kept.
    assert "I froze in the meeting" not in client.get(INDEX).content.decode()
    # "Not yet": the partner sees it, and the form is open to try again.
    felt = reverse("moments:felt", args=[moment.pk])
    assert client.post(felt, {"reply": reply.pk, "felt": "not_yet"}).status_code == 302
    reply.refresh_from_db()
    assert reply.felt_heard == "not_yet"
    client.force_login(partner_b)
    page = client.get(_page(moment)).content.decode()
    assert "don’t feel heard yet" in page and "Try again" in page
    _reply(client, partner_b, moment, heard="You felt alone in that room.")
    assert MomentReply.objects.count() == 2
    # "Yes" closes the form.
    second = MomentReply.objects.latest("pk")
    client.force_login(partner_a)
    client.post(felt, {"reply": second.pk, "felt": "yes"})
    client.force_login(partner_b)
    page = client.get(_page(moment)).content.decode()
    assert "They felt heard." in page and "Try again" not in page


def test_only_the_author_says_whether_they_felt_heard(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a, kind=Kind.STRUGGLE)
    reply = operations.reply(user=partner_b, moment=moment, parts={"heard": "x"}, nonce="n")
    client.force_login(partner_b)
    felt = reverse("moments:felt", args=[moment.pk])
    assert client.post(felt, {"reply": reply.pk, "felt": "yes"}).status_code == 404
    reply.refresh_from_db()
    assert reply.felt_heard == ""


def test_the_author_keeps_an_answered_struggle_on_display(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a, kind=Kind.STRUGGLE, line="Missing home")
    operations.reply(user=partner_b, moment=moment, parts={"heard": "x"}, nonce="n")
    client.force_login(partner_a)
    assert "Keep this here" in client.get(_page(moment)).content.decode()
    keep = reverse("moments:keep", args=[moment.pk])
    client.post(keep, {"kept": "1"})
    assert Moment.objects.get().kept
    assert "Missing home" in client.get(INDEX).content.decode()
    client.force_login(partner_b)
    assert "Missing home" in client.get(INDEX).content.decode()
    assert client.post(keep, {"kept": "0"}).status_code == 404  # not theirs to keep
    client.force_login(partner_a)
    client.post(keep, {"kept": "0"})
    assert "Missing home" not in client.get(INDEX).content.decode()
    assert client.post(keep, {"kept": "maybe"}).status_code == 400


# --- Access ---------------------------------------------------------------------------------


def test_who_sees_a_moment(partner_a, partner_b, outsider, solo) -> None:
    moment = _moment(partner_a)
    reply = operations.reply(user=partner_b, moment=moment, parts={"cheer": "x"}, nonce="n")
    for person, sees in (
        (partner_a, True),
        (partner_b, True),
        (outsider, False),
        (solo, False),
        (AnonymousUser(), False),
    ):
        assert Moment.objects.visible_to(person).filter(pk=moment.pk).exists() is sees
        assert MomentReply.objects.visible_to(person).filter(pk=reply.pk).exists() is sees
        assert Moment.objects.reachable_by(person).filter(pk=moment.pk).exists() is sees
    assert list(Moment.objects.answerable_by(partner_b)) == [moment]
    for person in (partner_a, outsider, solo, AnonymousUser()):
        assert not Moment.objects.answerable_by(person).exists()


def test_another_couple_gets_404_everywhere(client, partner_a, partner_b, outsider) -> None:
    moment = _moment(partner_a, kind=Kind.STRUGGLE)
    client.force_login(outsider)
    assert client.get(_page(moment)).status_code == 404
    assert _reply(client, outsider, moment, heard="x").status_code == 404
    felt = reverse("moments:felt", args=[moment.pk])
    assert client.post(felt, {"reply": "1", "felt": "yes"}).status_code == 404
    keep = reverse("moments:keep", args=[moment.pk])
    assert client.post(keep, {"kept": "1"}).status_code == 404
    assert LINE not in client.get(INDEX).content.decode()
    assert not MomentReply.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a)
    for url in (INDEX, _page(moment)):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_after_an_unlink_each_keeps_only_their_own_words(client, partner_a, partner_b) -> None:
    win = _moment(partner_a, line="Alex’s good news")
    operations.reply(user=partner_b, moment=win, parts={"cheer": "Sam’s cheer"}, nonce="n1")
    theirs = _moment(partner_b, kind=Kind.STRUGGLE, line="Sam’s hard day")
    unlink(user=partner_a)
    forget(partner_a)
    forget(partner_b)
    client.force_login(partner_a)
    index = client.get(INDEX).content.decode()
    assert "Alex’s good news" in index
    assert "Sam’s cheer" not in index and "Sam’s hard day" not in index
    assert "Sam’s cheer" not in client.get(_page(win)).content.decode()
    assert client.get(_page(theirs)).status_code == 404
    client.force_login(partner_b)
    index = client.get(INDEX).content.decode()
    assert "Sam’s hard day" in index and "Alex’s good news" not in index
    page = client.get(_page(win)).content.decode()  # they replied: their own words only
    assert "Sam’s cheer" in page and "Alex’s good news" not in page


def test_a_reply_written_as_the_partner_unlinked_is_kept_privately(
    client, partner_a, partner_b
) -> None:
    moment = _moment(partner_a, kind=Kind.STRUGGLE, line="Alex’s struggle")
    client.force_login(partner_b)
    form_page = client.get(_page(moment)).content.decode()
    assert "Listen to Alex" in form_page
    unlink(user=partner_a)
    forget(partner_b)
    response = _reply(client, partner_b, moment, heard="Sam’s late reply")
    assert response.status_code == 302
    reply = MomentReply.objects.get()
    assert reply.author == partner_b
    assert not Notification.objects.filter(user=partner_a, kind="moment_reply").exists()
    followed = client.get(response["Location"]).content.decode()
    assert "Sam’s late reply" in followed and "Alex’s struggle" not in followed
    assert "stays private" in followed
    assert not MomentReply.objects.visible_to(partner_a).exists()
    client.force_login(partner_a)
    assert "Sam’s late reply" not in client.get(_page(moment)).content.decode()


# --- Bad requests ---------------------------------------------------------------------------


def test_bad_ids_and_methods_never_break(client, partner_a, partner_b) -> None:
    moment = _moment(partner_a, kind=Kind.STRUGGLE)
    reply = operations.reply(user=partner_b, moment=moment, parts={"heard": "x"}, nonce="n")
    client.force_login(partner_a)
    felt = reverse("moments:felt", args=[moment.pk])
    assert client.get("/talk/moments/99999999/").status_code == 404
    assert client.get("/talk/moments/99999999999999999999999/").status_code == 404
    assert client.get("/talk/moments/abc/").status_code == 404
    assert client.post(felt, {"reply": "abc", "felt": "yes"}).status_code == 400
    assert client.post(felt, {"felt": "yes"}).status_code == 400
    assert client.post(felt, {"reply": reply.pk, "felt": "maybe"}).status_code == 400
    assert client.post(felt, {"reply": "99999", "felt": "yes"}).status_code == 302
    assert client.get(f"{INDEX}?before=nonsense").status_code == 400
    for name in ("reply", "felt", "keep"):
        assert client.get(reverse(f"moments:{name}", args=[moment.pk])).status_code == 405
    assert client.put(INDEX).status_code == 405


# --- The timeline ---------------------------------------------------------------------------


def test_the_wins_timeline_is_newest_first_and_pages_back(client, partner_a, partner_b) -> None:
    for n in range(12):
        _moment(partner_a if n % 2 else partner_b, line=f"Win number {n:02d}")
    client.force_login(partner_a)
    body = client.get(INDEX).content.decode()
    assert body.index("Win number 11") < body.index("Win number 10")
    assert "Win number 01" not in body and "Show earlier wins" in body
    cursor = body.split("?before=")[1].split('"')[0]
    more = client.get(f"{INDEX}?before={cursor}", headers={"HX-Request": "true"})
    text = more.content.decode()
    assert "Win number 01" in text and "Win number 00" in text and "Win number 02" not in text
    assert "<h1>" not in text


# --- Starters -------------------------------------------------------------------------------


def test_our_starters_raise_no_hints_and_fit_their_parts() -> None:
    parts = {"win": {"cheer", "ask"}, "struggle": {"heard", "sense", "ask"}}
    for kind, starters in STARTERS.items():
        assert len(starters) >= 3
        assert {s.part for s in starters} <= parts[kind]
        for starter in starters:
            assert hints_for(str(starter.text)) == [], starter


def test_partly_heard_opens_the_form_again_and_a_win_is_never_asked(partner_a, partner_b) -> None:
    struggle = _moment(partner_a, kind=Kind.STRUGGLE)
    reply = operations.reply(user=partner_b, moment=struggle, parts={"heard": "x"}, nonce="n")
    assert not operations.may_reply(partner_b, struggle, [reply])
    for value, again in (("partly", True), ("not_yet", True), ("yes", False)):
        operations.mark_felt(user=partner_a, moment=struggle, reply_id=reply.pk, value=value)
        reply.refresh_from_db()
        assert operations.may_reply(partner_b, struggle, [reply]) is again
    win = _moment(partner_a)
    cheer = operations.reply(user=partner_b, moment=win, parts={"cheer": "x"}, nonce="w")
    with pytest.raises(operations.MomentError):
        operations.mark_felt(user=partner_a, moment=win, reply_id=cheer.pk, value="not_yet")

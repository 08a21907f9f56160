"""Share a feeling and "be with me": the builder, the nudge, the partner's listening reply,
"did you feel heard?", who may see what, and bad input."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from nearer.couples.operations import unlink
from nearer.feelings.forms import with_word
from nearer.feelings.models import Share, ShareReply
from nearer.notifications.models import Notification

FEEL = reverse("feelings:feel")

pytestmark = pytest.mark.django_db


def _feeling(**fields: str) -> dict[str, str]:
    data = {"nonce": str(uuid.uuid4()), "feeling": "worn out", "because": "", "need": "need-01"}
    data.update(fields)
    return data


def _share(client, user, **fields: str) -> Share:
    client.force_login(user)
    response = client.post(FEEL, _feeling(**fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Share.objects.filter(author=user).latest("pk")


def _reply(**parts: str) -> dict[str, str]:
    return {"nonce": str(uuid.uuid4()), **parts}


def test_a_feeling_is_built_from_three_parts_and_sealed(client, partner_a, partner_b) -> None:
    share = _share(
        client, partner_a, feeling="lonely", because="the house was so quiet 🌙", need="need-02"
    )
    assert share.words == {
        "feeling": "lonely",
        "because": "the house was so quiet 🌙",
        "need": "a hug",
    }
    assert b"lonely" not in bytes(share.body)
    note = Notification.objects.get(user=partner_b, kind="feeling_shared")
    assert note.message() == "Alex shared how they feel."
    assert "lonely" not in note.message() and "quiet" not in note.message()


def test_a_need_in_ones_own_words_wins_over_the_list(client, partner_a, partner_b) -> None:
    share = _share(client, partner_a, need="need-01", need_own="a walk, just us")
    assert share.need == "a walk, just us"


def test_a_closed_start_gets_a_nudge_never_a_block(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    first = client.post(FEEL, _feeling(feeling="just tired", because="long week"))
    body = first.content.decode()
    assert first.status_code == 200
    assert "is a fine place to start" in body
    assert "Share it as it is" in body
    assert "long week" in body  # nothing lost
    assert not Share.objects.exists()
    data = _feeling(feeling="just tired", because="long week", nudged="1")
    assert client.post(FEEL, data).status_code == 302
    assert Share.objects.get().feeling == "just tired"


def test_share_it_as_it_is_sends_without_the_nudge(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    assert client.post(FEEL, _feeling(feeling="fine", as_is="1")).status_code == 302
    assert Share.objects.get().feeling == "fine"


def test_picking_a_word_without_javascript_adds_it_and_keeps_the_rest(
    client, partner_a, partner_b
) -> None:
    client.force_login(partner_a)
    response = client.post(FEEL, _feeling(feeling="just tired", because="ذهبت", pick="lonely"))
    body = response.content.decode()
    assert 'value="just tired, lonely"' in body
    assert "ذهبت" in body
    assert not Share.objects.exists()
    assert with_word("", "calm") == "calm"
    assert with_word("tired, lonely", "Lonely") == "tired, lonely"


def test_empty_feeling_and_need_say_so_and_keep_the_because(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    response = client.post(FEEL, _feeling(feeling="", need="", because="my words stay"))
    body = response.content.decode()
    assert "Start with how you feel" in body
    assert "Say what would help" in body
    assert "my words stay" in body
    assert not Share.objects.exists()


def test_a_word_not_in_the_vocabulary_is_the_persons_own(client, partner_a, partner_b) -> None:
    assert _share(client, partner_a, feeling="kind of floaty").feeling == "kind of floaty"


def test_long_text_gets_a_length_message_and_unicode_survives(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    long = "שלום 👋🏽 " * 2500
    response = client.post(FEEL, _feeling(because=long))
    body = response.content.decode()
    assert "Keep it under 2000 characters" in body
    assert long.strip() in body or "שלום 👋🏽" in body
    assert not Share.objects.exists()
    exact = "Ça va 🫶 — مرحبا\nsecond line"
    assert _share(client, partner_a, because=exact).because == exact


def test_the_same_form_twice_makes_one_share(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    data = _feeling()
    client.post(FEEL, data)
    client.post(FEEL, data)
    assert Share.objects.count() == 1


def test_someone_alone_is_asked_to_invite_their_partner(client, solo) -> None:
    client.force_login(solo)
    assert "Invite my partner" in client.get(FEEL).content.decode()
    response = client.post(FEEL, _feeling())
    assert "opens once they’ve joined you" in response.content.decode()
    assert not Share.objects.exists()


def test_only_the_couple_sees_a_share(client, partner_a, partner_b, outsider) -> None:
    share = _share(client, partner_a, feeling="hopeful")
    url = reverse("feelings:detail", args=[share.pk])
    client.force_login(partner_b)
    assert "hopeful" in client.get(url).content.decode()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert set(Share.objects.visible_to(outsider)) == set()
    assert set(Share.objects.visible_to(partner_b)) == {share}


def test_the_partner_listens_and_the_sharer_says_how_it_landed(
    client, partner_a, partner_b, outsider
) -> None:
    share = _share(client, partner_a)
    reply_url = reverse("feelings:reply", args=[share.pk])
    client.force_login(outsider)
    assert client.post(reply_url, _reply(heard="hi")).status_code == 404
    client.force_login(partner_a)
    own = client.post(reply_url, _reply(heard="me"))
    assert own.status_code == 404
    client.force_login(partner_b)
    data = _reply(heard="It sounds like the week emptied you out.", ask="What was hardest?")
    assert client.post(reply_url, data).status_code == 302
    client.post(reply_url, data)  # twice: one reply
    reply = ShareReply.objects.get()
    assert reply.parts == {
        "heard": "It sounds like the week emptied you out.",
        "ask": "What was hardest?",
    }
    assert Notification.objects.get(user=partner_a, kind="feeling_reply").message() == (
        "Sam answered what you shared."
    )
    felt_url = reverse("feelings:felt", args=[share.pk])
    # Only the sharer says whether they felt heard.
    client.post(felt_url, {"reply": reply.pk, "felt": "yes"})
    reply.refresh_from_db()
    assert reply.felt_heard == ""
    client.force_login(partner_a)
    assert client.post(felt_url, {"reply": reply.pk, "felt": "maybe"}).status_code == 400
    assert client.post(felt_url, {"reply": "x", "felt": "yes"}).status_code == 400
    client.post(felt_url, {"reply": reply.pk, "felt": "not_yet"})
    reply.refresh_from_db()
    assert reply.felt_heard == "not_yet"
    client.force_login(partner_b)
    page = client.get(reverse("feelings:detail", args=[share.pk])).content.decode()
    assert "don’t feel heard yet" in page
    assert "Say a little more" in page  # the form stays, to try again


def test_a_reply_with_every_part_empty_is_refused_kindly(client, partner_a, partner_b) -> None:
    share = _share(client, partner_a)
    client.force_login(partner_b)
    response = client.post(reverse("feelings:reply", args=[share.pk]), _reply(heard=" ", ask=""))
    assert "A few words of what you heard is plenty." in response.content.decode()
    assert not ShareReply.objects.exists()


def test_looking_over_a_draft_shows_hints_and_saves_nothing(client, partner_a, partner_b) -> None:
    share = _share(client, partner_a)
    client.force_login(partner_b)
    draft = "You should just go to bed earlier."
    response = client.post(
        reverse("feelings:reply", args=[share.pk]), _reply(heard=draft, check="1")
    )
    body = response.content.decode()
    assert "This reads like advice" in body
    assert draft in body
    assert not ShareReply.objects.exists()


def test_be_with_me_twice_is_one_request_and_says_no_words(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    url = reverse("feelings:presence")
    client.post(url, {"nonce": str(uuid.uuid4()), "feeling": "shaky"})
    client.post(url, {"nonce": str(uuid.uuid4()), "feeling": ""})
    share = Share.objects.get()
    assert share.presence and share.feeling == "shaky"
    note = Notification.objects.get(user=partner_b, kind="presence_asked")
    assert "shaky" not in note.message()
    client.force_login(partner_b)
    here = reverse("feelings:here", args=[share.pk])
    assert client.get(here).status_code == 405
    client.post(here)
    client.post(here)
    share.refresh_from_db()
    assert share.here_at is not None
    assert Notification.objects.filter(user=partner_a, kind="presence_here").count() == 1


def test_a_reply_written_as_the_sharer_unlinks_stays_with_its_author(
    client, partner_a, partner_b
) -> None:
    share = _share(client, partner_a, feeling="unsure")
    unlink(user=partner_a)
    client.force_login(partner_b)
    response = client.post(
        reverse("feelings:reply", args=[share.pk]), _reply(heard="I hear you."), follow=True
    )
    assert "stays private" in response.content.decode()
    reply = ShareReply.objects.get()
    assert reply.author == partner_b
    assert list(ShareReply.objects.visible_to(partner_a)) == []
    assert list(ShareReply.objects.visible_to(partner_b)) == [reply]
    assert list(Share.objects.visible_to(partner_b)) == []
    client.force_login(partner_a)
    page = client.get(reverse("feelings:detail", args=[share.pk])).content.decode()
    assert "I hear you." not in page


def test_talk_lists_what_waits_for_an_answer(client, partner_a, partner_b) -> None:
    share = _share(client, partner_a, feeling="anxious")
    client.force_login(partner_b)
    page = client.get(reverse("feelings:index")).content.decode()
    assert "Waiting for you" in page and "anxious" in page
    client.post(reverse("feelings:reply", args=[share.pk]), _reply(sense="Of course."))
    assert "Waiting for you" not in client.get(reverse("feelings:index")).content.decode()
    today = client.get(reverse("questions:today")).content.decode()
    assert "Alex shared how they feel." in today or "Talk" in today

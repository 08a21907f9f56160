"""The listening step's shared pieces: its forms, its sealed parts, and the hints endpoint."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from nearer.lib.params import BadParameter
from nearer.listening.forms import CelebrateForm, ListeningForm, hints_in
from nearer.listening.models import SealedParts
from nearer.listening.operations import felt_value
from nearer.tests.factories import make_user


def _data(**parts: str) -> dict[str, str]:
    return {"nonce": str(uuid.uuid4()), **parts}


def test_any_one_part_is_enough_and_empty_ones_are_left_out() -> None:
    form = ListeningForm(_data(heard="", sense="", ask="What was the hardest part?", idea=" "))
    assert form.is_valid(), form.errors
    assert form.parts == {"ask": "What was the hardest part?"}


def test_every_part_empty_is_refused_kindly() -> None:
    form = ListeningForm(_data(heard=" ", sense="", ask="", idea=""))
    assert not form.is_valid()
    assert "A few words of what you heard is plenty." in str(form.non_field_errors())
    celebrate = CelebrateForm(_data(cheer="", ask=""))
    assert not celebrate.is_valid()
    assert "So glad for you!" in str(celebrate.non_field_errors())


def test_a_part_over_the_limit_says_so_and_the_form_keeps_every_word() -> None:
    long = "ذكرتني 🌧️ " * 2500
    form = ListeningForm(_data(heard=long, sense="It makes sense."))
    assert not form.is_valid()
    assert "longer than we can keep" in str(form.errors["heard"])
    assert form["heard"].value() == long
    assert form["sense"].value() == "It makes sense."


def test_the_parts_come_in_the_listening_order() -> None:
    assert [name for name in ListeningForm().fields if name != "nonce"] == [
        "heard",
        "sense",
        "ask",
        "idea",
    ]


def test_parts_read_back_and_old_plain_replies_read_as_one_part() -> None:
    parts = SealedParts("body")
    written = {"heard": "You’re worn out 😮‍💨", "ask": "", "idea": "Tea?"}
    assert parts.decode(parts.encode(written)) == {"heard": "You’re worn out 😮‍💨", "idea": "Tea?"}
    assert parts.decode(b"Just plain words from before") == {"said": "Just plain words from before"}
    # Old text that happens to be JSON is still old text.
    assert parts.decode(b'{"x": 1}') == {"said": '{"x": 1}'}
    assert parts.decode(b"42") == {"said": "42"}
    with pytest.raises(ValueError, match="a reply is parts"):
        parts.encode({"verdict": "no"})


def test_felt_heard_takes_only_its_three_answers() -> None:
    assert felt_value("partly") == "partly"
    for bad in ("", None, "maybe", "YES"):
        with pytest.raises(BadParameter):
            felt_value(bad)


@pytest.mark.django_db
def test_hints_read_every_part_but_the_idea_and_are_off_when_turned_off() -> None:
    person = make_user("Robin")
    draft = {
        "heard": "But it wasn’t that bad",
        "ask": "Have you tried sleeping?",
        "idea": "You should rest.",
    }
    codes = [(hint.part, hint.noticed) for hint in hints_in(draft, person)]
    assert ("heard", "But") in codes
    assert ("ask", "Have you tried") in codes
    assert all(part != "idea" for part, _ in codes)
    person.listening_hints = False
    assert hints_in(draft, person) == []


@pytest.mark.django_db
def test_the_endpoint_shows_hints_to_the_writer_only_and_keeps_nothing(client) -> None:
    person = make_user("Robin")
    url = reverse("listening:hints")
    draft = {"heard": "At least you got there in the end."}
    anonymous = client.post(url, draft)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    client.force_login(person)
    assert client.get(url).status_code == 405
    response = client.post(url, draft, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "might make the feeling sound smaller" in body
    assert "Only you see these notes" in body
    person.listening_hints = False
    person.save()
    assert "smaller" not in client.post(url, draft).content.decode()


@pytest.mark.django_db
def test_hints_can_be_turned_off_on_me(client) -> None:
    person = make_user("Robin")
    client.force_login(person)
    page = client.get(reverse("accounts:me")).content.decode()
    assert "Show me gentle notes while I reply" in page
    response = client.post(
        reverse("accounts:me"), {"display_name": "Robin", "time_zone": "UTC"}, follow=True
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.listening_hints is False


@pytest.mark.django_db
def test_a_reply_is_saved_once_per_nonce_and_its_follow_up_runs_once() -> None:
    from nearer.feelings.models import Share, ShareReply
    from nearer.listening.operations import save_once
    from nearer.tests.factories import make_couple

    alex, sam = make_user("Alex"), make_user("Sam")
    make_couple(alex, sam)
    share = Share(author=alex, couple=alex.memberships.get().couple, nonce="s")
    share.words = {"feeling": "calm"}
    share.save()
    told: list[ShareReply] = []
    first = ShareReply(author=sam, share=share, nonce="same")
    first.parts = {"heard": "You feel calm."}
    second = ShareReply(author=sam, share=share, nonce="same")
    second.parts = {"heard": "Something else"}
    assert save_once(first, told.append) == first
    assert save_once(second, told.append) == first
    assert told == [first]
    assert ShareReply.objects.get().parts == {"heard": "You feel calm."}

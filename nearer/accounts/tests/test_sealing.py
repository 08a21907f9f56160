"""Sealed words: bound to their place, opened once per object, sealed right after the INSERT."""

# Sealed values given as keyword arguments (Answer(text=...)) are properties the django-stubs
# plugin does not know as such; they work, as the sealed-models test below checks.
# mypy: disable-error-code="misc"

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from django.contrib.auth import get_user_model
from django.db import models

from nearer.accounts.models import User
from nearer.accounts.sealing import (
    Sealed,
    SealedJSON,
    SealedModel,
    SealedText,
    bulk_create_sealed,
    key_place,
    place,
    sealed_models,
)
from nearer.calendars.models import CalendarFeed
from nearer.catchups.models import CatchUp
from nearer.checkins.models import CheckInEntry, EntryReply
from nearer.feelings.models import Share, ShareReply
from nearer.gratitude.models import Appreciation
from nearer.lib import crypto
from nearer.listening.models import SealedParts
from nearer.moments.models import Moment, MomentReply
from nearer.notes.models import Note
from nearer.questions import operations as questions
from nearer.questions.models import Answer, Guess, Response
from nearer.rituals.models import Ritual
from nearer.soultalk.models import Keepsake
from nearer.tests.factories import make_daily, make_user

from .sealed_rows import WORDS, opened, write_one_of_each

WHAT = "Only for my partner’s eyes 🌙"


@pytest.fixture
def rows(bank, partner_a, partner_b) -> list[models.Model]:
    return write_one_of_each(partner_a, partner_b)


@pytest.fixture
def unseals(monkeypatch) -> list[bytes]:
    """Every blob of words the app opens, in order (not the data keys it unwraps)."""
    calls: list[bytes] = []
    real = crypto.unseal

    def counting(blob, key, aad):
        if not aad.startswith(b"data-key"):
            calls.append(bytes(blob))
        return real(blob, key, aad)

    monkeypatch.setattr(crypto, "unseal", counting)
    return calls


def _fresh(row: models.Model) -> models.Model:
    return type(row)._base_manager.get(pk=row.pk)


# --- Which models hold sealed words ------------------------------------------------------------


def test_sealed_models_lists_every_model_that_holds_words() -> None:
    found = {
        model: [(d.name, d.field, d.owner, type(d)) for d in descriptors]
        for model, descriptors in sealed_models().items()
    }
    text, json = SealedText, SealedJSON
    assert found == {
        Answer: [("text", "body", "author", text)],
        Guess: [("text", "body", "author", text)],
        Response: [("parts", "body", "author", SealedParts)],
        CheckInEntry: [("words", "body", "author", json)],
        EntryReply: [("parts", "body", "author", SealedParts)],
        Note: [("text", "body", "author", text)],
        Keepsake: [("text", "body", "author", text)],
        Appreciation: [("words", "body", "author", json)],
        CatchUp: [("text", "body", "author", text)],
        Ritual: [("text", "body", "author", text)],
        CalendarFeed: [("token", "sealed_token", "user", type(CalendarFeed.token))],
        Share: [("words", "body", "author", json)],
        ShareReply: [("parts", "body", "author", SealedParts)],
        Moment: [("words", "body", "author", json)],
        MomentReply: [("parts", "body", "author", SealedParts)],
    }
    assert isinstance(CalendarFeed.token, SealedText)


def test_the_practice_registry_declares_exactly_the_sealed_models() -> None:
    from nearer.lib import practices

    assert set(practices.sealed_models()) == set(sealed_models())


def test_every_sealed_value_is_a_binary_field_under_a_persons_key() -> None:
    for model, descriptors in sealed_models().items():
        assert issubclass(model, SealedModel)
        for descriptor in descriptors:
            assert isinstance(model._meta.get_field(descriptor.field), models.BinaryField)
            owner = model._meta.get_field(descriptor.owner)
            assert owner.related_model is get_user_model()
            # Model(text=...) works (a private list of Options, not in django-stubs)
            assert descriptor.name in model._meta._property_names  # type: ignore[attr-defined]


def test_a_sealed_value_needs_a_sealed_model() -> None:
    class Loose:
        pass

    with pytest.raises(TypeError, match="SealedModel"):
        SealedText("body").__set_name__(Loose, "words")


def test_one_of_each_covers_every_sealed_model(rows) -> None:
    assert {type(row) for row in rows} == set(sealed_models())
    for row in rows:
        for descriptor in sealed_models()[type(row)]:
            assert bytes(getattr(row, descriptor.field))[:1] == b"\x02"


# --- Bound to its place --------------------------------------------------------------------------


def test_a_body_copied_to_another_row_of_the_model_does_not_open(bank, partner_a) -> None:
    mine = questions.save_answer(user=partner_a, daily=make_daily(partner_a), text=WHAT)
    other = make_daily(partner_a, date=mine.daily.date - dt.timedelta(days=1))
    second = questions.save_answer(user=partner_a, daily=other, text="Another day")
    Answer.objects.filter(pk=second.pk).update(body=mine.body)  # same person, same model
    with pytest.raises(crypto.UnsealError):
        _ = Answer.objects.get(pk=second.pk).text
    assert Answer.objects.get(pk=mine.pk).text == WHAT


def test_a_body_copied_to_another_model_or_field_does_not_open(rows) -> None:
    by_model = {type(row): row for row in rows}
    answer = by_model[Answer]
    for target, field in ((Response, "body"), (Note, "body"), (CalendarFeed, "sealed_token")):
        row = by_model[target]
        target.objects.filter(pk=row.pk).update(**{field: answer.body})
        descriptor = sealed_models()[target][0]
        with pytest.raises(crypto.UnsealError):
            getattr(_fresh(row), descriptor.name)


def test_the_field_is_part_of_the_place(partner_a) -> None:
    here = place("questions.answer", "body", 42, partner_a.pk)
    blob = crypto.seal(b"words", partner_a.data_key, here)
    assert crypto.unseal(blob, partner_a.data_key, here) == b"words"
    for elsewhere in (
        place("questions.answer", "title", 42, partner_a.pk),
        place("questions.response", "body", 42, partner_a.pk),
        place("questions.answer", "body", 43, partner_a.pk),
        place("questions.answer", "body", 42, partner_a.pk + 1),
    ):
        with pytest.raises(crypto.UnsealError):
            crypto.unseal(blob, partner_a.data_key, elsewhere)


def test_a_body_copied_to_another_persons_row_does_not_open(bank, partner_a, partner_b) -> None:
    daily = make_daily(partner_a)
    mine = questions.save_answer(user=partner_a, daily=daily, text=WHAT)
    theirs = questions.save_answer(user=partner_b, daily=daily, text="Mine")
    Answer.objects.filter(pk=theirs.pk).update(body=mine.body)
    with pytest.raises(crypto.UnsealError):
        _ = Answer.objects.get(pk=theirs.pk).text
    # Nor does handing the row itself to the other person.
    alone = make_daily(partner_a, date=daily.date - dt.timedelta(days=1))
    lone = questions.save_answer(user=partner_a, daily=alone, text=WHAT)
    Answer.objects.filter(pk=lone.pk).update(author=partner_b)
    with pytest.raises(crypto.UnsealError):
        _ = Answer.objects.get(pk=lone.pk).text


def test_an_old_version_blob_does_not_open(bank, partner_a) -> None:
    answer = questions.save_answer(user=partner_a, daily=make_daily(partner_a), text=WHAT)
    old = b"\x01" + bytes(answer.body)[1:]
    Answer.objects.filter(pk=answer.pk).update(body=old)
    with pytest.raises(crypto.UnsealError, match="version 01"):
        _ = Answer.objects.get(pk=answer.pk).text


def test_a_wrapped_data_key_copied_to_another_person_does_not_open(db) -> None:
    alex, sam = make_user(), make_user()
    assert alex.wrapped_data_key is not None
    assert bytes(alex.wrapped_data_key)[:1] == b"\x02"
    assert crypto.unseal(alex.wrapped_data_key, crypto_master(), key_place(alex.pk)) == (
        alex.data_key
    )
    User.objects.filter(pk=sam.pk).update(wrapped_data_key=alex.wrapped_data_key)
    with pytest.raises(crypto.UnsealError):
        _ = User.objects.get(pk=sam.pk).data_key
    assert User.objects.get(pk=alex.pk).data_key == alex.data_key


def crypto_master() -> bytes:
    from nearer.accounts.models import master_key

    return master_key()


# --- Opened once per object ------------------------------------------------------------------


def test_each_row_is_opened_once_however_often_it_is_read(rows, unseals) -> None:
    for row in rows:
        fresh = _fresh(row)
        before = len(unseals)
        first = opened(fresh)
        for _ in range(3):
            assert opened(fresh) == first
        if isinstance(fresh, CheckInEntry):
            _ = (fresh.appreciated, fresh.more_loved, fresh.closer, fresh.pulse, fresh.followup)
        if isinstance(fresh, Appreciation):
            _ = (fresh.what, fresh.because)
        assert len(unseals) == before + 1, type(row).__name__


def test_what_was_just_written_reads_back_without_opening(bank, partner_a, unseals) -> None:
    answer = questions.save_answer(user=partner_a, daily=make_daily(partner_a), text=WHAT)
    assert answer.text == WHAT
    answer.text = "Changed my mind"
    assert answer.text == "Changed my mind"
    assert unseals == []


def test_a_replaced_body_is_never_read_from_the_cache(bank, partner_a, unseals) -> None:
    answer = questions.save_answer(user=partner_a, daily=make_daily(partner_a), text=WHAT)
    mine = Answer.objects.get(pk=answer.pk)
    assert mine.text == WHAT
    elsewhere = Answer.objects.get(pk=answer.pk)  # another request changes it
    elsewhere.text = "Rewritten"
    elsewhere.save()
    assert mine.text == WHAT  # the object still holds the blob it read
    mine.refresh_from_db()
    assert mine.text == "Rewritten"
    mine.body = b"\x02" + b"\x00" * 40  # a blob that does not open
    with pytest.raises(crypto.UnsealError):
        _ = mine.text
    mine.body = elsewhere.body
    assert mine.text == "Rewritten"
    assert len(unseals) == 3


def test_opened_words_stay_out_of_a_pickle(bank, partner_a) -> None:
    answer = questions.save_answer(user=partner_a, daily=make_daily(partner_a), text=WHAT)
    fresh = Answer.objects.get(pk=answer.pk)
    assert fresh.text == WHAT
    dumped = pickle.dumps(fresh)
    assert WHAT.encode() not in dumped
    assert "partner’s eyes".encode() not in dumped
    assert pickle.loads(dumped).text == WHAT  # noqa: S301 - our own bytes


# --- Sealed right after the INSERT ------------------------------------------------------------


def test_words_given_before_the_first_save_are_sealed_to_the_new_row(bank, partner_a) -> None:
    daily = make_daily(partner_a)
    answer = Answer.objects.create(daily=daily, author=partner_a, text=WHAT)
    blob = bytes(Answer.objects.get(pk=answer.pk).body)
    assert blob[:1] == b"\x02"
    where = place("questions.answer", "body", answer.pk, partner_a.pk)
    assert crypto.unseal(blob, partner_a.data_key, where) == WHAT.encode()
    assert Answer.objects.get(pk=answer.pk).text == WHAT
    unsaved = Answer(daily=make_daily(partner_a, date=daily.date - dt.timedelta(days=1)), text="x")
    assert unsaved.text == "x"  # held on the object until it is saved
    unsaved.author = partner_a  # the owner may come after the words
    unsaved.save()
    assert Answer.objects.get(pk=unsaved.pk).text == "x"


def test_json_words_are_sealed_as_json(bank, partner_a, partner_b) -> None:
    rows = write_one_of_each(partner_a, partner_b)
    thanks = next(row for row in rows if isinstance(row, Appreciation))
    fresh = Appreciation.objects.get(pk=thanks.pk)
    assert fresh.words == {"what": WORDS["what"], "because": WORDS["because"]}
    where = place("gratitude.appreciation", "body", thanks.pk, partner_a.pk)
    raw = crypto.unseal(fresh.body, partner_a.data_key, where).decode()
    assert raw == f'{{"what": "{WORDS["what"]}", "because": "{WORDS["because"]}"}}'


@pytest.mark.django_db(transaction=True)  # no test transaction around it: save() has its own
def test_a_failed_seal_leaves_no_row(monkeypatch) -> None:
    person = make_user()
    feed = CalendarFeed(user=person, token="a-token-of-sufficient-length-123")

    def broken(*args, **kwargs):
        raise RuntimeError("no seal today")

    monkeypatch.setattr(crypto, "seal", broken)
    with pytest.raises(RuntimeError, match="no seal today"):
        feed.save()  # the INSERT went through; sealing after it failed
    assert not CalendarFeed.objects.exists()
    assert feed.pk is None and feed._state.adding
    monkeypatch.undo()
    feed.save()  # the token was kept: a second try works
    assert CalendarFeed.objects.get().token == "a-token-of-sufficient-length-123"


def test_an_empty_sealed_field_is_never_saved(bank, partner_a) -> None:
    daily = make_daily(partner_a)
    with pytest.raises(ValueError, match="empty"):
        Answer(daily=daily, author=partner_a).save()
    with pytest.raises(ValueError, match="empty"):
        Answer.objects.create(daily=daily, author=partner_a)
    assert not Answer.objects.exists()
    answer = Answer.objects.create(daily=daily, author=partner_a, text="")
    assert Answer.objects.get(pk=answer.pk).text == ""  # empty words are still sealed


def test_a_copied_row_must_be_sealed_again(bank, partner_a) -> None:
    answer = Answer.objects.create(daily=make_daily(partner_a), author=partner_a, text=WHAT)
    copy = Answer.objects.get(pk=answer.pk)
    copy.pk, copy._state.adding = None, True
    copy.daily = make_daily(partner_a, date=answer.daily.date - dt.timedelta(days=1))
    with pytest.raises(ValueError, match="from elsewhere"):
        copy.save()
    assert Answer.objects.count() == 1
    copy.text = WHAT
    copy.save()
    assert Answer.objects.get(pk=copy.pk).text == WHAT


def test_bulk_create_refuses_what_it_cannot_seal(bank, partner_a) -> None:
    daily = make_daily(partner_a)
    with pytest.raises(ValueError, match="bulk_create"):
        Answer.objects.bulk_create([Answer(daily=daily, author=partner_a, text=WHAT)])
    with pytest.raises(ValueError, match="empty"):
        Answer.objects.bulk_create([Answer(daily=daily, author=partner_a)])
    assert not Answer.objects.exists()


def test_bulk_create_sealed_seals_each_row_to_its_new_key(bank, partner_a, unseals) -> None:
    today = make_daily(partner_a).date
    days = [make_daily(partner_a, date=today - dt.timedelta(days=n)) for n in range(1, 4)]
    rows = [Answer(daily=day, author=partner_a, text=f"day {n}") for n, day in enumerate(days)]
    assert bulk_create_sealed(rows) is rows
    assert [row.text for row in rows] == ["day 0", "day 1", "day 2"]  # no opening needed
    assert unseals == []
    for n, row in enumerate(rows):
        blob = bytes(Answer.objects.get(pk=row.pk).body)
        where = place("questions.answer", "body", row.pk, partner_a.pk)
        assert crypto.unseal(blob, partner_a.data_key, where) == f"day {n}".encode()


@pytest.mark.django_db(transaction=True)  # no test transaction around it: it has its own
def test_bulk_create_sealed_is_all_or_nothing(monkeypatch) -> None:
    people = [make_user(), make_user()]
    feeds = [CalendarFeed(user=p, token=f"a-token-of-sufficient-length-{p.pk}") for p in people]
    real, calls = crypto.seal, []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("no seal today")
        return real(*args, **kwargs)

    monkeypatch.setattr(crypto, "seal", second_fails)
    with pytest.raises(RuntimeError):
        bulk_create_sealed(feeds)
    assert not CalendarFeed.objects.exists()
    assert all(feed.pk is None for feed in feeds)
    monkeypatch.undo()
    bulk_create_sealed(feeds)  # the words were kept
    assert sorted(f.token for f in CalendarFeed.objects.all()) == sorted(f.token for f in feeds)


def test_bulk_create_then_seal_works(bank, partner_a) -> None:
    daily = make_daily(partner_a)
    (answer,) = Answer.objects.bulk_create([Answer(daily=daily, author=partner_a, body=b"-")])
    answer.text = WHAT  # the row has its id now: sealed at once
    Answer.objects.bulk_update([answer], ["body"])
    assert Answer.objects.get().text == WHAT


@pytest.mark.django_db(transaction=True)  # no test transaction around it: save() has its own
def test_a_new_persons_key_is_wrapped_for_them_in_the_insert_transaction(monkeypatch) -> None:
    person = make_user()
    wrapped = bytes(User.objects.get(pk=person.pk).wrapped_data_key or b"")
    assert wrapped[:1] == b"\x02"
    assert crypto.unseal(wrapped, crypto_master(), key_place(person.pk)) == person.data_key
    assert User.objects.get(pk=person.pk).data_key == person.data_key

    def broken(*args, **kwargs):
        raise RuntimeError("no seal today")

    monkeypatch.setattr(crypto, "seal", broken)
    with pytest.raises(RuntimeError):
        make_user(email="never@example.com")
    assert not User.objects.filter(email="never@example.com").exists()


def test_sealed_is_one_mechanism() -> None:
    assert issubclass(SealedText, Sealed) and issubclass(SealedJSON, Sealed)
    assert issubclass(SealedText, property)

"""The data migrations that bind sealed words to their row and data keys to their person:
forward from rows sealed the old way, backward to it, idempotent, in batches."""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from nearer.accounts import resealing
from nearer.accounts.models import User, master_key
from nearer.accounts.sealing import sealed_models
from nearer.lib import crypto
from nearer.questions import operations as questions
from nearer.questions.content import read_questions
from nearer.questions.models import Answer
from nearer.questions.operations import load_questions
from nearer.tests.factories import make_couple, make_daily, make_user

from .sealed_rows import opened, write_one_of_each

# The sealed values there were before version 2 (label: field, owner): what the migrations
# re-seal.
RESEALED = {
    "questions.answer": ("body", "author"),
    "questions.response": ("body", "author"),
    "checkins.checkinentry": ("body", "author"),
    "notes.note": ("body", "author"),
    "soultalk.keepsake": ("body", "author"),
    "gratitude.appreciation": ("body", "author"),
    "catchups.catchup": ("body", "author"),
    "rituals.ritual": ("body", "author"),
    "calendars.calendarfeed": ("sealed_token", "user"),
}
# Each app's last migration before the re-sealing ones.
BEFORE = [
    ("accounts", "0002_display_name_plain"),
    ("questions", "0002_answer_shared_at"),
    ("checkins", "0001_checkins"),
    ("notes", "0001_notes"),
    ("soultalk", "0003_time_together"),
    ("gratitude", "0001_initial"),
    ("catchups", "0001_catchups"),
    ("rituals", "0001_initial"),
    ("calendars", "0001_calendars"),
]


# The code before version 2, as it was (nearer/lib/crypto.py and accounts/sealing.py then):
# version byte 1, a 12-byte nonce, AES-GCM; words bound to "<label>:<owner pk>", keys to
# b"data-key".
def old_seal(plaintext: bytes, key: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(12)
    return b"\x01" + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def old_unseal(blob: bytes, key: bytes, aad: bytes) -> bytes:
    blob = bytes(blob)
    assert blob[:1] == b"\x01"
    return AESGCM(key).decrypt(blob[1:13], blob[13:], aad)


def _cells(registry):
    """(label, pk, owner pk, blob) for every value the migrations re-seal, read through the
    models of `registry` (historical ones while migrated back)."""
    for label, (field, owner) in RESEALED.items():
        model = registry.get_model(label)
        for pk, who, blob in model._base_manager.values_list("pk", f"{owner}_id", field):
            yield label, pk, who, bytes(blob)


def _decode(label: str, plain: bytes) -> object:
    """Opened words as the app reads them."""
    model = django_apps.get_model(label)
    (descriptor,) = sealed_models()[model]
    return descriptor.decode(plain)


def _migrate(targets: list[tuple[str, str]] | None = None):
    """Migrate to `targets` (default: the latest); the models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migrations_reseal_every_row_forward_and_backward() -> None:
    load_questions(questions=read_questions())
    alex, sam = make_user("Alex"), make_user("Sam")
    make_couple(alex, sam)
    # Models that came after version 2 (replies to check-ins) were never sealed the old way.
    rows = [row for row in write_one_of_each(alex, sam) if row._meta.label_lower in RESEALED]
    expected = {
        (row._meta.label_lower, row.pk): value
        for row in rows
        if row._meta.label_lower in RESEALED  # later models were sealed this way from the start
        for value in opened(type(row)._default_manager.get(pk=row.pk)).values()
    }
    assert {label for label, _pk in expected} == set(RESEALED)
    keys = {person.pk: person.data_key for person in User.objects.all()}
    master = master_key()
    try:
        old = _migrate(BEFORE)
        people = old.get_model("accounts", "User")._base_manager

        # Backward: every value is version 1 again, and opens under the old rules.
        for pk, wrapped in people.values_list("pk", "wrapped_data_key"):
            assert old_unseal(wrapped, master, b"data-key") == keys[pk]
        cells = list(_cells(old))
        assert len(cells) >= len([row for row in rows if row._meta.label_lower in RESEALED])
        for label, pk, who, blob in cells:
            plain = old_unseal(blob, keys[who], f"{label}:{who}".encode())
            if (label, pk) in expected:
                assert _decode(label, plain) == expected[label, pk]

        # Rows sealed by the old code itself (fresh nonces, not what the migration wrote).
        for pk in keys:
            wrapped = old_seal(keys[pk], master, b"data-key")
            people.filter(pk=pk).update(wrapped_data_key=wrapped)
        for label, pk, who, blob in cells:
            aad = f"{label}:{who}".encode()
            fresh = old_seal(old_unseal(blob, keys[who], aad), keys[who], aad)
            field, _owner = RESEALED[label]
            old.get_model(label)._base_manager.filter(pk=pk).update(**{field: fresh})
    finally:
        _migrate()

    # Forward: version 2, opened by the app.
    for person in User.objects.all():
        assert bytes(person.wrapped_data_key or b"")[:1] == b"\x02"
        assert person.data_key == keys[person.pk]
    cells = list(_cells(django_apps))
    for label, pk, _who, blob in cells:
        assert blob[:1] == b"\x02"
        (descriptor,) = sealed_models()[django_apps.get_model(label)]
        value = getattr(django_apps.get_model(label).objects.get(pk=pk), descriptor.name)
        if (label, pk) in expected:
            assert value == expected[label, pk]

    # Idempotent: once more changes nothing.
    editor = SimpleNamespace(connection=connection)
    assert resealing.rewrap_data_keys(django_apps, editor, to=resealing.V2) == 0
    for column in _columns():
        assert resealing.reseal_words(django_apps, editor, column, to=resealing.V2) == 0
    assert list(_cells(django_apps)) == cells


def _columns() -> list[resealing.SealedColumn]:
    return [
        resealing.SealedColumn(django_apps.get_model(label)._meta.label, field, owner=owner)
        for label, (field, owner) in RESEALED.items()
    ]


def test_reseal_in_batches_both_ways_skipping_what_it_cannot_or_need_not(bank) -> None:
    alex, sam = make_user("Alex"), make_user("Sam")
    make_couple(alex, sam)
    words = {}
    today = timezone.localdate()
    for days_ago in range(5):
        daily = make_daily(alex, date=today - dt.timedelta(days=days_ago))
        for person in (alex, sam):
            answer = questions.save_answer(user=person, daily=daily, text=f"{person} {days_ago}")
            words[answer.pk] = answer.text
    placeholder = Answer.objects.order_by("pk").first()
    assert placeholder is not None
    Answer.objects.filter(pk=placeholder.pk).update(body=b"\x00volume")  # not a sealed blob
    del words[placeholder.pk]
    column = resealing.SealedColumn("questions.Answer", "body")
    editor = SimpleNamespace(connection=connection)

    assert resealing.reseal_words(django_apps, editor, column, to=resealing.V1, batch=3) == 9
    for pk, who, blob in Answer.objects.values_list("pk", "author_id", "body"):
        if pk == placeholder.pk:
            assert bytes(blob) == b"\x00volume"
            continue
        key = User.objects.get(pk=who).data_key
        assert (
            old_unseal(bytes(blob), key, f"questions.answer:{who}".encode()).decode() == words[pk]
        )
    assert resealing.reseal_words(django_apps, editor, column, to=resealing.V1, batch=3) == 0

    # Sam's key is gone: their words cannot be opened, and stay as they are.
    sams = dict(Answer.objects.filter(author=sam).values_list("pk", "body"))
    User.objects.filter(pk=sam.pk).update(wrapped_data_key=None)
    assert resealing.reseal_words(django_apps, editor, column, to=resealing.V2, batch=2) == 4
    assert {
        pk: bytes(b) for pk, b in Answer.objects.filter(author=sam).values_list("pk", "body")
    } == {pk: bytes(b) for pk, b in sams.items()}
    for answer in Answer.objects.filter(author=alex).exclude(pk=placeholder.pk):
        assert answer.text == words[answer.pk]


def test_a_row_that_does_not_open_stops_the_migration(bank, partner_a) -> None:
    answer = questions.save_answer(user=partner_a, daily=make_daily(partner_a), text="Hello")
    Answer.objects.filter(pk=answer.pk).update(body=b"\x01" + bytes(answer.body)[1:])
    column = resealing.SealedColumn("questions.Answer", "body")
    editor = SimpleNamespace(connection=connection)
    with pytest.raises(RuntimeError, match=f"row {answer.pk} does not open"):
        resealing.reseal_words(django_apps, editor, column, to=resealing.V2)


def test_the_frozen_rules_match_the_app_today(partner_a) -> None:
    """Version 2 in resealing.py is what the app seals: a blob of one opens with the other."""
    from nearer.accounts.sealing import key_place, place

    assert resealing.words_place(
        2, label="questions.answer", field="body", pk=42, owner_id=7
    ) == place("questions.answer", "body", 42, 7)
    assert resealing.key_place(2, person_pk=7) == key_place(7)
    blob = crypto.seal(b"x", partner_a.data_key, place("notes.note", "body", 1, partner_a.pk))
    aad = resealing.words_place(2, label="notes.note", field="body", pk=1, owner_id=partner_a.pk)
    assert resealing.open_blob(blob, partner_a.data_key, aad) == b"x"

"""Moving stored words and data keys between blob versions: what the data migrations run.

Frozen on purpose. The blob layout and the associated-data rule of each version are written
out here, not taken from `nearer.lib.crypto` or `nearer.accounts.sealing`, so a later change
there cannot change what an applied migration did, or what unapplying it does. Do not edit
these rules; a new rule is a new version, with new migrations (docs/decisions/0002).

A blob is one version byte, a 12-byte nonce, then the AES-256-GCM ciphertext and its tag.

Version 1 (until accounts 0003):
    sealed words      "<app_label>.<model_name>:<owner pk>"            e.g. b"questions.answer:7"
    a wrapped key     b"data-key"
Version 2:
    sealed words      "<app_label>.<model_name>:<field>:<row pk>:<owner pk>"
                                                             e.g. b"questions.answer:body:42:7"
    a wrapped key     "data-key:<person pk>"                           e.g. b"data-key:7"

Each run is idempotent: rows already in the target version are left alone, as are values that
are not sealed blobs at all (empty, or the placeholders of volume tests) and words whose
owner has no data key any more (nothing can open them). Rows are read and written in batches
of primary keys, so memory stays flat however large the tables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import migrations

V1 = 1
V2 = 2
NONCE_BYTES = 12
BATCH = 500


# --- The rules, per version -------------------------------------------------------------------


def words_place(version: int, *, label: str, field: str, pk: object, owner_id: object) -> bytes:
    if version == V1:
        return f"{label}:{owner_id}".encode()
    if version == V2:
        return f"{label}:{field}:{pk}:{owner_id}".encode()
    raise ValueError(f"No rule for sealed words of version {version}.")


def key_place(version: int, *, person_pk: object) -> bytes:
    if version == V1:
        return b"data-key"
    if version == V2:
        return f"data-key:{person_pk}".encode()
    raise ValueError(f"No rule for wrapped keys of version {version}.")


def version_of(blob: bytes | memoryview | None) -> int | None:
    """The version byte of a sealed blob; None when the value is not one (empty, a
    placeholder)."""
    if not blob or len(blob) < 1 + NONCE_BYTES + 16 or blob[0] not in (V1, V2):
        return None
    return int(blob[0])


def open_blob(blob: bytes | memoryview, key: bytes, aad: bytes) -> bytes:
    blob = bytes(blob)
    return AESGCM(key).decrypt(blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], aad)


def seal_blob(version: int, plaintext: bytes, key: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)  # always a fresh nonce: never reuse one under a key
    return bytes([version]) + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _master_key() -> bytes:
    from django.conf import settings

    from nearer.lib.crypto import parse_master_key

    return parse_master_key(settings.NEARER_MASTER_KEY)


def _data_key(wrapped: bytes | memoryview, master: bytes, person_pk: object) -> bytes:
    """A person's data key, from a wrap of either version."""
    version = version_of(wrapped)
    try:
        if version is None:
            raise ValueError("not a sealed blob")
        return open_blob(wrapped, master, key_place(version, person_pk=person_pk))
    except (InvalidTag, ValueError) as exc:
        raise RuntimeError(f"The data key of person {person_pk} does not open.") from exc


def _write(connection: Any, model: Any, field: str, values: list[tuple[object, bytes]]) -> int:
    """Write `values` ((pk, blob) pairs) into `field` of `model`'s table: one short UPDATE per
    row, sent together (several times faster than bulk_update's CASE on large batches)."""
    if values:
        quote, meta = connection.ops.quote_name, model._meta
        table, column = quote(meta.db_table), quote(meta.get_field(field).column)
        sql = f"UPDATE {table} SET {column} = %s WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - names quoted, values bound
        with connection.cursor() as cursor:
            cursor.executemany(sql, [(blob, pk) for pk, blob in values])
    return len(values)


# --- Data keys (accounts) ---------------------------------------------------------------------


def rewrap_data_keys(apps: Any, schema_editor: Any, *, to: int, batch: int = BATCH) -> int:
    """Re-wrap every person's data key under the rule of version `to`; returns how many."""
    user_model = apps.get_model("accounts", "User")
    rows = user_model._base_manager.db_manager(schema_editor.connection.alias)
    master: bytes | None = None
    done = last = 0
    while page := list(
        rows.filter(pk__gt=last, wrapped_data_key__isnull=False)
        .order_by("pk")
        .values_list("pk", "wrapped_data_key")[:batch]
    ):
        last = page[-1][0]
        changed = []
        for pk, wrapped in page:
            if version_of(wrapped) in (None, to):
                continue
            master = master or _master_key()
            key = _data_key(wrapped, master, pk)
            changed.append((pk, seal_blob(to, key, master, key_place(to, person_pk=pk))))
        done += _write(schema_editor.connection, user_model, "wrapped_data_key", changed)
    return done


def rewrap_data_keys_operation() -> migrations.RunPython:
    """Forward: every data key from version 1 to 2; backward: from 2 to 1."""

    def forward(apps: Any, schema_editor: Any) -> None:
        rewrap_data_keys(apps, schema_editor, to=V2)

    def backward(apps: Any, schema_editor: Any) -> None:
        rewrap_data_keys(apps, schema_editor, to=V1)

    return migrations.RunPython(forward, backward)


# --- Sealed words (each app with sealed models) -----------------------------------------------


@dataclass(frozen=True)
class SealedColumn:
    """Where words are sealed: `model` ("questions.Answer"), the BinaryField `field` ("body")
    and the foreign key `owner` ("author") to the person whose key seals them."""

    model: str
    field: str
    owner: str = "author"

    @property
    def label(self) -> str:
        return self.model.lower()


def reseal_words(
    apps: Any, schema_editor: Any, column: SealedColumn, *, to: int, batch: int = BATCH
) -> int:
    """Re-seal every value in `column` under the rule of version `to`; returns how many.

    The owners' data keys may be wrapped in either version (so the order in which migrations
    are applied or unapplied does not matter here)."""
    alias = schema_editor.connection.alias
    model = apps.get_model(column.model)
    people = apps.get_model("accounts", "User")._base_manager.db_manager(alias)
    rows = model._base_manager.db_manager(alias)
    owner = model._meta.get_field(column.owner).attname
    master: bytes | None = None
    done = last = 0
    while page := list(
        rows.filter(pk__gt=last).order_by("pk").values_list("pk", column.field, owner)[:batch]
    ):
        last = page[-1][0]
        todo = [(pk, blob, who) for pk, blob, who in page if version_of(blob) not in (None, to)]
        if not todo:
            continue
        master = master or _master_key()
        wrapped = dict(
            people.filter(
                pk__in={who for _pk, _blob, who in todo}, wrapped_data_key__isnull=False
            ).values_list("pk", "wrapped_data_key")
        )
        keys = {who: _data_key(wrap, master, who) for who, wrap in wrapped.items()}
        changed = []
        for pk, blob, who in todo:
            if who not in keys:
                continue  # the person's key is gone, and with it these words
            version = blob[0]
            place = {"label": column.label, "field": column.field, "owner_id": who, "pk": pk}
            try:
                plaintext = open_blob(blob, keys[who], words_place(version, **place))
            except InvalidTag as exc:
                raise RuntimeError(
                    f"{column.label}.{column.field} of row {pk} does not open (version "
                    f"{version}): restore it from a backup, or clear it, and migrate again."
                ) from exc
            changed.append((pk, seal_blob(to, plaintext, keys[who], words_place(to, **place))))
        done += _write(schema_editor.connection, model, column.field, changed)
    return done


def reseal_words_operation(*columns: SealedColumn) -> migrations.RunPython:
    """Forward: the words in `columns` from version 1 to 2; backward: from 2 to 1."""

    def forward(apps: Any, schema_editor: Any) -> None:
        for column in columns:
            reseal_words(apps, schema_editor, column, to=V2)

    def backward(apps: Any, schema_editor: Any) -> None:
        for column in columns:
            reseal_words(apps, schema_editor, column, to=V1)

    return migrations.RunPython(forward, backward)

"""Sealed words: the one way Nearer stores what a person writes.

A model keeps the words in a BinaryField and declares how they are read with a descriptor:

    class Answer(Writing):                  # Writing: `author` and `body`
        text = SealedText("body")           # sealed under the author's key

    class CheckInEntry(Writing):
        words = SealedJSON("body")          # a value encoded as JSON, then sealed

    class CalendarFeed(SealedModel):
        sealed_token = models.BinaryField(editable=False)
        token = SealedText("sealed_token", owner="user")

Setting `answer.text` seals at once; reading it opens the blob once per object: the plaintext
stays on the instance for as long as the field holds the blob (and place) it came from.

Each blob is bound (AES-GCM associated data) to its place: model, field, row and owner
(`place()`), so a blob copied onto another row, field, model or person does not open. A new
row has no primary key before its INSERT, so a value set on an unsaved object is held on it,
and `SealedModel.save()` inserts the row, then seals the value and writes it, in one
transaction. See docs/decisions/0002.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.apps import apps
from django.conf import settings
from django.db import models, router, transaction

from nearer.lib import crypto

if TYPE_CHECKING:
    from collections.abc import Iterable

M = TypeVar("M", bound=models.Model)

# Keys in an instance's __dict__: what was opened, by descriptor name: (blob, place, value);
# and what was set before the row had a primary key, by descriptor name.
_OPENED = "_sealed_opened"
_PENDING = "_sealed_pending"
# What a sealed field holds between a bulk INSERT and the UPDATE that writes the sealed value.
_PLACEHOLDER = b"\x00unsealed"


def place(label: str, field: str, pk: object, owner_id: object) -> bytes:
    """The associated data of a sealed value (blob version 2): the model's label
    ("questions.answer"), the field holding the blob ("body"), the row's primary key and the
    owner's primary key. Field names and labels hold no ":", keys are integers: unambiguous."""
    return f"{label}:{field}:{pk}:{owner_id}".encode()


def key_place(person_pk: object) -> bytes:
    """The associated data of a person's wrapped data key (version 2): "data-key:<their pk>",
    so a wrapped key copied onto another person does not open."""
    return f"data-key:{person_pk}".encode()


class Sealed(property):
    """A value stored sealed in the BinaryField `field`, under the data key of the person in
    the foreign key `owner`. A `property`, so `Model(text=...)` and `objects.create(text=...)`
    accept it. Use a subclass: `SealedText` or `SealedJSON`."""

    def __init__(self, field: str, *, owner: str = "author") -> None:
        super().__init__()
        self.field = field
        self.owner = owner
        self.name = ""

    def __set_name__(self, cls: type, name: str) -> None:
        if not issubclass(cls, SealedModel):
            raise TypeError(f"{cls.__name__}.{name}: a sealed value needs a SealedModel.")
        self.name = name
        self.__doc__ = f"Sealed in `{self.field}` under `{self.owner}`'s key."

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} in {self.field} under {self.owner}>"

    def encode(self, value: Any) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> Any:
        raise NotImplementedError

    def place_of(self, obj: models.Model) -> bytes:
        owner_field = cast("models.Field[Any, Any]", obj._meta.get_field(self.owner))
        owner_id = getattr(obj, owner_field.attname)
        if owner_id is None:
            raise ValueError(f"{type(obj).__name__}.{self.owner} is needed to seal {self.name}.")
        return place(obj._meta.label_lower, self.field, obj.pk, owner_id)

    def _key(self, obj: models.Model) -> bytes:
        return getattr(obj, self.owner).data_key  # type: ignore[no-any-return]

    def __get__(self, obj: models.Model | None, cls: type | None = None) -> Any:
        if obj is None:
            return self
        pending = obj.__dict__.get(_PENDING)
        if pending and self.name in pending:
            return pending[self.name]
        if obj.pk is None:
            raise ValueError(f"{type(obj).__name__}.{self.name} was never set.")
        blob = getattr(obj, self.field)
        where = self.place_of(obj)
        opened = obj.__dict__.setdefault(_OPENED, {})
        seen = opened.get(self.name)
        if seen is not None and seen[1] == where and seen[0] == blob:
            return seen[2]
        value = self.decode(crypto.unseal(blob, self._key(obj), where))
        opened[self.name] = (bytes(blob), where, value)
        return value

    def __set__(self, obj: models.Model, value: Any) -> None:
        data = self.encode(value)  # a value that cannot be stored fails here, not on save
        if obj.pk is None:
            obj.__dict__.setdefault(_PENDING, {})[self.name] = self.decode(data)
            return
        self._seal(obj, data)

    def __delete__(self, obj: models.Model) -> None:
        raise AttributeError(f"{self.name} cannot be deleted.")

    def _seal(self, obj: models.Model, data: bytes) -> None:
        where = self.place_of(obj)
        blob = crypto.seal(data, self._key(obj), where)
        setattr(obj, self.field, blob)
        obj.__dict__.setdefault(_OPENED, {})[self.name] = (blob, where, self.decode(data))
        pending = obj.__dict__.get(_PENDING)
        if pending:
            pending.pop(self.name, None)


class SealedText(Sealed):
    """Text, sealed as UTF-8."""

    def encode(self, value: Any) -> bytes:
        return str(value).encode("utf-8")

    def decode(self, data: bytes) -> str:
        return data.decode("utf-8")


class SealedJSON(Sealed):
    """A value encoded as JSON (non-ASCII kept as is), then sealed."""

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return json.loads(data)


@cache
def sealed_fields(model: type[models.Model]) -> tuple[Sealed, ...]:
    """The sealed descriptors of a model (inherited ones included), in declaration order."""
    found: dict[str, Sealed] = {}
    for klass in reversed(model.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Sealed):
                found[name] = value
            else:
                found.pop(name, None)
    return tuple(found.values())


def sealed_models() -> dict[type[models.Model], tuple[Sealed, ...]]:
    """Every installed model that holds sealed words, with its sealed descriptors.

    Public: tests iterate over it (database dumps, the admin), and the practice registry is
    checked against it. For each descriptor, `name` is the attribute that reads and writes the
    words ("text"), `field` the BinaryField that stores them sealed ("body"), and `owner` the
    foreign key to the person whose key seals them ("author").
    """
    return {model: found for model in apps.get_models() if (found := sealed_fields(model))}


class SealedModel(models.Model):
    """Base of every model with sealed values: seals what was set before the row had a primary
    key right after its INSERT, in the same transaction, and never saves an empty sealed field
    (nor lets `bulk_create` store one, or drop words set before the INSERT: it refuses)."""

    class Meta:
        abstract = True

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop(_OPENED, None)  # opened words never go into a pickle (a cache, a session)
        return state

    def save(self, *args: Any, **kwargs: Any) -> None:
        pending = self.__dict__.get(_PENDING)
        if pending and self.pk is not None:  # a primary key was given after the words
            for descriptor in sealed_fields(type(self)):
                if descriptor.name in pending:
                    descriptor._seal(self, descriptor.encode(pending[descriptor.name]))
        elif pending:
            self._insert_then_seal(pending, *args, **kwargs)
            return
        elif self.pk is None:
            self._refuse_sealed_elsewhere()
        self._refuse_empty(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _insert_then_seal(self, pending: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        waiting = [d for d in sealed_fields(type(self)) if d.name in pending]
        self._refuse_sealed_elsewhere(waiting=waiting)
        self._refuse_empty(None, waiting=waiting)
        try:
            with transaction.atomic(using=using, savepoint=False):
                for descriptor in waiting:
                    setattr(self, descriptor.field, b"")  # replaced below, before the commit
                super().save(*args, **kwargs)
                for descriptor in waiting:
                    descriptor._seal(self, descriptor.encode(pending[descriptor.name]))
                written = {d.field: getattr(self, d.field) for d in waiting}
                type(self)._base_manager.using(using).filter(pk=self.pk).update(**written)
        except BaseException:
            # The transaction is undone: so is the row, and this object is unsaved again.
            self.pk = None
            self._state.adding = True
            self.__dict__[_PENDING] = pending
            raise
        self.__dict__.pop(_PENDING, None)

    def _refuse_sealed_elsewhere(self, waiting: Iterable[Sealed] = ()) -> None:
        """A row about to get its primary key cannot hold a blob sealed for it: one there was
        sealed for another row (a copied object), and would never open."""
        for descriptor in sealed_fields(type(self)):
            if descriptor not in waiting and getattr(self, descriptor.field):
                raise ValueError(
                    f"A new {type(self).__name__} holds a sealed {descriptor.name} from "
                    f"elsewhere: set {descriptor.name} again before saving it."
                )

    def _refuse_empty(
        self, update_fields: Iterable[str] | None, waiting: Iterable[Sealed] = ()
    ) -> None:
        deferred = self.get_deferred_fields()
        for descriptor in sealed_fields(type(self)):
            if descriptor in waiting or descriptor.field in deferred:
                continue
            if update_fields is not None and descriptor.field not in update_fields:
                continue
            if not getattr(self, descriptor.field):
                raise ValueError(f"{type(self).__name__}.{descriptor.name} is empty: set it first.")

    def _prepare_related_fields_for_save(self, operation_name: str, fields: Any = None) -> None:
        # bulk_create() calls this on every object before its INSERT; no save() follows.
        if operation_name == "bulk_create":
            if self.__dict__.get(_PENDING):
                raise ValueError(
                    f"bulk_create() cannot seal {type(self).__name__} words set before the row "
                    "had a primary key: use nearer.accounts.sealing.bulk_create_sealed()."
                )
            self._refuse_empty(None)
        # A private hook of Model, not in django-stubs: bulk_create() calls it on each object.
        super()._prepare_related_fields_for_save(  # type: ignore[misc]
            operation_name=operation_name, fields=fields
        )


def bulk_create_sealed(
    rows: list[M], *, batch_size: int | None = None, using: str | None = None
) -> list[M]:
    """`bulk_create()` for rows whose sealed values were set before they had a primary key
    (plain `bulk_create()` refuses those): inserts the rows with a placeholder, then seals each
    value to its new row and writes it, one short UPDATE a row sent together, in one
    transaction. Needs the database to return new primary keys (PostgreSQL, SQLite 3.35+)."""
    if not rows:
        return rows
    model = type(rows[0])
    descriptors = sealed_fields(model)
    db = using or router.db_for_write(model)
    held = [row.__dict__.pop(_PENDING, None) or {} for row in rows]
    for row, pending in zip(rows, held, strict=True):
        for descriptor in descriptors:
            if descriptor.name in pending:
                setattr(row, descriptor.field, _PLACEHOLDER)
    try:
        with transaction.atomic(using=db, savepoint=False):
            model._default_manager.db_manager(db).bulk_create(rows, batch_size=batch_size)
            for descriptor in descriptors:
                written = []
                for row, pending in zip(rows, held, strict=True):
                    if descriptor.name in pending:
                        if row.pk is None:
                            raise ValueError("The database did not return the new primary keys.")
                        descriptor._seal(row, descriptor.encode(pending[descriptor.name]))
                        written.append((getattr(row, descriptor.field), row.pk))
                _write_each(model, descriptor.field, written, using=db)
    except BaseException:
        for row, pending in zip(rows, held, strict=True):
            if pending:  # undone with the transaction: unsaved again, with its words
                row.pk = None
                row._state.adding = True
                row.__dict__[_PENDING] = pending
        raise
    return rows


def _write_each(
    model: type[models.Model], field: str, values: list[tuple[bytes, object]], *, using: str
) -> None:
    """Write (value, pk) pairs into one column: one short UPDATE a row, sent together (much
    faster than bulk_update's CASE over a large batch)."""
    if not values:
        return
    connection = transaction.get_connection(using)
    quote, meta = connection.ops.quote_name, model._meta
    column_of = cast("models.Field[Any, Any]", meta.get_field(field)).column
    table, column = quote(meta.db_table), quote(column_of)
    sql = f"UPDATE {table} SET {column} = %s WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - names quoted, values bound
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


class Writing(SealedModel):
    """Something a person wrote: `author` wrote it; `body` holds it sealed under their key.
    Concrete models declare how it reads: `text = SealedText("body")`, or `SealedJSON`."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.BinaryField(editable=False)

    class Meta:
        abstract = True

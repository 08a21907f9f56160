"""Shared fixtures: the question bank and the personas (see docs/style.md, Tests).

The factories they are built from are in nearer/tests/factories.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from django.apps import apps
from django.core.management.color import Style
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.signals import post_migrate
from pytest_django import DjangoDbBlocker

from nearer.accounts.models import User
from nearer.questions.models import Question
from nearer.tests.factories import load_bank, make_couple, make_user


def _reload_bank_after_flush(using: str, **kwargs: Any) -> None:
    if using == DEFAULT_DB_ALIAS:
        load_bank()


def _flush_by_delete(truncate: Callable[..., list[str]]) -> Callable[..., list[str]]:
    """PostgreSQL's flush for the tests: DELETE FROM each table instead of one TRUNCATE.

    TRUNCATE makes new files for every table and index, about a second for our forty tables,
    after every transactional test; DELETE removes the few rows a test leaves in milliseconds.
    Django makes every foreign key DEFERRABLE INITIALLY DEFERRED and flush runs in a transaction,
    so the order of the tables does not matter. Sequences go on either way (no RESTART IDENTITY)
    unless a test asks for them to be reset, which TRUNCATE still does.
    """

    def sql_flush(
        ops: BaseDatabaseOperations,
        style: Style,
        tables: Sequence[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences:
            return truncate(ops, style, tables, reset_sequences=True, allow_cascade=allow_cascade)
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(ops.quote_name(table))};"
            for table in tables
        ]

    return sql_flush


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The test databases, with the real question bank from content/ loaded once.

    Every test runs in a transaction that is rolled back, so each sees the bank. A test on
    `transactional_db` (or `live_server`) empties every table when it ends, with Django's flush;
    the flush then sends post_migrate, as a migration does, and the bank is loaded again.
    """
    with django_db_blocker.unblock():
        load_bank()
    questions = apps.get_app_config("questions")
    post_migrate.connect(_reload_bank_after_flush, sender=questions, dispatch_uid=__name__)
    with pytest.MonkeyPatch.context() as patch:
        if connection.vendor == "postgresql":
            ops = type(connection.ops)
            patch.setattr(ops, "sql_flush", _flush_by_delete(ops.sql_flush))
        yield
    post_migrate.disconnect(sender=questions, dispatch_uid=__name__)


@pytest.fixture
def bank(db: None) -> None:
    """The real question bank from content/ (loaded once for the session: django_db_setup)."""
    if not Question.objects.exists():
        load_bank()


@pytest.fixture
def partner_a(db: None) -> User:
    return make_user("Alex", email="alex@example.com")


@pytest.fixture
def partner_b(partner_a: User) -> User:
    user = make_user("Sam", email="sam@example.com")
    make_couple(partner_a, user)
    return user


@pytest.fixture
def outsider(db: None) -> User:
    """Someone from another couple."""
    user = make_user("Robin", email="robin@example.com")
    make_couple(user, make_user("Kai", email="kai@example.com"))
    return user


@pytest.fixture
def solo(db: None) -> User:
    return make_user("Jo", email="jo@example.com")

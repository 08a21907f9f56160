"""Shared fixtures: the question bank and the personas (see STYLE.md, Tests).

The factories they are built from are in nearer/tests/factories.py.
"""

from __future__ import annotations

import pytest

from nearer.accounts.models import User
from nearer.questions.content import read_questions
from nearer.questions.models import Question
from nearer.questions.operations import load_questions
from nearer.tests.factories import make_couple, make_user


@pytest.fixture
def bank(db: None) -> None:
    """The real question bank from content/, loaded into the test database."""
    if not Question.objects.exists():
        load_questions(questions=read_questions())


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

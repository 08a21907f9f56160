"""Shared fixtures: personas and small factories (see docs/style.md, Tests)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from nearer.accounts.models import User
from nearer.couples import operations as couples
from nearer.questions.content import read_questions
from nearer.questions.models import DailyQuestion, Question
from nearer.questions.operations import load_questions

_counter = itertools.count(1)


def make_user(
    name: str = "", *, email: str = "", time_zone: str = "UTC", password: str = ""
) -> User:
    n = next(_counter)
    user = User.objects.create_user(
        email=email or f"person{n}@example.com",
        password=password or None,
        display_name=name or f"Person {n}",
        time_zone=time_zone,
    )
    return user


def make_couple(first: User, second: User) -> None:
    _invitation, token = couples.invite_partner(inviter=first)
    couples.accept_invitation(token=token, user=second)


def make_daily(
    user: User, date: dt.date | None = None, question: Question | None = None
) -> DailyQuestion:
    couple = couples.space_of(user)
    date = date or timezone.localdate()
    question = question or Question.objects.active().filter(depth=couple.depth).first()
    assert question is not None, "no question at this depth: use the bank fixture"
    return DailyQuestion.objects.create(couple=couple, date=date, question=question)


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

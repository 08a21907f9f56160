"""Small factories for tests and benchmarks: each makes one thing, with defaults for the rest.

The fixtures in the root conftest.py (personas such as `partner_a`) are built from these; a test
that needs one more person or day calls them directly.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from nearer.accounts.models import User
from nearer.couples import operations as couples
from nearer.questions.content import read_questions
from nearer.questions.models import DailyQuestion, Question
from nearer.questions.operations import load_questions

# A password that passes the validators; tests that sign in with a password use this one.
PASSWORD = "quiet-harbour-lantern-7"

_counter = itertools.count(1)


# The rows `load_questions` made from each content folder, to put back at once after a flush.
_banks: dict[str, list[dict[str, Any]]] = {}


def load_bank() -> None:
    """The real question bank from content/, loaded as `nearer loadcontent` does (idempotent).

    Into an empty table, a second time, the same rows go back in one statement (a test database
    is emptied after each transactional test; the files have not changed since).
    """
    content = str(settings.CONTENT_DIR)
    rows = _banks.get(content)
    if rows and not Question.objects.exists():
        Question.objects.bulk_create(Question(**row) for row in rows)
        return
    load_questions(questions=read_questions())
    _banks[content] = [
        {name: value for name, value in row.items() if name != "id"}
        for row in Question.objects.order_by("pk").values()
    ]


def make_user(
    name: str = "", *, email: str = "", time_zone: str = "UTC", password: str = ""
) -> User:
    """A person with a unique email and name; no usable password unless one is given."""
    n = next(_counter)
    return User.objects.create_user(
        email=email or f"person{n}@example.com",
        password=password or None,
        display_name=name or f"Person {n}",
        time_zone=time_zone,
    )


def add_verified_email(user: User) -> EmailAddress:
    """Record the user's email address as verified and primary, as confirming it would."""
    return EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def make_verified_user(name: str, email: str, password: str = PASSWORD) -> User:
    """A person who can sign in: a password and a verified email address."""
    user = make_user(name, email=email, password=password)
    add_verified_email(user)
    return user


def make_couple(first: User, second: User) -> None:
    """Link two people the way the app does: an invitation, accepted."""
    _invitation, token = couples.invite_partner(inviter=first)
    couples.accept_invitation(token=token, user=second)


def a_guess_day(user: User, before: dt.date | None = None) -> dt.date:
    """The latest date up to `before` (today) on which the user's space is invited to guess
    ("how well do you know me", `questions.operations.is_guess_day`)."""
    from nearer.questions.operations import is_guess_day

    couple = couples.space_of(user)
    day = before or timezone.localdate()
    while not is_guess_day(couple.pk, day):
        day -= dt.timedelta(days=1)
    return day


def make_daily(
    user: User, date: dt.date | None = None, question: Question | None = None
) -> DailyQuestion:
    """A daily question in the user's space (today, at its depth, unless told). Needs the bank."""
    couple = couples.space_of(user)
    date = date or timezone.localdate()
    question = question or Question.objects.active().filter(depth=couple.depth).first()
    assert question is not None, "no question at this depth: use the bank fixture"
    return DailyQuestion.objects.create(couple=couple, date=date, question=question)

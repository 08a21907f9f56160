"""The suite's own set-up (conftest.py): the question bank every test sees, and what a flush does.

The bank is loaded once per session; a transactional test's flush empties every table and the
bank comes back, the same rows, for the tests after it.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from nearer.accounts.models import User
from nearer.couples.models import Couple
from nearer.questions.content import read_questions
from nearer.questions.models import Question


def _bank() -> list[dict[str, object]]:
    return [
        {name: value for name, value in row.items() if name != "id"}
        for row in Question.objects.order_by("pk").values()
    ]


def test_every_test_sees_the_whole_bank(db) -> None:
    assert sorted(Question.objects.active().values_list("key", flat=True)) == sorted(
        question.key for question in read_questions()
    )


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_every_table_and_the_same_bank_comes_back(partner_b) -> None:
    before = _bank()
    assert User.objects.count() == 2
    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists()
    assert not Couple.objects.exists()
    assert _bank() == before

"""Every access and history QuerySet method returns exactly the rows its rule names.

One varied history (see histories.py): a previous couple after unlinking, two solo spaces, the
current couple, another couple. The expected rows are written out by hand from each rule, for
each person; the same methods narrowed to one day, week or talk (as the pages ask) must return
just that part. These held before the queries were rewritten for speed and must keep holding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import models

from nearer.checkins.models import CheckIn
from nearer.questions.models import Answer, DailyQuestion
from nearer.soultalk.models import Talk

from .histories import METHODS, Histories, build_histories, sorted_pks

CURRENT_DAYS = ["k_day", "k_none", "c_both", "c_kim", "c_kim_shared", "c_alex", "c_none"]
OTHER_DAYS = ["o_both", "o_kai_shared"]

# method -> person -> the names of the rows that person may see.
EXPECTED: dict[str, dict[str, list[str]]] = {
    "DailyQuestion.for_user": {
        "alex": CURRENT_DAYS,
        "kim": CURRENT_DAYS,
        "sam": ["s_day", "s_none"],
        "robin": OTHER_DAYS,
    },
    "DailyQuestion.history_for": {
        # The current space's days, and earlier days the person answered themselves.
        "alex": [*CURRENT_DAYS, "p_both", "p_alex", "p_shared", "a_day"],
        "kim": CURRENT_DAYS,
        "sam": ["s_day", "s_none", "p_both", "p_sam"],
        "robin": OTHER_DAYS,
    },
    "Answer.visible_to": {
        # Own answers anywhere; the partner's once opened or shared, in the current space.
        "alex": [
            "p_both.alex",
            "p_alex.alex",
            "p_shared.alex",
            "a_day.alex",
            "c_both.alex",
            "c_alex.alex",
            "c_both.kim",
            "c_kim_shared.kim",
        ],
        "kim": ["k_day.kim", "c_both.kim", "c_kim.kim", "c_kim_shared.kim", "c_both.alex"],
        "sam": ["p_both.sam", "p_sam.sam", "s_day.sam"],
        "robin": ["o_both.robin", "o_both.kai", "o_kai_shared.kai"],
    },
    "Answer.others_visible_to": {
        # The partner's answers the person may read: opened or shared, in the current space.
        "alex": ["c_both.kim", "c_kim_shared.kim"],
        "kim": ["c_both.alex"],
        "sam": [],
        "robin": ["o_both.kai", "o_kai_shared.kai"],
    },
    "Response.visible_to": {
        "alex": ["p_both.r_alex", "c_both.r_alex", "c_both.r_kim"],
        "kim": ["c_both.r_kim", "c_both.r_alex"],
        "sam": ["p_both.r_sam"],
        "robin": ["o_both.r_kai"],
    },
    "CheckIn.for_user": {
        "alex": ["cw_both", "cw_kim"],
        "kim": ["cw_both", "cw_kim"],
        "sam": [],
        "robin": ["ow_both"],
    },
    "CheckIn.history_for": {
        "alex": ["cw_both", "cw_kim", "pw_both", "pw_alex"],
        "kim": ["cw_both", "cw_kim"],
        "sam": ["pw_both", "pw_sam"],
        "robin": ["ow_both"],
    },
    "CheckIn.written_in_by": {
        # Weeks the person wrote in, in any space.
        "alex": ["cw_both", "pw_both", "pw_alex"],
        "kim": ["cw_both", "cw_kim"],
        "sam": ["pw_both", "pw_sam"],
        "robin": ["ow_both"],
    },
    "CheckInEntry.visible_to": {
        "alex": ["pw_both.alex", "pw_alex.alex", "cw_both.alex", "cw_both.kim"],
        "kim": ["cw_both.kim", "cw_kim.kim", "cw_both.alex"],
        "sam": ["pw_both.sam", "pw_sam.sam"],
        "robin": ["ow_both.robin", "ow_both.kai"],
    },
    "CheckInEntry.requests_for": {
        "alex": ["cw_both.kim"],
        "kim": ["cw_both.alex"],
        "sam": [],
        "robin": ["ow_both.kai"],
    },
    "CheckInEntry.written_by": {
        "alex": ["pw_both.alex", "pw_alex.alex", "cw_both.alex"],
        "kim": ["cw_both.kim", "cw_kim.kim"],
        "sam": ["pw_both.sam", "pw_sam.sam"],
        "robin": ["ow_both.robin"],
    },
    "Talk.for_user": {"alex": ["ct", "ct2"], "kim": ["ct", "ct2"], "sam": [], "robin": ["ot"]},
    "Keepsake.visible_to": {
        "alex": ["pt.alex", "ct.alex", "ct2.alex", "ct.kim"],
        "kim": ["ct.kim", "ct2.kim", "ct2.alex"],
        "sam": ["pt.sam"],
        "robin": ["ot.robin", "ot.kai"],
    },
    "Keepsake.written_by": {
        "alex": ["pt.alex", "ct.alex", "ct2.alex"],
        "kim": ["ct.kim", "ct2.kim"],
        "sam": ["pt.sam"],
        "robin": ["ot.robin"],
    },
    "Appreciation.visible_to": {
        "alex": ["p_thanks.alex", "c_thanks.alex", "c_thanks.kim"],
        "kim": ["c_thanks.kim", "c_thanks.alex"],
        "sam": ["p_thanks.sam"],
        "robin": ["o_thanks.kai"],
    },
    "Appreciation.received_by": {
        "alex": ["c_thanks.kim"],
        "kim": ["c_thanks.alex"],
        "sam": [],
        "robin": ["o_thanks.kai"],
    },
    "Note.visible_to": {
        "alex": ["p_note.alex", "c_note.alex", "c_note.kim"],
        "kim": ["c_note.kim", "c_note.kim_later", "c_note.alex"],
        "sam": ["p_note.sam", "p_note.sam_later"],
        "robin": ["o_note.kai"],
    },
    "Note.received_by": {
        "alex": ["c_note.kim"],
        "kim": ["c_note.alex"],
        "sam": [],
        "robin": ["o_note.kai"],
    },
}

# How a page narrows a method to one parent: the lookup, and each row's parent id.
NARROWED: dict[str, tuple[str, type[models.Model], Callable[[Any], int]]] = {
    "DailyQuestion.history_for": ("pk", DailyQuestion, lambda row: row.pk),  # a detail page
    "Answer.visible_to": ("daily", DailyQuestion, lambda row: row.daily_id),
    "Answer.others_visible_to": ("daily", DailyQuestion, lambda row: row.daily_id),
    "Response.visible_to": ("answer__daily", DailyQuestion, lambda row: row.answer.daily_id),
    "CheckIn.history_for": ("pk", CheckIn, lambda row: row.pk),
    "CheckIn.written_in_by": ("pk", CheckIn, lambda row: row.pk),
    "CheckInEntry.visible_to": ("checkin", CheckIn, lambda row: row.checkin_id),
    "Keepsake.visible_to": ("talk", Talk, lambda row: row.talk_id),
    "Keepsake.written_by": ("talk", Talk, lambda row: row.talk_id),
}


@pytest.fixture
def histories(bank) -> Histories:
    return build_histories()


def test_the_expectations_cover_every_method() -> None:
    assert set(EXPECTED) == set(METHODS)


@pytest.mark.parametrize("method", list(METHODS))
def test_each_person_sees_exactly_their_rows(histories, method) -> None:
    for person, names in EXPECTED[method].items():
        rows = METHODS[method](getattr(histories, person))
        assert sorted_pks(rows) == histories.pks(*names), (method, person)
    assert sorted_pks(METHODS[method](AnonymousUser())) == []


@pytest.mark.parametrize("method", list(NARROWED))
def test_narrowed_to_one_day_week_or_talk_as_the_pages_ask(histories, method) -> None:
    lookup, parent_model, parent_of = NARROWED[method]
    parents = list(parent_model._default_manager.all())
    assert len(parents) > 3
    for person, names in EXPECTED[method].items():
        user = getattr(histories, person)
        for parent in parents:
            expected = sorted(
                histories.rows[name].pk
                for name in names
                if parent_of(histories.rows[name]) == parent.pk
            )
            rows = METHODS[method](user).filter(**{lookup: parent.pk})
            assert sorted_pks(rows) == expected, (method, person, parent.pk)


# A day or a week as each person sees it: (their own answer or entry, the other one they may
# read). Every other day or week is (None, None) for them.
SIDES: dict[str, dict[str, tuple[str | None, str | None]]] = {
    "alex": {
        "c_both": ("c_both.alex", "c_both.kim"),
        "c_kim_shared": (None, "c_kim_shared.kim"),
        "c_alex": ("c_alex.alex", None),
        "p_both": ("p_both.alex", None),  # Sam's stays behind with the old space
        "p_alex": ("p_alex.alex", None),
        "p_shared": ("p_shared.alex", None),
        "a_day": ("a_day.alex", None),
        "cw_both": ("cw_both.alex", "cw_both.kim"),
        "pw_both": ("pw_both.alex", None),
        "pw_alex": ("pw_alex.alex", None),
    },
    "kim": {
        "k_day": ("k_day.kim", None),
        "c_both": ("c_both.kim", "c_both.alex"),
        "c_kim": ("c_kim.kim", None),
        "c_kim_shared": ("c_kim_shared.kim", None),
        "cw_both": ("cw_both.kim", "cw_both.alex"),
        "cw_kim": ("cw_kim.kim", None),
    },
    "sam": {
        "p_both": ("p_both.sam", None),
        "p_sam": ("p_sam.sam", None),
        "s_day": ("s_day.sam", None),
        "pw_both": ("pw_both.sam", None),
        "pw_sam": ("pw_sam.sam", None),
    },
    "robin": {
        "o_both": ("o_both.robin", "o_both.kai"),
        "o_kai_shared": (None, "o_kai_shared.kai"),
        "ow_both": ("ow_both.robin", "ow_both.kai"),
    },
}


def test_each_person_sees_their_side_of_each_day_and_week(histories) -> None:
    names = {(type(row), row.pk): name for name, row in histories.rows.items()}

    def name(row: models.Model) -> str:
        return names[type(row), row.pk]

    def named(row: models.Model | None) -> str | None:
        return name(row) if row is not None else None

    def seen(sides: tuple[models.Model | None, ...]) -> tuple[str | None, ...]:
        return tuple(named(row) for row in sides)

    weeks = list(CheckIn.objects.all())
    for person, expected in SIDES.items():
        user = getattr(histories, person)
        for day in DailyQuestion.objects.all():
            sides = Answer.objects.filter(daily=day).sides(user)
            assert seen(sides) == expected.get(name(day), (None, None)), (person, day)
        for week in CheckIn.objects.with_entries_for(user):
            assert seen(week.sides(user)) == expected.get(name(week), (None, None)), (person, week)
        for week in weeks:  # read without `with_entries_for`: the same
            assert seen(week.sides(user)) == expected.get(name(week), (None, None)), (person, week)
    nobody = AnonymousUser()
    for week in CheckIn.objects.with_entries_for(nobody):
        assert week.sides(nobody) == (None, None)
    for day in DailyQuestion.objects.all():
        assert Answer.objects.filter(daily=day).sides(nobody) == (None, None)


def test_whether_the_partner_answered_is_known_without_their_answer(histories) -> None:
    """Kim's answers in the current space, opened or not; nothing for no partner."""
    days = DailyQuestion.objects.with_partner_answered(histories.kim)
    answered = sorted(day.pk for day in days if day.partner_answered)  # type: ignore[attr-defined]  # an annotation
    assert answered == histories.pks("k_day", "c_both", "c_kim", "c_kim_shared")
    days = DailyQuestion.objects.with_partner_answered(None)
    assert not any(day.partner_answered for day in days)  # type: ignore[attr-defined]  # an annotation

"""Questions that come back (practice 3): the 120-day rule, how often, and the earlier answers
beside today's, shown only to those who could read them then."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from nearer.couples.space import space_of
from nearer.questions import operations
from nearer.questions.models import Answer, DailyQuestion, Question
from nearer.questions.operations import REASK_AFTER_DAYS, may_come_back
from nearer.tests.factories import make_couple, make_daily, make_user

THEN = dt.date(2026, 1, 5)
ALEX_THEN = "Alex, back then: a flat with a balcony 🌿"
SAM_THEN = "Sam, back then: שקט בבוקר"
ALEX_NOW = "Alex today: any place with you."


@pytest.fixture
def reask(bank) -> Question:
    return Question.objects.active().filter(reask=True, depth=1).order_by("key")[0]


@pytest.fixture
def plain(bank) -> Question:
    return Question.objects.active().filter(reask=False, depth=1).order_by("key")[0]


def _answered(user, question, date, *partners_words):
    """A day of the user's space with `question`, answered by each (person, words) given."""
    daily = make_daily(user, date=date, question=question)
    for person, words in partners_words:
        operations.save_answer(user=person, daily=daily, text=words)
    daily.refresh_from_db()
    return daily


# --- The 120-day rule ---------------------------------------------------------------------------


def test_a_question_both_answered_may_come_back_at_120_days_not_119(
    reask, partner_a, partner_b
) -> None:
    _answered(partner_a, reask, THEN, (partner_a, ALEX_THEN), (partner_b, SAM_THEN))
    couple = space_of(partner_a)
    assert REASK_AFTER_DAYS == 120
    at = THEN + dt.timedelta(days=120)
    assert may_come_back(couple=couple, date=at) == {reask.pk: THEN}
    assert reask.pk not in may_come_back(couple=couple, date=at - dt.timedelta(days=1))


def test_a_question_answered_by_one_only_does_not_come_back(reask, partner_a, partner_b) -> None:
    _answered(partner_a, reask, THEN, (partner_a, ALEX_THEN))
    couple = space_of(partner_a)
    assert may_come_back(couple=couple, date=THEN + dt.timedelta(days=400)) == {}


def test_a_question_that_is_not_reaskable_never_comes_back(plain, partner_a, partner_b) -> None:
    _answered(partner_a, plain, THEN, (partner_a, ALEX_THEN), (partner_b, SAM_THEN))
    couple = space_of(partner_a)
    assert may_come_back(couple=couple, date=THEN + dt.timedelta(days=400)) == {}
    # Nor through the daily choice, re-ask day or not, a year on.
    for offset in range(365, 365 + 40):
        date = THEN + dt.timedelta(days=offset)
        question = operations.choose_question(couple=couple, date=date, depth=1)
        assert question != plain
        DailyQuestion.objects.create(couple=couple, date=date, question=question)


def test_asked_again_since_restarts_the_wait(reask, partner_a, partner_b) -> None:
    _answered(partner_a, reask, THEN, (partner_a, ALEX_THEN), (partner_b, SAM_THEN))
    again = THEN + dt.timedelta(days=130)
    make_daily(partner_a, date=again, question=reask)  # asked, nobody answered this time
    couple = space_of(partner_a)
    assert may_come_back(couple=couple, date=again + dt.timedelta(days=119)) == {}
    assert reask.pk in may_come_back(couple=couple, date=again + dt.timedelta(days=120))


def test_another_couples_answers_do_not_count(reask, partner_a, partner_b, outsider) -> None:
    kai = space_of(outsider).memberships.exclude(user=outsider).get().user
    _answered(outsider, reask, THEN, (outsider, "Robin's"), (kai, "Kai's"))
    later = THEN + dt.timedelta(days=200)
    assert may_come_back(couple=space_of(partner_a), date=later) == {}
    assert reask.pk in may_come_back(couple=space_of(outsider), date=later)


def test_on_ones_own_nothing_comes_back(reask, solo) -> None:
    _answered(solo, reask, THEN, (solo, "Just me"))
    assert may_come_back(couple=space_of(solo), date=THEN + dt.timedelta(days=400)) == {}


def test_it_comes_back_on_a_reask_day_and_new_questions_keep_the_others(
    reask, partner_a, partner_b
) -> None:
    _answered(partner_a, reask, THEN, (partner_a, ALEX_THEN), (partner_b, SAM_THEN))
    couple = space_of(partner_a)
    days = [THEN + dt.timedelta(days=200 + n) for n in range(60)]
    reask_days = [d for d in days if operations.is_reask_day(couple.pk, d)]
    other_days = [d for d in days if not operations.is_reask_day(couple.pk, d)]
    assert reask_days and other_days
    assert operations.choose_question(couple=couple, date=reask_days[0], depth=1) == reask
    for date in other_days[:10]:
        assert operations.choose_question(couple=couple, date=date, depth=1) != reask
    # Deterministic: the same day gives the same answer.
    assert operations.choose_question(couple=couple, date=reask_days[0], depth=1) == reask


def test_reask_and_guess_days_are_a_small_share_of_days(partner_a) -> None:
    days = [THEN + dt.timedelta(days=n) for n in range(2000)]
    reask = sum(operations.is_reask_day(7, d) for d in days) / len(days)
    guess = sum(operations.is_guess_day(7, d) for d in days) / len(days)
    assert 0.10 < reask < 0.19  # about one day in seven
    assert 0.20 < guess < 0.30  # about one day in four
    # Per couple, not the same days for everyone.
    assert [operations.is_guess_day(7, d) for d in days] != [
        operations.is_guess_day(8, d) for d in days
    ]


# --- Earlier answers beside today's -------------------------------------------------------------


@pytest.fixture
def came_back(reask, partner_a, partner_b) -> DailyQuestion:
    """Alex and Sam answered the question 130 days ago; it is today's again, Alex answered."""
    today = timezone.localdate()
    _answered(
        partner_a,
        reask,
        today - dt.timedelta(days=130),
        (partner_a, ALEX_THEN),
        (partner_b, SAM_THEN),
    )
    return _answered(partner_a, reask, today, (partner_a, ALEX_NOW))


@pytest.fixture(autouse=True)
def _midday():
    with time_machine.travel(dt.datetime(2026, 6, 10, 12, tzinfo=dt.UTC), tick=True):
        yield


def test_each_sees_both_earlier_answers_beside_today(
    client, came_back, partner_a, partner_b
) -> None:
    then = (came_back.date - dt.timedelta(days=130)).strftime("%-d %B %Y")
    client.force_login(partner_a)
    body = client.get(reverse("questions:today")).content.decode()
    assert ALEX_NOW in body
    assert ALEX_THEN in body
    assert SAM_THEN in body  # opened together back then
    assert f"This question came before, on {then}" in body
    client.force_login(partner_b)
    body = client.get(reverse("questions:detail", args=[came_back.pk])).content.decode()
    assert ALEX_THEN in body and SAM_THEN in body
    assert ALEX_NOW not in body  # today's is still sealed


def test_a_partners_earlier_answer_never_opened_is_not_shown(
    client, reask, partner_a, partner_b
) -> None:
    today = timezone.localdate()
    # Back then only Sam answered: it was never opened to Alex.
    _answered(partner_a, reask, today - dt.timedelta(days=200), (partner_b, SAM_THEN))
    daily = make_daily(partner_a, question=reask)
    client.force_login(partner_a)
    body = client.get(reverse("questions:today")).content.decode()
    assert SAM_THEN not in body
    assert "This question came before" not in body
    client.force_login(partner_b)
    assert SAM_THEN in client.get(reverse("questions:today")).content.decode()  # their own
    rows = list(Answer.objects.for_day_page(partner_a, daily))
    assert rows == []


def test_an_earlier_answer_shared_early_is_shown_as_it_was(
    client, reask, partner_a, partner_b
) -> None:
    today = timezone.localdate()
    earlier = _answered(partner_a, reask, today - dt.timedelta(days=200), (partner_b, SAM_THEN))
    operations.share_early(user=partner_b, daily=earlier)
    make_daily(partner_a, question=reask)
    client.force_login(partner_a)
    assert SAM_THEN in client.get(reverse("questions:today")).content.decode()


def test_another_couples_earlier_answers_are_never_shown(
    client, came_back, reask, partner_a, outsider
) -> None:
    kai = space_of(outsider).memberships.exclude(user=outsider).get().user
    today = timezone.localdate()
    _answered(outsider, reask, today - dt.timedelta(days=150), (outsider, "Robin 🕯️"), (kai, "Kai"))
    client.force_login(partner_a)
    body = client.get(reverse("questions:today")).content.decode()
    assert "Robin 🕯️" not in body
    # Robin's own day with the same question shows Robin's earlier words, not Alex's or Sam's.
    own = make_daily(outsider, question=reask)
    client.force_login(outsider)
    body = client.get(reverse("questions:today")).content.decode()
    assert "Robin 🕯️" in body
    assert ALEX_THEN not in body and SAM_THEN not in body
    assert client.get(reverse("questions:detail", args=[came_back.pk])).status_code == 404
    assert all(
        row.daily.couple_id == own.couple_id for row in Answer.objects.for_day_page(outsider, own)
    )


def test_after_unlinking_the_old_space_stays_out_of_the_new_one(
    client, came_back, reask, partner_a, partner_b
) -> None:
    from nearer.couples.operations import unlink

    unlink(user=partner_a)
    jamie = make_user("Jamie")
    make_couple(partner_a, jamie)
    later = timezone.localdate() + dt.timedelta(days=1)
    daily = make_daily(partner_a, date=later, question=reask)
    rows = list(Answer.objects.for_day_page(partner_a, daily))
    assert rows == []


def test_anonymous_reads_nothing(came_back) -> None:
    assert list(Answer.objects.for_day_page(AnonymousUser(), came_back)) == []

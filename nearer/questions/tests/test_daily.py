"""Choosing the daily question: one a day, no repeats, balance, depth, lighter, time zones."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.urls import reverse

from nearer.couples.space import space_of
from nearer.lib.foundations import KEYS
from nearer.questions import operations
from nearer.questions.models import Answer, DailyQuestion, Question
from nearer.tests.factories import make_couple, make_user

START = dt.date(2026, 1, 1)


def _answer_both(daily: DailyQuestion, a, b) -> None:
    operations.save_answer(user=a, daily=daily, text="mine")
    operations.save_answer(user=b, daily=daily, text="yours")


def test_one_question_per_couple_per_day(bank, partner_a, partner_b) -> None:
    couple = space_of(partner_a)
    first = operations.daily_question(couple=couple, date=START)
    again = operations.daily_question(couple=space_of(partner_b), date=START)
    assert first.pk == again.pk
    assert DailyQuestion.objects.filter(couple=couple, date=START).count() == 1


def test_no_repeat_within_180_days_and_foundations_balanced(bank, partner_a, partner_b) -> None:
    couple = space_of(partner_a)
    # Allow every depth so the window test does not run out of level-1 questions.
    chosen = []
    for offset in range(180):
        day = START + dt.timedelta(days=offset)
        couple.depth = 1 + offset % 4
        couple.save(update_fields=["depth"])
        chosen.append(operations.daily_question(couple=couple, date=day).question_id)
    assert len(chosen) == len(set(chosen)), "a question repeated within 180 days"
    first_eight_weeks = Question.objects.filter(pk__in=chosen[:56]).values_list(
        "foundation", flat=True
    )
    counts = Counter(first_eight_weeks)
    assert set(counts) == set(KEYS)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_repeat_window_counts_questions_from_earlier_spaces(bank, solo) -> None:
    couple = space_of(solo)
    early = operations.daily_question(couple=couple, date=START)
    partner = make_user()
    make_couple(solo, partner)  # solo joins... no: partner joins solo's space
    shared = space_of(solo)
    assert shared.pk == couple.pk
    later = [
        operations.daily_question(couple=shared, date=START + dt.timedelta(days=d)).question_id
        for d in range(1, 30)
    ]
    assert early.question_id not in later


def test_questions_come_at_the_couples_depth(bank, partner_a, partner_b) -> None:
    couple = space_of(partner_a)
    assert operations.daily_question(couple=couple, date=START).question.depth == 1
    couple.depth = 3
    couple.save()
    assert (
        operations.daily_question(couple=couple, date=START + dt.timedelta(days=1)).question.depth
        == 3
    )


def test_depth_rises_only_when_both_are_ready(bank, partner_a, partner_b, settings) -> None:
    couple = space_of(partner_a)
    with pytest.raises(operations.QuestionError):
        operations.say_ready_for_deeper(user=partner_a, couple=couple)
    for offset in range(settings.NEARER_DEEPER_AFTER):
        _answer_both(
            operations.daily_question(couple=couple, date=START + dt.timedelta(days=offset)),
            partner_a,
            partner_b,
        )
    assert operations.deeper_is_offered(couple)
    assert operations.say_ready_for_deeper(user=partner_a, couple=couple) is False
    couple.refresh_from_db()
    assert couple.depth == 1
    assert operations.say_ready_for_deeper(user=partner_b, couple=couple) is True
    couple.refresh_from_db()
    assert couple.depth == 2
    # The offer starts again from zero at the new level.
    assert not operations.deeper_is_offered(couple)


def test_either_partner_can_step_back_down_alone(bank, partner_a, partner_b) -> None:
    couple = space_of(partner_a)
    couple.depth = 3
    couple.save()
    operations.step_back_down(user=partner_b, couple=couple)
    couple.refresh_from_db()
    assert couple.depth == 2
    operations.step_back_down(user=partner_b, couple=couple)
    operations.step_back_down(user=partner_b, couple=couple)
    couple.refresh_from_db()
    assert couple.depth == 1


def test_step_down_withdraws_readiness(bank, partner_a, partner_b, settings) -> None:
    couple = space_of(partner_a)
    for offset in range(settings.NEARER_DEEPER_AFTER):
        _answer_both(
            operations.daily_question(couple=couple, date=START + dt.timedelta(days=offset)),
            partner_a,
            partner_b,
        )
    operations.say_ready_for_deeper(user=partner_a, couple=couple)
    operations.step_back_down(user=partner_b, couple=couple)
    assert operations.say_ready_for_deeper(user=partner_b, couple=couple) is False


def test_lighter_swaps_for_both_without_penalty(bank, partner_a, partner_b) -> None:
    couple = space_of(partner_a)
    couple.depth = 3
    couple.save()
    daily = operations.daily_question(couple=couple, date=START)
    before = daily.question
    swapped = operations.ask_for_lighter(user=partner_b, daily=daily)
    assert swapped.question_id != before.pk
    assert swapped.question.depth < before.depth
    assert swapped.lighter
    assert operations.daily_question(couple=couple, date=START).question_id == swapped.question_id
    couple.refresh_from_db()
    assert couple.depth == 3  # no penalty


def test_lighter_refused_once_someone_answered_and_nothing_lost(bank, partner_a, partner_b) -> None:
    daily = operations.daily_question(couple=space_of(partner_a), date=START)
    operations.save_answer(user=partner_a, daily=daily, text="Already written ✍️")
    with pytest.raises(operations.QuestionError):
        operations.ask_for_lighter(user=partner_b, daily=daily)
    daily.refresh_from_db()
    assert Answer.objects.get(daily=daily).text == "Already written ✍️"


def test_lighter_view(client, bank, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    page = client.get(reverse("questions:today"))
    daily = page.context["daily"]
    response = client.post(reverse("questions:lighter", args=[daily.pk]), follow=True)
    assert response.status_code == 200
    daily.refresh_from_db()
    assert daily.lighter
    assert "something lighter" in response.content.decode().lower()


@pytest.mark.parametrize(
    ("moment", "zone_a", "zone_b", "day_a", "day_b"),
    [
        # Long distance: Auckland is already on the 2nd while Los Angeles is still on the 1st.
        (
            "2026-03-01T12:30:00+00:00",
            "Pacific/Auckland",
            "America/Los_Angeles",
            "2026-03-02",
            "2026-03-01",
        ),
        # One minute before and after midnight in Berlin.
        ("2026-03-01T22:59:00+00:00", "Europe/Berlin", "Europe/Berlin", "2026-03-01", "2026-03-01"),
        ("2026-03-01T23:01:00+00:00", "Europe/Berlin", "Europe/Berlin", "2026-03-02", "2026-03-02"),
    ],
)
def test_each_partner_gets_their_own_local_day(
    client, bank, moment, zone_a, zone_b, day_a, day_b
) -> None:
    a = make_user(time_zone=zone_a)
    b = make_user(time_zone=zone_b)
    make_couple(a, b)
    with time_machine.travel(dt.datetime.fromisoformat(moment), tick=False):
        client.force_login(a)
        seen_a = client.get(reverse("questions:today")).context["daily"]
        client.force_login(b)
        seen_b = client.get(reverse("questions:today")).context["daily"]
    assert seen_a.date.isoformat() == day_a
    assert seen_b.date.isoformat() == day_b
    if day_a == day_b:
        assert seen_a.pk == seen_b.pk


def test_answer_written_before_midnight_is_kept_after_it(client, bank) -> None:
    a = make_user(time_zone="Europe/Berlin")
    client.force_login(a)
    with time_machine.travel(dt.datetime.fromisoformat("2026-03-01T22:59:30+00:00"), tick=False):
        daily = client.get(reverse("questions:today")).context["daily"]
    with time_machine.travel(dt.datetime.fromisoformat("2026-03-01T23:00:30+00:00"), tick=False):
        response = client.post(
            reverse("questions:answer", args=[daily.pk]), {"text": "Written at 23:59"}, follow=True
        )
    assert response.status_code == 200
    assert Answer.objects.get(daily=daily, author=a).text == "Written at 23:59"


def _offer_on_today(client, user) -> str:
    client.force_login(user)
    body = client.get(reverse("questions:today")).content.decode()
    if "I’m ready for deeper questions" in body:
        return "offered"
    if "You’ve said you’re ready for deeper questions" in body:
        return "ready"
    return ""


def test_today_offers_deeper_questions_and_remembers_who_is_ready(
    client, bank, partner_a, partner_b, settings
) -> None:
    couple = space_of(partner_a)
    for offset in range(1, settings.NEARER_DEEPER_AFTER):
        day = operations.daily_question(couple=couple, date=START - dt.timedelta(days=offset))
        _answer_both(day, partner_a, partner_b)
    assert _offer_on_today(client, partner_a) == ""
    _answer_both(operations.daily_question(couple=couple, date=START), partner_a, partner_b)
    assert _offer_on_today(client, partner_a) == "offered"
    operations.say_ready_for_deeper(user=partner_a, couple=couple)
    assert _offer_on_today(client, partner_a) == "ready"
    assert _offer_on_today(client, partner_b) == "offered"


def test_on_ones_own_answering_alone_counts(client, bank, solo, settings) -> None:
    couple = space_of(solo)
    for offset in range(settings.NEARER_DEEPER_AFTER):
        day = operations.daily_question(couple=couple, date=START - dt.timedelta(days=offset))
        assert _offer_on_today(client, solo) == ""
        operations.save_answer(user=solo, daily=day, text="mine")
    assert _offer_on_today(client, solo) == "offered"


@pytest.mark.parametrize("pair", [True, False])
def test_the_count_read_with_a_day_is_the_count(bank, partner_a, partner_b, pair) -> None:
    couple = space_of(partner_a)
    for offset in range(4):
        day = operations.daily_question(couple=couple, date=START + dt.timedelta(days=offset))
        operations.save_answer(user=partner_a, daily=day, text="mine")
        if offset % 2:
            operations.save_answer(user=partner_b, daily=day, text="yours")
    days = DailyQuestion.objects.filter(couple=couple).with_shared_at_depth(couple, pair=pair)
    expected = 2 if pair else 4
    assert operations.shared_at_current_depth(couple, pair=pair) == expected
    assert {day.shared_at_depth for day in days} == {expected}  # type: ignore[attr-defined]  # an annotation
    assert operations.shared_at_current_depth(couple) == 2  # two of them: opened together

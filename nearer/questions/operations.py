"""The daily question: choosing it, answering, revealing, responding, and depth."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nearer.couples.models import Couple, Membership

from .content import QuestionData
from .models import Answer, DailyQuestion, DailyQuestionQuerySet, Question, Response

if TYPE_CHECKING:
    from nearer.accounts.models import User


class QuestionError(Exception):
    """Something the person asked for that cannot be done; the message is for them."""


# --- Content ---------------------------------------------------------------------------------


def load_questions(*, questions: list[QuestionData]) -> dict[str, int]:
    """Make the bank match the files. Idempotent; retired questions keep their past answers."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "retired": 0, "restored": 0}
    now = timezone.now()
    with transaction.atomic():
        existing = {q.key: q for q in Question.objects.all()}
        for data in questions:
            fields = {
                "text": data.text,
                "framing": data.framing,
                "foundation": data.foundations[0],
                "foundations": list(data.foundations),
                "depth": data.depth,
                "kind": data.kind,
                "reask": data.reask,
            }
            question = existing.pop(data.key, None)
            if question is None:
                Question.objects.create(key=data.key, **fields)
                counts["created"] += 1
                continue
            changed = [name for name, value in fields.items() if getattr(question, name) != value]
            if question.retired_at is not None:
                question.retired_at = None
                changed.append("retired_at")
                counts["restored"] += 1
            if changed:
                for name in changed:
                    if name != "retired_at":
                        setattr(question, name, fields[name])
                question.save(update_fields=changed)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        gone = [q.pk for q in existing.values() if q.retired_at is None]
        counts["retired"] = Question.objects.filter(pk__in=gone).update(retired_at=now)
    return counts


# --- Choosing the daily question -------------------------------------------------------------


def _member_ids(couple: Couple) -> list[int]:
    return list(Membership.objects.active().filter(couple=couple).values_list("user_id", flat=True))


def choose_question(
    *, couple: Couple, date: dt.date, depth: int, exclude: set[int] | None = None
) -> Question:
    """Pick a question for the couple on `date`.

    Rules: nothing either member was asked in the last 180 days; the foundation asked least
    recently comes first (balance over time); the couple's depth, or the nearest depth that
    still has fresh questions. Deterministic for a couple and date, so a retry picks the same.
    """
    rng = random.Random(f"{couple.pk}:{date.isoformat()}:{depth}")  # noqa: S311
    members = _member_ids(couple)
    window_start = date - dt.timedelta(days=settings.NEARER_REPEAT_WINDOW_DAYS)
    recent = DailyQuestion.objects.filter(
        couple__memberships__user__in=members, date__gt=window_start, date__lte=date
    )
    asked = set(recent.values_list("question_id", flat=True)) | (exclude or set())
    usage = Counter(
        dict(
            DailyQuestion.objects.filter(couple=couple, date__gt=date - dt.timedelta(days=56))
            .values_list("question__foundation")
            .annotate(n=Count("id"))
            .values_list("question__foundation", "n")
        )
    )
    fresh = Question.objects.active().exclude(pk__in=asked)
    for level in sorted(range(1, 5), key=lambda d: (abs(d - depth), d > depth)):
        pool = list(fresh.filter(depth=level).values_list("pk", "foundation"))
        if not pool:
            continue
        by_foundation: dict[str, list[int]] = {}
        for pk, foundation in pool:
            by_foundation.setdefault(foundation, []).append(pk)
        order = sorted(by_foundation, key=lambda k: (usage[k], rng.random()))
        return Question.objects.get(pk=rng.choice(sorted(by_foundation[order[0]])))
    # Every question was asked within the window: take the one asked longest ago.
    last_asked = dict(
        recent.values("question_id").annotate(last=Max("date")).values_list("question_id", "last")
    )
    candidates = list(
        Question.objects.active().exclude(pk__in=exclude or set()).values_list("pk", "depth")
    )
    if not candidates:
        raise QuestionError(_("The question bank is empty. Run `nearer loadcontent`."))
    pk, _depth = min(
        candidates, key=lambda c: (last_asked.get(c[0], dt.date.min), abs(c[1] - depth))
    )
    return Question.objects.get(pk=pk)


def daily_question(
    *, couple: Couple, date: dt.date, queryset: DailyQuestionQuerySet | None = None
) -> DailyQuestion:
    """The couple's question for `date`, chosen once and then kept.

    `queryset` (e.g. with annotations a page needs) is what the day is read from; a day chosen
    just now is read back from it once it is saved.
    """
    days = (DailyQuestion.objects.all() if queryset is None else queryset).select_related(
        "question"
    )
    daily = days.filter(couple=couple, date=date).first()
    if daily is not None:
        return daily
    question = choose_question(couple=couple, date=date, depth=couple.depth)
    try:
        with transaction.atomic():
            daily = DailyQuestion.objects.create(couple=couple, date=date, question=question)
    except IntegrityError:  # the partner's request created it a moment ago
        pass
    else:
        if queryset is None:
            return daily
    return days.get(couple=couple, date=date)


def ask_for_lighter(*, user: User, daily: DailyQuestion) -> DailyQuestion:
    """Swap today's question for a lighter one, for both partners, at no cost."""
    with transaction.atomic():
        daily = (
            DailyQuestion.objects.select_for_update().select_related("question").get(pk=daily.pk)
        )
        if daily.answers.exists():
            raise QuestionError(
                _(
                    "This question already has an answer in it, so it stays. It’s fine to let it rest today."
                )
            )
        target = max(1, daily.question.depth - 1)
        question = choose_question(
            couple=daily.couple, date=daily.date, depth=target, exclude={daily.question_id}
        )
        if question.depth > daily.question.depth:
            raise QuestionError(_("There isn’t a lighter question left today. This one can wait."))
        daily.question = question
        daily.lighter = True
        daily.save(update_fields=["question", "lighter"])
    return daily


# --- Answers, reveal, responses ------------------------------------------------------------


def save_answer(*, user: User, daily: DailyQuestion, text: str) -> Answer:
    """Write or edit the person's answer; reveal both when the second one lands."""
    with transaction.atomic():
        daily = DailyQuestion.objects.select_for_update().get(pk=daily.pk)
        answer = Answer.objects.filter(daily=daily, author=user).first()
        if answer is not None and daily.is_revealed:
            raise QuestionError(
                _("Your answer has been opened together, so it can’t be changed now.")
            )
        if answer is None:
            answer = Answer(daily=daily, author=user)
        answer.author = user
        answer.text = text
        answer.updated_at = timezone.now()
        answer.save()
        members = _member_ids(daily.couple)
        answered = set(daily.answers.values_list("author_id", flat=True))
        if len(members) == 2 and set(members) <= answered and not daily.is_revealed:
            daily.revealed_at = timezone.now()
            daily.save(update_fields=["revealed_at"])
    return answer


def share_early(*, user: User, daily: DailyQuestion) -> Answer:
    """The author lets their partner read their answer before the partner has answered."""
    answer = Answer.objects.filter(daily=daily, author=user).first()
    if answer is None:
        raise QuestionError(_("Write your answer first; then you can share it."))
    if answer.shared_at is None and not daily.is_revealed:
        answer.shared_at = timezone.now()
        answer.save(update_fields=["shared_at"])
    return answer


def respond(*, user: User, answer: Answer, parts: dict[str, str] | str, nonce: str) -> Response:
    """Reply to the partner's opened answer through the listening step (`parts`, as
    `ListeningForm.parts`). A form sent twice (the same `nonce`) makes one reply."""
    if not answer.daily.is_revealed:
        raise QuestionError(_("You can respond once both answers are open."))
    if answer.author_id == user.pk:
        raise QuestionError(_("This is your own answer: a reply is for your partner’s."))
    existing = Response.objects.filter(author=user, nonce=nonce).first()
    if existing is not None:
        return existing
    response = Response(answer=answer, author=user, nonce=nonce)
    response.parts = parts
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        return Response.objects.get(author=user, nonce=nonce)
    return response


def mark_talked(*, user: User, daily: DailyQuestion) -> None:
    if not daily.is_revealed:
        raise QuestionError(_("This becomes available once both answers are open."))
    DailyQuestion.objects.filter(pk=daily.pk, talked_at__isnull=True).update(
        talked_at=timezone.now()
    )


# --- Depth ------------------------------------------------------------------------------------


def shared_at_current_depth(couple: Couple, *, pair: bool | None = None) -> int:
    """How many questions at the couple's depth were answered by everyone in the space.

    `pair`: whether the space has two people (looked up when not given)."""
    if pair is None:
        pair = len(_member_ids(couple)) == 2
    days = DailyQuestion.objects.shared_at_depth(couple, pair=pair)
    return int(days.aggregate(n=Count("pk", distinct=True))["n"])


def deeper_is_offered(
    couple: Couple, *, shared: int | None = None, pair: bool | None = None
) -> bool:
    """Whether going deeper is on offer. `shared`: `shared_at_current_depth`, if already read
    (see `DailyQuestion.objects.with_shared_at_depth`); `pair` as there."""
    if couple.depth >= 4:
        return False
    if shared is None:
        shared = shared_at_current_depth(couple, pair=pair)
    return shared >= settings.NEARER_DEEPER_AFTER


def say_ready_for_deeper(*, user: User, couple: Couple) -> bool:
    """Record that `user` is ready; go one level deeper when everyone is. Returns True if so."""
    with transaction.atomic():
        couple = Couple.objects.select_for_update().get(pk=couple.pk)
        if not deeper_is_offered(couple):
            raise QuestionError(_("Deeper questions open up after a few more shared answers."))
        Membership.objects.active().filter(couple=couple, user=user).update(ready_for_deeper=True)
        members = Membership.objects.active().filter(couple=couple)
        if members.filter(ready_for_deeper=False).exists():
            return False
        couple.depth += 1
        couple.depth_changed_at = timezone.now()
        couple.save(update_fields=["depth", "depth_changed_at"])
        members.update(ready_for_deeper=False)
    return True


def step_back_down(*, user: User, couple: Couple) -> None:
    """Either partner can make questions lighter again at any time, alone."""
    with transaction.atomic():
        couple = Couple.objects.select_for_update().get(pk=couple.pk)
        Membership.objects.active().filter(couple=couple).update(ready_for_deeper=False)
        if couple.depth > 1:
            couple.depth -= 1
            couple.depth_changed_at = timezone.now()
            couple.save(update_fields=["depth", "depth_changed_at"])

"""The daily question: choosing it, answering, revealing, responding, and depth."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nearer.couples.models import Couple, Membership
from nearer.listening.operations import save_once

from .content import QuestionData
from .models import Answer, DailyQuestion, DailyQuestionQuerySet, Guess, Question, Response

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


# Questions that come back (practice 3, docs/decisions/0023). A question marked `reask` may
# return once both partners answered it, no sooner than REASK_AFTER_DAYS after that day (and
# not asked again since). It comes back only on a "re-ask day": about one day in
# 1 / REASK_SHARE, drawn per couple and date like the rest of the choice, and only when one
# is eligible, so new questions keep most days. Every other question never repeats for the
# couple while the bank has fresh ones.
REASK_AFTER_DAYS = 120
REASK_SHARE = 1 / 7
# "How well do you know me": about one day in 1 / GUESS_SHARE, per couple and date, a person
# with a partner may guess their partner's answer before the two open.
GUESS_SHARE = 1 / 4


def is_reask_day(couple_id: int, date: dt.date) -> bool:
    """Whether a question may come back to the couple on `date` (when one is eligible)."""
    return random.Random(f"reask:{couple_id}:{date.isoformat()}").random() < REASK_SHARE  # noqa: S311


def is_guess_day(couple_id: int, date: dt.date) -> bool:
    """Whether the couple's question on `date` invites a guess at the partner's answer."""
    return random.Random(f"guess:{couple_id}:{date.isoformat()}").random() < GUESS_SHARE  # noqa: S311


def _last_asked(members: list[int], date: dt.date) -> dict[int, dt.date]:
    """When each question was last asked to either member, in any space, up to `date`."""
    days = DailyQuestion.objects.filter(couple__memberships__user__in=members, date__lte=date)
    return dict(
        days.values("question_id").annotate(last=Max("date")).values_list("question_id", "last")
    )


def may_come_back(
    *,
    couple: Couple,
    date: dt.date,
    members: list[int] | None = None,
    last_asked: dict[int, dt.date] | None = None,
) -> dict[int, dt.date]:
    """The re-askable questions that may return to the couple on `date`, each with the last
    day both partners answered it: both answered it in this space (one answer is not both),
    and nobody was asked it in the REASK_AFTER_DAYS before `date`. Retired ones stay away."""
    members = _member_ids(couple) if members is None else members
    if len(members) != 2:
        return {}
    last_asked = _last_asked(members, date) if last_asked is None else last_asked
    rows = Answer.objects.filter(
        daily__couple=couple,
        daily__date__lt=date,
        daily__question__reask=True,
        daily__question__retired_at__isnull=True,
        author_id__in=members,
    ).values_list("daily__question_id", "daily__date", "author_id")
    authors: dict[tuple[int, dt.date], set[int]] = defaultdict(set)
    for question_id, day, author_id in rows:
        authors[question_id, day].add(author_id)
    both: dict[int, dt.date] = {}
    for (question_id, day), who in authors.items():
        if who >= set(members):
            both[question_id] = max(day, both.get(question_id, day))
    cutoff = date - dt.timedelta(days=REASK_AFTER_DAYS)
    return {
        question_id: day
        for question_id, day in both.items()
        if last_asked.get(question_id, day) <= cutoff
    }


def _come_back(back: dict[int, dt.date], depth: int) -> Question | None:
    """Of the questions that may come back, the one at the nearest depth not above `depth`,
    answered longest ago."""
    depths = dict(Question.objects.filter(pk__in=back, depth__lte=depth).values_list("pk", "depth"))
    if not depths:
        return None
    pk = min(depths, key=lambda q: (depth - depths[q], back[q], q))
    return Question.objects.get(pk=pk)


def choose_question(
    *, couple: Couple, date: dt.date, depth: int, exclude: set[int] | None = None
) -> Question:
    """Pick a question for the couple on `date`.

    Rules: on a re-ask day, a question that may come back (`may_come_back`) if there is one;
    otherwise nothing either member was ever asked; the foundation asked least recently comes
    first (balance over time); the couple's depth, or the nearest depth that still has fresh
    questions. Deterministic for a couple and date, so a retry picks the same.
    """
    rng = random.Random(f"{couple.pk}:{date.isoformat()}:{depth}")  # noqa: S311
    members = _member_ids(couple)
    exclude = exclude or set()
    last_asked = _last_asked(members, date)
    back = {
        pk: day
        for pk, day in may_come_back(
            couple=couple, date=date, members=members, last_asked=last_asked
        ).items()
        if pk not in exclude
    }
    if back and is_reask_day(couple.pk, date) and (returning := _come_back(back, depth)):
        return returning
    asked = set(last_asked) | exclude
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
    # Every question was asked: one that may come back, else the one asked longest ago.
    if back and (returning := _come_back(back, depth)):
        return returning
    candidates = list(Question.objects.active().exclude(pk__in=exclude).values_list("pk", "depth"))
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


def save_answer(*, user: User, daily: DailyQuestion, text: str, guess: str = "") -> Answer:
    """Write or edit the person's answer; reveal both when the second one lands.

    `guess`: their guess at the partner's answer, on a guess day (`save_guess`), kept with
    the answer before the two open: the second to answer guesses in the same step."""
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
        if guess:
            _save_guess(user=user, daily=daily, answer=answer, text=guess)
        members = _member_ids(daily.couple)
        answered = set(daily.answers.values_list("author_id", flat=True))
        if len(members) == 2 and set(members) <= answered and not daily.is_revealed:
            daily.revealed_at = timezone.now()
            daily.save(update_fields=["revealed_at"])
    return answer


def guess_offered(daily: DailyQuestion, *, pair: bool) -> bool:
    """Whether a guess at the partner's answer is invited on this day: a guess day, for
    someone with a partner, until the two answers open."""
    return pair and not daily.is_revealed and is_guess_day(daily.couple_id, daily.date)


def save_guess(*, user: User, daily: DailyQuestion, text: str) -> Guess:
    """Write or change the person's guess at their partner's answer, kept with their own
    answer: one a person a day (a second submission changes it), until the two open."""
    with transaction.atomic():
        daily = DailyQuestion.objects.select_for_update().get(pk=daily.pk)
        answer = Answer.objects.filter(daily=daily, author=user).first()
        if answer is None and not daily.is_revealed:
            raise QuestionError(_("Write your own answer first; then you can guess."))
        return _save_guess(user=user, daily=daily, answer=answer, text=text)


def _save_guess(*, user: User, daily: DailyQuestion, answer: Answer | None, text: str) -> Guess:
    """`save_guess` with the day locked and the person's answer read."""
    if daily.is_revealed or answer is None:
        raise QuestionError(_("Both answers are open now, so there’s nothing left to guess."))
    members = _member_ids(daily.couple)
    if not guess_offered(daily, pair=len(members) == 2) or user.pk not in members:
        raise QuestionError(_("There’s no guessing on this question. Maybe another day."))
    shared = Answer.objects.filter(daily=daily, shared_at__isnull=False).exclude(author=user)
    if shared.exists():
        raise QuestionError(
            _("Your partner already let you read their answer, so no guess is needed.")
        )
    guess = Guess.objects.filter(answer=answer).first() or Guess(answer=answer, author=user)
    guess.text = text
    guess.updated_at = timezone.now()
    guess.save()
    return guess


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
    response = Response(answer=answer, author=user, nonce=nonce)
    response.parts = parts
    return save_once(response)


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

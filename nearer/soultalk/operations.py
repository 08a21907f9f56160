from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nearer.couples.space import partner_of, space_of
from nearer.questions.models import Question

from .models import Keepsake, Talk, TalkCard, TimeTogether

if TYPE_CHECKING:
    from nearer.accounts.models import User

DECK_SIZE = 4
MIN_CARDS, MAX_CARDS = 3, 5


class TalkError(Exception):
    pass


def start_talk(*, user: User, minutes: int, cards: int = DECK_SIZE, nonce: str = "") -> Talk:
    """Deal a deck at the couple's depth: one card per foundation, least recently dealt first."""
    if nonce and (done := Talk.objects.filter(started_by=user, nonce=nonce).first()):
        return done
    if not 5 <= minutes <= 60:
        raise TalkError(_("Choose between 5 and 60 minutes."))
    cards = max(MIN_CARDS, min(MAX_CARDS, cards))
    couple = space_of(user)
    partner = partner_of(user, couple)
    recent = set(
        TalkCard.objects.filter(talk__couple=couple)
        .order_by("-talk__started_at")
        .values_list("question_id", flat=True)[:120]
    )
    pool = list(
        Question.objects.active()
        .filter(depth=couple.depth)
        .exclude(pk__in=recent)
        .values_list("pk", "foundation")
    )
    if len(pool) < cards:
        pool = list(
            Question.objects.active().filter(depth=couple.depth).values_list("pk", "foundation")
        )
    rng = random.Random()  # noqa: S311
    rng.shuffle(pool)
    chosen: list[int] = []
    used: set[str] = set()
    for pk, foundation in pool:
        if foundation not in used:
            chosen.append(pk)
            used.add(foundation)
        if len(chosen) == cards:
            break
    if len(chosen) < MIN_CARDS:
        raise TalkError(_("There are not enough questions loaded yet. Run `nearer loadcontent`."))
    askers = [user, partner] if rng.random() < 0.5 or partner is None else [partner, user]
    try:
        with transaction.atomic():
            talk = Talk.objects.create(
                couple=couple,
                started_by=user,
                first_asker=askers[0],
                second_asker=askers[1],
                minutes=minutes,
                nonce=nonce,
            )
            TalkCard.objects.bulk_create(
                TalkCard(talk=talk, question_id=pk, position=i)
                for i, pk in enumerate(chosen, start=1)
            )
    except IntegrityError:  # the same form, submitted twice at once
        return Talk.objects.get(started_by=user, nonce=nonce)
    return talk


def finish_talk(*, talk: Talk) -> None:
    Talk.objects.filter(pk=talk.pk, finished_at__isnull=True).update(finished_at=timezone.now())


def keep_line(*, user: User, talk: Talk, text: str, shared: bool) -> Keepsake:
    with transaction.atomic():
        keepsake = Keepsake.objects.select_for_update().filter(talk=talk, author=user).first()
        if keepsake is None:
            keepsake = Keepsake(talk=talk, author=user)
        keepsake.author = user
        keepsake.text = text
        keepsake.shared = shared
        keepsake.save()
    return keepsake


def start_time_together(*, user: User, minutes: int, nonce: str = "") -> TimeTogether:
    if nonce and (done := TimeTogether.objects.filter(started_by=user, nonce=nonce).first()):
        return done
    if not 5 <= minutes <= 120:
        raise TalkError(_("Choose between 5 and 120 minutes."))
    try:
        with transaction.atomic():
            return TimeTogether.objects.create(
                couple=space_of(user), started_by=user, minutes=minutes, nonce=nonce
            )
    except IntegrityError:
        return TimeTogether.objects.get(started_by=user, nonce=nonce)


def end_time_together(*, time: TimeTogether) -> None:
    now = timezone.now()
    TimeTogether.objects.filter(pk=time.pk, ended_at__isnull=True).update(
        ended_at=min(now, time.ends_at)
    )


def time_spent_since(*, user: User, since: dt.datetime) -> tuple[int, dt.timedelta]:
    """How many times, and how long, the person's space has spent phones-away since `since`."""
    times = list(TimeTogether.objects.for_user(user).filter(started_at__gte=since))
    return len(times), sum((t.spent for t in times), dt.timedelta(0))

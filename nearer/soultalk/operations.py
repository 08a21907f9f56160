from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nearer.couples.space import partner_of, space_of
from nearer.questions.models import Question

from .models import Keepsake, Talk, TalkCard, TimeTogether

if TYPE_CHECKING:
    from nearer.accounts.models import User

DECK_SIZE = 4
MIN_CARDS, MAX_CARDS = 3, 5
# A card the couple met (dealt, skipped or swapped out) stays out of new decks this long, while
# the bank has others: docs/decisions/0022.
NO_REPEAT_DAYS = 60
NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


class TalkError(Exception):
    pass


def met_lately(couple_id: int, *, now: dt.datetime | None = None) -> dict[int, dt.datetime]:
    """The questions the couple met in their soul talks in the last `NO_REPEAT_DAYS` days, each
    with when it was last met: dealt, skipped or swapped out alike.

    One query, one range of the talks' (couple, started_at) index: it reads the last 60 days,
    never the whole history. Questions met before then count as fresh again.
    """
    since = (now or timezone.now()) - dt.timedelta(days=NO_REPEAT_DAYS)
    rows = (
        TalkCard.objects.filter(talk__couple_id=couple_id, talk__started_at__gte=since)
        .order_by()
        .values("question_id")
        .annotate(last=Max("talk__started_at"))
        .values_list("question_id", "last")
    )
    return dict(rows)


def _deal(pool: list[tuple[int, str]], met: dict[int, dt.datetime], cards: int) -> list[int]:
    """Up to `cards` questions from `pool` (already shuffled): fresh ones first, one per
    foundation, then any other fresh ones; only when the fresh run out, the least recently met.
    """
    fresh = [(pk, foundation) for pk, foundation in pool if pk not in met]
    stale = sorted((q for q in pool if q[0] in met), key=lambda q: met[q[0]])
    chosen: list[int] = []
    used: set[str] = set()
    for pk, foundation in fresh:
        if len(chosen) == cards:
            return chosen
        if foundation not in used:
            chosen.append(pk)
            used.add(foundation)
    for pk, _foundation in [*fresh, *stale]:
        if len(chosen) == cards:
            break
        if pk not in chosen:
            chosen.append(pk)
    return chosen


def start_talk(*, user: User, minutes: int, cards: int = DECK_SIZE, nonce: str = "") -> Talk:
    """Deal a deck at the couple's depth: one card per foundation, none the couple met in the
    last 60 days while the bank has others (docs/decisions/0022)."""
    if nonce and (done := Talk.objects.filter(started_by=user, nonce=nonce).first()):
        return done
    if not 5 <= minutes <= 60:
        raise TalkError(_("Choose between 5 and 60 minutes."))
    cards = max(MIN_CARDS, min(MAX_CARDS, cards))
    couple = space_of(user)
    partner = partner_of(user, couple)
    met = met_lately(couple.pk)
    pool = list(
        Question.objects.active().filter(depth=couple.depth).values_list("pk", "foundation")
    )
    rng = random.Random()  # noqa: S311
    rng.shuffle(pool)
    chosen = _deal(pool, met, cards)
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


def skip_card(*, talk: Talk, card: TalkCard) -> None:
    """Set a card aside for today. A repeated tap (or an old page) skips nothing more: only a
    card still dealt and in the deck changes, and only that one."""
    if talk.finished_at is None:
        TalkCard.objects.filter(pk=card.pk, talk=talk, status=TalkCard.Status.DEALT).update(
            status=TalkCard.Status.SKIPPED
        )


def swap_for_lighter(*, talk: Talk, card: TalkCard) -> TalkCard | None:
    """Put a lighter card in this card's place; the card it replaces stays, marked swapped.

    Lighter means a lower depth when the bank has one, else the lightest it has; never a
    question already in this talk, and one the couple has not met in the last 60 days while
    the bank allows (docs/decisions/0022). Returns the new card, or None when nothing changed
    (a repeated tap, an old page, a finished talk); raises TalkError when no question is left
    to offer.
    """
    with transaction.atomic():
        current = (
            TalkCard.objects.select_for_update()
            .select_related("question", "talk")
            .filter(pk=card.pk, talk=talk, status=TalkCard.Status.DEALT)
            .first()
        )
        if current is None or current.talk.finished_at is not None:
            return None
        taken = list(
            TalkCard.objects.filter(talk=talk).values_list("question_id", "question__foundation")
        )
        in_talk = {pk for pk, _foundation in taken}
        foundations = {foundation for _pk, foundation in taken}
        candidates = list(
            Question.objects.active()
            .exclude(pk__in=in_talk)
            .values_list("pk", "depth", "foundation")
        )
        if not candidates:
            raise TalkError(
                _("There’s nothing lighter left in the deck just now. Skipping it is fine too.")
            )
        met = met_lately(talk.couple_id)
        depth = current.question.depth
        rng = random.Random()  # noqa: S311
        rng.shuffle(candidates)

        def rank(q: tuple[int, int, str]) -> tuple[bool, int, dt.datetime, int, bool]:
            pk, q_depth, foundation = q
            lighter = q_depth < depth
            return (
                not lighter,  # lighter than this card first
                0 if lighter else q_depth,  # if none is, the lightest there is
                met.get(pk, NEVER),  # fresh first, then the least recently met
                depth - q_depth if lighter else 0,  # one step lighter before two
                foundation in foundations,  # a foundation not yet on the table
            )

        pk, _depth, _foundation = min(candidates, key=rank)
        TalkCard.objects.filter(pk=current.pk).update(status=TalkCard.Status.SWAPPED)
        return TalkCard.objects.create(talk=talk, question_id=pk, position=current.position)


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

"""The question bank, the daily question, and the answers sealed until both have answered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from nearer.accounts.sealing import SealedText, Writing
from nearer.couples.models import Couple, Sides, SpaceQuerySet, in_space_of
from nearer.lib.foundations import DEPTHS, FOUNDATIONS
from nearer.listening.models import Listening

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User


class QuestionQuerySet(models.QuerySet["Question"]):
    def active(self) -> QuestionQuerySet:
        return self.filter(retired_at__isnull=True)


class Question(models.Model):
    """One question of the bank, loaded from content/ by `nearer loadcontent`."""

    key = models.CharField(max_length=32, unique=True)
    text = models.TextField()
    framing = models.TextField(blank=True)
    foundation = models.CharField(max_length=20, choices=list(FOUNDATIONS.items()))
    foundations = models.JSONField(default=list)
    depth = models.PositiveSmallIntegerField(choices=list(DEPTHS.items()))
    kind = models.CharField(max_length=20)
    reask = models.BooleanField(default=False)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["depth", "foundation"])]

    def __str__(self) -> str:
        return self.key


class DailyQuestionQuerySet(SpaceQuerySet["DailyQuestion"]):
    def for_user(self, user: User | AnonymousUser) -> DailyQuestionQuerySet:
        """Daily questions of the person's current space."""
        return self.in_space_of(user)

    def answerable_by(self, user: User | AnonymousUser) -> DailyQuestionQuerySet:
        """Questions of any space the person belongs or belonged to: an answer written just as
        a partner unlinked is still saved (privately) rather than lost."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(couple__memberships__user=user)

    def history_for(self, user: User | AnonymousUser) -> DailyQuestionQuerySet:
        """The current space's questions, plus any earlier one the person answered.

        A union of the two sets of ids, not an OR: PostgreSQL can use no index for an OR of two
        subqueries and would read every couple's days on every request (docs/decisions/0018).
        """
        if not user.is_authenticated:
            return self.none()
        answered = Answer.objects.filter(author=user).values("daily_id")
        current = DailyQuestion.objects.filter(in_space_of(user)).values("pk")
        return self.filter(pk__in=answered.union(current))

    def with_answers_for(self, user: User) -> DailyQuestionQuerySet:
        """Each day with `visible_answers`: the answers the person may read (with their
        authors), in one more query for the lot."""
        visible = Answer.objects.visible_to(user).select_related("author")
        return self.prefetch_related(
            Prefetch("answers", queryset=visible, to_attr="visible_answers")
        )

    def with_partner_answered(self, partner: User | None) -> DailyQuestionQuerySet:
        """Each day with `partner_answered`: whether `partner` has written an answer to it, read
        in the same query. Only whether: the answer itself stays where `Answer.visible_to`
        keeps it."""
        if partner is None:
            return self.annotate(partner_answered=Value(False))
        written = Answer.objects.filter(daily=OuterRef("pk"), author=partner)
        return self.annotate(partner_answered=Exists(written))

    def shared_at_depth(self, couple: Couple, *, pair: bool) -> DailyQuestionQuerySet:
        """The couple's questions at its current depth (since it last changed) that everyone in
        the space answered: opened together for a pair, answered for someone on their own.
        Count them by id, distinct: for one person, a day is joined to its answers."""
        days = self.filter(
            couple=couple, question__depth=couple.depth, created_at__gte=couple.depth_changed_at
        )
        if pair:
            return days.filter(revealed_at__isnull=False)
        return days.filter(answers__isnull=False)

    def with_shared_at_depth(self, couple: Couple, *, pair: bool) -> DailyQuestionQuerySet:
        """Each day with `shared_at_depth`, the number of `shared_at_depth(couple)` days, read
        in the same query (for the day Today shows)."""
        counted = (
            DailyQuestion.objects.shared_at_depth(couple, pair=pair)
            .order_by()
            .values("couple")
            .annotate(n=Count("pk", distinct=True))
            .values("n")
        )
        return self.annotate(shared_at_depth=Coalesce(Subquery(counted), 0))


class DailyQuestion(models.Model):
    """The one question a couple shares on a calendar date."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="daily_questions")
    date = models.DateField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    lighter = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)
    talked_at = models.DateTimeField(null=True, blank=True)

    objects = DailyQuestionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "date"], name="one_question_per_couple_day")
        ]
        indexes = [
            models.Index(fields=["couple", "-date"]),
            # The couple's earlier days with a question: what comes back, and its last time.
            models.Index(fields=["couple", "question", "-date"], name="daily_question_before"),
        ]

    def __str__(self) -> str:
        return f"{self.couple_id} {self.date}"

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None


class AnswerQuerySet(models.QuerySet["Answer"]):
    def visible_to(self, user: User | AnonymousUser) -> AnswerQuerySet:
        """Own answers; the partner's once revealed (or shared early) in the current shared space.

        Narrow it to a day or a page of days (`daily=`, `daily__in=`): the rule is then checked
        on the few rows the daily_id index finds. On its own it reads every answer; to list
        answers across a person's history, start from `DailyQuestion.objects.history_for`.
        """
        if not user.is_authenticated:
            return self.none()
        opened = Q(daily__revealed_at__isnull=False) | Q(shared_at__isnull=False)
        return self.filter(Q(author=user) | (opened & in_space_of(user, "daily__")))

    def others_visible_to(self, user: User | AnonymousUser) -> AnswerQuerySet:
        """The answers of others the person may read (their partner's); narrow it as
        `visible_to`."""
        if not user.is_authenticated:
            return self.none()
        return self.visible_to(user).exclude(author=user)

    def for_day_page(self, user: User | AnonymousUser, daily: DailyQuestion) -> AnswerQuerySet:
        """What a day's page shows, in one query: the day's answers and, when the couple was
        asked the same question before, the answers of the last earlier day with it (each by
        `visible_to`: one's own, the partner's only if it was opened in the current space).
        Each comes with its day, its author and its guess, joined in the same query, and
        `guess_open`: whether the person may read that guess (the rule of `Guess.visible_to`
        on rows already narrowed to the space); read it through `Answer.open_guess`. Split
        the rows by `daily_id` (docs/decisions/0023)."""
        if not user.is_authenticated:
            return self.none()
        earlier = (
            DailyQuestion.objects.filter(
                couple_id=daily.couple_id, question_id=daily.question_id, date__lt=daily.date
            )
            .order_by("-date")
            .values("pk")[:1]
        )
        return (
            self.visible_to(user)
            .filter(Q(daily=daily) | Q(daily_id=Subquery(earlier)))
            .annotate(
                guess_open=ExpressionWrapper(
                    Q(author=user) | Q(daily__revealed_at__isnull=False),
                    output_field=models.BooleanField(),
                )
            )
            .select_related("author", "daily", "guess__author")
        )

    def sides(self, user: User | AnonymousUser) -> Sides[Answer]:
        """The person's answer and the other one they may read, among these (a day's:
        `filter(daily=...)` first), with their authors."""
        return Sides.of(self.visible_to(user).select_related("author"), user)


class Answer(Writing):
    text = SealedText("body")
    daily = models.ForeignKey(DailyQuestion, on_delete=models.CASCADE, related_name="answers")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Set when the author chose to let their partner read it before the partner has answered.
    shared_at = models.DateTimeField(null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["daily", "author"], name="one_answer_per_person_day")
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"

    @property
    def open_guess(self) -> Guess | None:
        """The guess kept with this answer, if the person the rows were read for may read it
        (`AnswerQuerySet.for_day_page`); None otherwise, or when there is none."""
        if not getattr(self, "guess_open", False):
            return None
        return getattr(self, "guess", None)


class GuessQuerySet(models.QuerySet["Guess"]):
    def visible_to(self, user: User | AnonymousUser) -> GuessQuerySet:
        """One's own guesses; the partner's only once the day is revealed in the current
        shared space (never when an answer was only shared early)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Guess.open_to(user))


class Guess(Writing):
    """ "How well do you know me": a person's guess at their partner's answer to the same
    day's question, kept with their own answer (one a person a day), sealed like it, and
    shown to the partner only after the reveal, beside the real answer. Never scored."""

    text = SealedText("body")
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="guess")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = GuessQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Guess {self.pk}"

    @staticmethod
    def open_to(user: User, prefix: str = "") -> Q:
        """Q for the guesses (reached through `prefix`) `user` may read: the rule of
        `GuessQuerySet.visible_to`, also used to join them to the answers of a page."""
        revealed = Q(**{f"{prefix}answer__daily__revealed_at__isnull": False})
        return Q(**{f"{prefix}author": user}) | (
            revealed & in_space_of(user, f"{prefix}answer__daily__")
        )


class ResponseQuerySet(models.QuerySet["Response"]):
    def visible_to(self, user: User | AnonymousUser) -> ResponseQuerySet:
        """Responses are written to be read by the partner: both members of the space see them.

        Narrow it to a day (`answer__daily=`), as `Answer.objects.visible_to`.
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(author=user)
            | (Q(answer__daily__revealed_at__isnull=False) & in_space_of(user, "answer__daily__"))
        )

    def to_answers_of(self, user: User | AnonymousUser) -> ResponseQuerySet:
        """Replies to the person's own opened answers in their current space: the ones they
        may say whether they felt heard by. Narrow it to a day, as `visible_to`."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(answer__author=user, answer__daily__revealed_at__isnull=False)
            & in_space_of(user, "answer__daily__")
        )


class Response(Listening):
    """A reply to the partner's revealed answer, through the listening step (its parts, and
    whether the answer's author felt heard). Replies written before the listening step were
    plain text: they read as one part, "said" (`Listening.parts`)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="responses")

    objects = ResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "nonce"], name="response_once_per_nonce")
        ]

    def __str__(self) -> str:
        return f"Response {self.pk}"

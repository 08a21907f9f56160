"""Soul talk: a short deck of questions asked face to face, in turns, with a quiet timer."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nearer.accounts.sealing import SealedText, Writing
from nearer.couples.models import Couple, SpaceQuerySet, in_space_of
from nearer.questions.models import Question

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User


class TalkQuerySet(SpaceQuerySet["Talk"]):
    def for_user(self, user: User | AnonymousUser) -> TalkQuerySet:
        return self.in_space_of(user)


class Talk(models.Model):
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="talks")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who asks the first card; turns alternate from there.
    first_asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    second_asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    questions: models.ManyToManyField[Question, TalkCard] = models.ManyToManyField(
        Question, through="TalkCard", related_name="+"
    )
    minutes = models.PositiveSmallIntegerField(default=15)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # From the start form: a double-submitted form deals one deck, not two.
    nonce = models.CharField(max_length=36, blank=True)

    objects = TalkQuerySet.as_manager()

    class Meta:
        # The cards a couple met lately are read by couple and start (the 60-day look-back,
        # docs/decisions/0022): one range of this index, however long their history.
        indexes = [models.Index(fields=["couple", "started_at"], name="talk_couple_started")]
        constraints = [
            models.UniqueConstraint(
                fields=["started_by", "nonce"], condition=~Q(nonce=""), name="talk_once_per_nonce"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=60), name="talk_minutes_5_60"
            ),
        ]

    def __str__(self) -> str:
        return f"Talk {self.pk}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.started_at + dt.timedelta(minutes=self.minutes)

    def asker_for(self, position: int) -> User | None:
        """Turns alternate card by card: odd cards the first asker, even cards the other."""
        if self.second_asker_id is None:
            return self.first_asker
        return self.first_asker if position % 2 == 1 else self.second_asker


class TalkCardQuerySet(models.QuerySet["TalkCard"]):
    def in_deck(self) -> TalkCardQuerySet:
        """The cards on the table: one per position. A card swapped for a lighter one is kept
        (the couple met it, docs/decisions/0022) but is no longer in the deck."""
        return self.exclude(status=TalkCard.Status.SWAPPED)


class TalkCard(models.Model):
    class Status(models.TextChoices):
        DEALT = "dealt", _("Dealt")
        SKIPPED = "skipped", _("Skipped for today")
        SWAPPED = "swapped", _("Swapped for something lighter")

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="cards")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DEALT)

    objects = TalkCardQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["talk", "position"],
                condition=~Q(status="swapped"),
                name="one_card_in_deck_per_position",
            )
        ]

    def __str__(self) -> str:
        return f"Card {self.position}"

    @property
    def skipped(self) -> bool:
        return self.status == self.Status.SKIPPED


class KeepsakeQuerySet(models.QuerySet["Keepsake"]):
    def written_by(self, user: User | AnonymousUser) -> KeepsakeQuerySet:
        """The person's own lines."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)

    def visible_to(self, user: User | AnonymousUser) -> KeepsakeQuerySet:
        """Your own lines; your partner's only if they chose to share them.

        Listed on its own (Together shows the latest few), so the rows are first narrowed to
        the person's talks — a union of two index-backed sets, not an OR, which PostgreSQL
        could only check on every keepsake of every couple (docs/decisions/0018) — and the
        rule is checked on those.
        """
        if not user.is_authenticated:
            return self.none()
        kept = Keepsake.objects.filter(author=user).values("talk_id")
        current = Talk.objects.filter(in_space_of(user)).values("pk")
        return self.filter(talk__in=kept.union(current)).filter(
            Q(author=user) | (Q(shared=True) & in_space_of(user, "talk__"))
        )


class Keepsake(Writing):
    """One line to remember from a talk."""

    text = SealedText("body")

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="keepsakes")
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeepsakeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["talk", "author"], name="one_keepsake_per_person_talk")
        ]

    def __str__(self) -> str:
        return f"Keepsake {self.pk}"


class TimeTogetherQuerySet(SpaceQuerySet["TimeTogether"]):
    def for_user(self, user: User | AnonymousUser) -> TimeTogetherQuerySet:
        return self.in_space_of(user)


class TimeTogether(models.Model):
    """Undistracted time (practice 10): a phones-away timer. Only times are stored, no words."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="times_together")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    minutes = models.PositiveSmallIntegerField(default=20)
    ended_at = models.DateTimeField(null=True, blank=True)
    nonce = models.CharField(max_length=36, blank=True)

    objects = TimeTogetherQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=120), name="time_together_5_120"
            ),
            models.UniqueConstraint(
                fields=["started_by", "nonce"], condition=~Q(nonce=""), name="time_once_per_nonce"
            ),
        ]

    def __str__(self) -> str:
        return f"Time together {self.pk}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.started_at + dt.timedelta(minutes=self.minutes)

    @property
    def spent(self) -> dt.timedelta:
        """Time actually spent: until "we're back", or the planned length once it has passed."""
        end = self.ended_at or min(timezone.now(), self.ends_at)
        return max(dt.timedelta(0), end - self.started_at)

"""Wins and struggles (practice 13): one line of good news or of something hard, for the
partner to answer — a celebration for a win, the listening step for a struggle.

Access (docs/decisions/0025-wins-and-struggles.md): both members of the space see what either
shared there and the replies to it. After an unlink each keeps only their own words: their
moments, their replies. A reply written to a moment of a space its author has left is kept for
its author alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nearer.accounts.sealing import SealedJSON, Writing
from nearer.couples.models import Couple, Membership, SpaceQuerySet, in_space_of
from nearer.listening.models import Listening

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User


class Kind(models.TextChoices):
    WIN = "win", _("Good news")
    STRUGGLE = "struggle", _("Something hard")


class MomentQuerySet(SpaceQuerySet["Moment"]):
    def visible_to(self, user: User | AnonymousUser) -> MomentQuerySet:
        """The person's own moments, wherever they were shared, and their partner's in their
        current space."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(author=user) | in_space_of(user))

    def answerable_by(self, user: User | AnonymousUser) -> MomentQuerySet:
        """Moments the person may reply to: their partner's, in a space they share or shared.
        (A reply to a space they have left is kept for them alone: `MomentReply.visible_to`.)"""
        if not user.is_authenticated:
            return self.none()
        spaces = Membership.objects.filter(user=user).values("couple_id")
        return self.exclude(author=user).filter(couple__in=spaces)

    def reachable_by(self, user: User | AnonymousUser) -> MomentQuerySet:
        """Moments whose page the person may open: the visible ones, and any they replied to
        (after an unlink, that page shows only their own reply)."""
        if not user.is_authenticated:
            return self.none()
        replied = MomentReply.objects.filter(author=user).values("moment_id")
        return self.filter(Q(author=user) | in_space_of(user) | Q(pk__in=replied))

    def on_display(self) -> MomentQuerySet:
        """What the page keeps showing: every win; a struggle until it is answered, or for as
        long as its author keeps it there."""
        return self.filter(Q(kind=Kind.WIN) | Q(answered_at__isnull=True) | Q(kept=True))

    def wins(self) -> MomentQuerySet:
        return self.filter(kind=Kind.WIN)

    def struggles(self) -> MomentQuerySet:
        return self.filter(kind=Kind.STRUGGLE)


class Moment(Writing):
    """A win or a struggle, sealed as JSON {"line": ..., "detail": ...} under the author's
    key. `kept`: the author keeps an answered struggle on display. `answered_at`: when the
    first reply came."""

    words = SealedJSON("body")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="moments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Makes a double-submitted form create one moment.
    nonce = models.CharField(max_length=36)
    kept = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = MomentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "nonce"], name="moment_once_per_nonce")
        ]
        indexes = [models.Index(fields=["couple", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"Moment {self.pk}"

    def set_words(self, *, line: str, detail: str = "") -> None:
        self.words = {"line": line, "detail": detail}

    @property
    def line(self) -> str:
        return str(self.words["line"])

    @property
    def detail(self) -> str:
        return str(self.words.get("detail", ""))

    @property
    def is_win(self) -> bool:
        return self.kind == Kind.WIN


class MomentReplyQuerySet(models.QuerySet["MomentReply"]):
    def visible_to(self, user: User | AnonymousUser) -> MomentReplyQuerySet:
        """The person's own replies, and any reply to a moment of their current space."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(author=user) | in_space_of(user, "moment__"))


class MomentReply(Listening):
    """The partner's answer to a moment: a celebration for a win, the listening step for a
    struggle."""

    moment = models.ForeignKey(Moment, on_delete=models.CASCADE, related_name="replies")

    objects = MomentReplyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "nonce"], name="moment_reply_once_per_nonce")
        ]
        indexes = [models.Index(fields=["moment", "created_at"])]

    def __str__(self) -> str:
        return f"Moment reply {self.pk}"

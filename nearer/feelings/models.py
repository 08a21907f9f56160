"""Share a feeling (practice 12): "I feel … because … what I need is …", and "be with me".

A share is sealed under its author's key as JSON {"feeling", "because", "need"} and is read by
the couple only, in their current space. The partner answers through the listening step
(`ShareReply`, nearer/listening).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from nearer.accounts.sealing import SealedJSON, Writing
from nearer.couples.models import Couple, in_space_of
from nearer.listening.models import Listening

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User


# How long a partner's shared feeling is shown as waiting for an answer, and a "be with me".
WAITING_FOR = dt.timedelta(days=14)
PRESENCE_WAITING_FOR = dt.timedelta(hours=12)


class ShareQuerySet(models.QuerySet["Share"]):
    def visible_to(self, user: User | AnonymousUser) -> ShareQuerySet:
        """What the person shared, and what their partner shared in their current space."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(author=user) | in_space_of(user))

    def answerable_by(self, user: User | AnonymousUser) -> ShareQuerySet:
        """Shares of the partner in any space the person belongs or belonged to: a reply
        written just as the partner unlinked is kept (privately) rather than lost."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(couple__memberships__user=user).exclude(author=user).distinct()

    def history_for(self, user: User | AnonymousUser) -> ShareQuerySet:
        """What the person shared anywhere, and what their partner shared in their current
        space. A union of ids, not an OR, so each half uses its index (decision 0018)."""
        if not user.is_authenticated:
            return self.none()
        own = Share.objects.filter(author=user).values("pk")
        current = Share.objects.filter(in_space_of(user)).values("pk")
        return self.filter(pk__in=own.union(current))

    def waiting_for(self, user: User | AnonymousUser) -> ShareQuerySet:
        """The partner's shares in the current space that the person has not answered yet (a
        "be with me" until they said they're here)."""
        if not user.is_authenticated:
            return self.none()
        mine = ShareReply.objects.filter(share=OuterRef("pk"), author=user)
        return (
            self.filter(in_space_of(user))
            .exclude(author=user)
            .filter(
                Q(presence=False, created_at__gte=timezone.now() - WAITING_FOR)
                | Q(
                    presence=True,
                    here_at__isnull=True,
                    created_at__gte=timezone.now() - PRESENCE_WAITING_FOR,
                )
            )
            .exclude(Exists(mine))
        )

    def with_replies_for(self, user: User) -> ShareQuerySet:
        """Each share with `visible_replies` (the ones the person may read, oldest first, with
        their authors), in one more query for the lot."""
        replies = ShareReply.objects.visible_to(user).select_related("author").order_by("pk")
        return self.prefetch_related(
            Prefetch("replies", queryset=replies, to_attr="visible_replies")
        )

    def with_my_reply(self, user: User) -> ShareQuerySet:
        """Each share with `replied`: whether the person has answered it (same query)."""
        return self.annotate(
            replied=Exists(ShareReply.objects.filter(share=OuterRef("pk"), author=user))
        )


class Share(Writing):
    words = SealedJSON("body")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="feeling_shares")
    # A "be with me": presence, not solutions. The feeling is optional; no because, no need.
    presence = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The partner's one-tap answer to a "be with me".
    here_at = models.DateTimeField(null=True, blank=True)
    nonce = models.CharField(max_length=36)

    objects = ShareQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "nonce"], name="feeling_share_once")
        ]
        indexes = [models.Index(fields=["couple", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"Share {self.pk}"

    @property
    def feeling(self) -> str:
        return str(self.words.get("feeling", ""))

    @property
    def because(self) -> str:
        return str(self.words.get("because", ""))

    @property
    def need(self) -> str:
        return str(self.words.get("need", ""))


class ShareReplyQuerySet(models.QuerySet["ShareReply"]):
    def visible_to(self, user: User | AnonymousUser) -> ShareReplyQuerySet:
        """The person's own replies, and replies in their current space (written to be read
        by the partner). Narrow it to a share or a page of shares."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(author=user) | in_space_of(user, "share__"))

    def to_answer_for(self, user: User | AnonymousUser) -> ShareReplyQuerySet:
        """Replies to the person's own shares, in their current space: the ones they may say
        whether they felt heard by."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(share__author=user).filter(in_space_of(user, "share__"))


class ShareReply(Listening):
    """The partner's answer to a shared feeling, through the listening step."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="replies")

    objects = ShareReplyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "nonce"], name="feeling_reply_once")
        ]

    def __str__(self) -> str:
        return f"ShareReply {self.pk}"

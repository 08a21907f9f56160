"""Loving notes (practice 8): a few words to the partner, now or later as a surprise.

A note is sealed under its author's key like everything else people write. Who may see it:

* its author, always (scheduled, delivered, or left undelivered by an unlinking);
* its recipient, only once it has been delivered, and only while both are still in the space
  it was written in. Before delivery a note does not exist for the recipient, by list or by id.

Delivery is done by the worker (`delivery.deliver_due_notes`, run by the sweep), one
conditional update per note, so a note is delivered once however many workers run.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from nearer.accounts.sealing import SealedText, Writing
from nearer.couples.models import Couple, Membership, in_space_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User


class NoteQuerySet(models.QuerySet["Note"]):
    def visible_to(self, user: User | AnonymousUser) -> NoteQuerySet:
        """The person's own notes, in any state; notes delivered to them in their current space."""
        if not user.is_authenticated:
            return self.none()
        delivered_to_me = Q(recipient=user, delivered_at__isnull=False) & in_space_of(user)
        return self.filter(Q(author=user) | delivered_to_me)

    def received_by(self, user: User | AnonymousUser) -> NoteQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.visible_to(user).filter(recipient=user, delivered_at__isnull=False)

    def written_by(self, user: User | AnonymousUser) -> NoteQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)

    def delivered(self) -> NoteQuerySet:
        return self.filter(delivered_at__isnull=False)

    def undelivered(self) -> NoteQuerySet:
        return self.filter(delivered_at__isnull=True)

    def deliverable(self) -> NoteQuerySet:
        """Undelivered notes whose space is still shared by both of them."""
        members = Membership.objects.active().filter(couple=OuterRef("couple"))
        return self.undelivered().filter(
            Exists(members.filter(user=OuterRef("recipient"))),
            Exists(members.filter(user=OuterRef("author"))),
            couple__ended_at__isnull=True,
        )

    def due(self, now: dt.datetime) -> NoteQuerySet:
        return self.deliverable().filter(deliver_at__lte=now)


class Note(Writing):
    """A short note to the partner. `deliver_at` is when it arrives; `delivered_at` when it did."""

    text = SealedText("body")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="notes")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    deliver_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # From the form: a double-submitted form sends one note, not two.
    nonce = models.CharField(max_length=36, blank=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["author", "nonce"], condition=~Q(nonce=""), name="note_once_per_nonce"
            ),
            models.CheckConstraint(condition=~Q(recipient=F("author")), name="note_not_to_self"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-delivered_at"], name="note_received"),
            models.Index(fields=["author", "-deliver_at"], name="note_written"),
            models.Index(
                fields=["deliver_at"], condition=Q(delivered_at__isnull=True), name="note_due"
            ),
        ]

    def __str__(self) -> str:
        return f"Note {self.pk}"

    @property
    def is_delivered(self) -> bool:
        return self.delivered_at is not None

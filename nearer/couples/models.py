"""A couple is the shared space of one or two people.

Everyone always has exactly one active space: on their own (solo) until a partner accepts an
invitation, then shared by two. Unlinking ends the shared space for both and gives each a new
solo one, so nothing from the old space is visible to the other any more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Generic, NamedTuple, Protocol, Self, TypedDict, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nearer.lib.foundations import DEPTHS

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User

_M = TypeVar("_M", bound=models.Model)


class CoupleQuerySet(models.QuerySet["Couple"]):
    def active(self) -> CoupleQuerySet:
        return self.filter(ended_at__isnull=True)


class Couple(models.Model):
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    depth = models.PositiveSmallIntegerField(default=1)
    depth_changed_at = models.DateTimeField(default=timezone.now)

    objects = CoupleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(depth__gte=1, depth__lte=4), name="couple_depth_1_4")
        ]

    def __str__(self) -> str:
        return f"Couple {self.pk}"

    @property
    def depth_label(self) -> str:
        return str(DEPTHS[self.depth]).lower()

    def active_members(self) -> list[User]:
        return [m.user for m in self.memberships.active().select_related("user")]


class CoupleId(TypedDict):
    couple_id: int


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(left_at__isnull=True)

    def current_couple_of(self, user: User) -> models.QuerySet[Membership, CoupleId]:
        """The id of the person's current space, as a subquery (`couple__in=`)."""
        return self.active().filter(user=user).values("couple_id")

    def in_current_space_of(self, user: User) -> MembershipQuerySet:
        """The active memberships of the person's current space: theirs and their partner's."""
        return self.active().filter(couple__in=self.current_couple_of(user))


class Membership(models.Model):
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    ready_for_deeper = models.BooleanField(default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(left_at__isnull=True),
                name="one_active_space_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Membership {self.pk}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def from_user(self, user: User) -> InvitationQuerySet:
        return self.filter(inviter=user)

    def by_token(self, token: str) -> InvitationQuerySet:
        return self.filter(token_hash=hash_token(token))


def in_space_of(user: User, prefix: str = "") -> Q:
    """Q for rows whose couple (reached through `prefix`) is `user`'s current space.

    The one access rule every practice builds on: combine it with `Q(author=user)` and the
    practice's own conditions in the practice's QuerySet methods (see `SpaceQuerySet`). A
    subquery, not a join: a join on memberships, OR-ed with "or my own", would return each of
    the person's own rows once per member of the space.
    """
    return Q(**{f"{prefix}couple__in": Membership.objects.current_couple_of(user)})


class SpaceQuerySet(models.QuerySet[_M]):
    """Base for the QuerySets of rows that belong to a couple (a `couple` foreign key)."""

    def in_space_of(self, user: User | AnonymousUser) -> Self:
        """Rows of the person's current space; nothing for someone not signed in."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(in_space_of(user))


class _Authored(Protocol):
    @property
    def author_id(self) -> int: ...


# Sides holds any rows; `Sides.of` needs them authored. (A bound on Sides itself would be checked
# before the Django plugin has given the models their `author_id`.)
_T = TypeVar("_T")
_A = TypeVar("_A", bound=_Authored)


class Sides(NamedTuple, Generic[_T]):
    """What two people each wrote about one thing (a day's question, a week's check-in), as one
    of them sees it: their own, and the other one they may read (each None when there is none).

    Made from rows already narrowed by the practice's access rule, e.g.
    `Sides.of(Answer.objects.visible_to(user).filter(daily=day), user)`.
    """

    mine: _T | None
    theirs: _T | None

    @classmethod
    def of(cls, rows: Iterable[_A], user: User | AnonymousUser) -> Sides[_A]:
        rows = list(rows)
        mine = next((row for row in rows if row.author_id == user.pk), None)
        theirs = next((row for row in rows if row.author_id != user.pk), None)
        return Sides(mine, theirs)


class Invitation(models.Model):
    """A single-use link to join someone's space. Only the token's hash is stored."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="invitations")
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    STATUS_MESSAGES = {
        "used": _("This invitation has already been used. Ask your partner for a new link."),
        "revoked": _("This invitation was cancelled. Ask your partner for a new link."),
        "expired": _(
            "This invitation has expired (links last 7 days). Ask your partner for a new one."
        ),
    }

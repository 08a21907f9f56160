"""Who is my partner and which space am I in: looked up once per request, never written on a read.

Every person has a space from the moment their account exists (`ensure_space`, called when a
user is created). `SpaceMiddleware` gives each signed-in request `request.space`, read lazily in
one query (the person's active membership and their partner's, with the couple and the
partner). `space_of(user)` and `partner_of(user)` answer from it for the request's own user, so
operations called by a view cost no further query; anywhere else (the worker, commands, tests)
they read the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .models import Couple, Membership

if TYPE_CHECKING:
    from nearer.accounts.models import User

# Where a request's space is kept on its user object (see `space_of`).
_CACHE = "_nearer_space"


@dataclass(frozen=True)
class Space:
    """A person's current space: the couple, the partner when there is one, and both active
    memberships (the person's own first), read in the same query."""

    couple: Couple
    partner: User | None
    memberships: tuple[Membership, ...] = ()

    @property
    def shared(self) -> bool:
        return self.partner is not None

    @property
    def ready_for_deeper(self) -> bool:
        """Whether the person has said they are ready for deeper questions."""
        return bool(self.memberships) and self.memberships[0].ready_for_deeper


def ensure_space(user: User) -> Couple:
    """The person's active space, made (a solo one) if they have none. The only write here."""
    membership = Membership.objects.active().filter(user=user).select_related("couple").first()
    if membership is not None:
        return membership.couple
    try:
        with transaction.atomic():
            couple = Couple.objects.create()
            Membership.objects.create(couple=couple, user=user)
    except IntegrityError:  # another request created it a moment ago
        return Membership.objects.active().select_related("couple").get(user=user).couple
    return couple


def read_space(user: User) -> Space:
    """The person's space, partner and memberships, in one query."""
    members = list(
        Membership.objects.in_current_space_of(user).select_related("couple", "user").order_by("pk")
    )
    mine = next((m for m in members if m.user_id == user.pk), None)
    if mine is None:  # an account made without its space (rows written directly): make it
        return Space(couple=ensure_space(user), partner=None)
    theirs = next((m for m in members if m.user_id != user.pk), None)
    return Space(
        couple=mine.couple,
        partner=theirs.user if theirs else None,
        memberships=(mine, theirs) if theirs else (mine,),
    )


def _remembered(user: User) -> Space | None:
    space = user.__dict__.get(_CACHE)
    return cast("Space", space) if space is not None else None


def remember(user: User, space: Space | SimpleLazyObject) -> None:
    user.__dict__[_CACHE] = space


def forget(user: User) -> None:
    """After linking or unlinking, the request's space is out of date."""
    user.__dict__.pop(_CACHE, None)


def space_of(user: User) -> Couple:
    """The person's active space (the request's, when this is the request's user)."""
    space = _remembered(user)
    if space is not None:
        return space.couple
    return read_space(user).couple


def partner_of(user: User, couple: Couple | None = None) -> User | None:
    """The person's partner in `couple` (default: their current space), or None."""
    space = _remembered(user)
    if space is not None and (couple is None or couple.pk == space.couple.pk):
        return space.partner
    if couple is None:
        return read_space(user).partner
    membership = (
        Membership.objects.active()
        .filter(couple=couple)
        .exclude(user=user)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


class SpaceMiddleware:
    """Sets `request.space` for signed-in people (read when first used, once per request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            signed_in = cast("User", user)
            space = SimpleLazyObject(lambda: read_space(signed_in))
            request.space = space  # type: ignore[attr-defined]  # SignedInRequest declares it
            remember(signed_in, space)
        return self.get_response(request)

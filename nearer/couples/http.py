"""Typed requests for views: what a signed-in view may rely on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from nearer.accounts.models import User

    from .space import Space


class SignedInRequest(HttpRequest):
    """A request behind `login_required`: a real user, their space, and htmx's details.

    Only for annotations (views are called with a plain HttpRequest that the middlewares filled
    in): `user` is set by AuthenticationMiddleware, `space` by `couples.space.SpaceMiddleware`,
    `htmx` by django-htmx.
    """

    user: User
    space: Space
    htmx: HtmxDetails

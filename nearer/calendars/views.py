from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from nearer.couples.http import SignedInRequest

from . import operations
from .feed import calendar_for
from .models import CalendarFeed

# What `secrets.token_urlsafe(32)` makes, with room to spare. Anything else is not a token.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,128}")


@login_required
@require_GET
@never_cache  # the page shows a secret link
def page(request: SignedInRequest) -> HttpResponse:
    feed = CalendarFeed.objects.for_user(request.user).active().first()
    link = webcal = ""
    if feed is not None:
        feed.user = request.user
        link = request.build_absolute_uri(reverse("calendars:feed", kwargs={"token": feed.token}))
        webcal = "webcal://" + link.split("://", 1)[1]
    return render(request, "calendars/page.html", {"feed": feed, "link": link, "webcal": webcal})


@login_required
@require_POST
def create(request: SignedInRequest) -> HttpResponse:
    had_one = CalendarFeed.objects.for_user(request.user).active().exists()
    operations.create_feed(user=request.user)
    if had_one:
        messages.success(request, _("Here is your new link. The old one has stopped working."))
    else:
        messages.success(request, _("Your calendar link is ready. Add it to your calendar app."))
    return redirect("calendars:page")


@login_required
@require_POST
def revoke(request: SignedInRequest) -> HttpResponse:
    if operations.revoke_feed(user=request.user):
        messages.success(request, _("Turned off. The link has stopped working."))
    return redirect("calendars:page")


def _plain(status: int, message: str) -> HttpResponse:
    response = HttpResponse(message + "\n", content_type="text/plain; charset=utf-8", status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar behind a secret link: no sign-in, found only by the token's hash."""
    found = None
    if TOKEN_SHAPE.fullmatch(token):
        found = CalendarFeed.objects.by_token(token).select_related("user").first()
    if found is None:
        return _plain(
            404,
            _("We couldn’t find this calendar link. You can make one on the Me page in Nearer."),
        )
    if not found.is_active or not found.user.is_active:
        return _plain(
            410,
            _(
                "This calendar link was turned off in Nearer. You can make a new one on the Me page."
            ),
        )
    response = HttpResponse(
        calendar_for(found.user).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    response["Content-Disposition"] = 'inline; filename="nearer.ics"'
    return response

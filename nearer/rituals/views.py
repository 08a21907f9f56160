from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nearer.couples.http import SignedInRequest
from nearer.lib import params, schedule
from nearer.lib.timezones import local_date

from . import operations
from .content import ideas_by_key
from .forms import RitualForm
from .models import Ritual


def _rituals(request: SignedInRequest) -> list[Ritual]:
    return list(Ritual.objects.for_user(request.user).current().select_related("author"))


@login_required
@require_http_methods(["GET", "POST"])
def index(request: SignedInRequest) -> HttpResponse:
    form = RitualForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            operations.add_ritual(
                user=request.user,
                title=form.cleaned_data["title"],
                idea_key=form.cleaned_data["idea"],
                days=form.cleaned_data["days"],
                time=form.cleaned_data["time"],
            )
        except operations.RitualError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Added. Small and often is the whole idea."))
            if warning := _gap_warning(
                request, form.cleaned_data["days"], form.cleaned_data["time"]
            ):
                messages.info(request, warning)
            return redirect("rituals:index")
    today = local_date(timezone.now(), request.user.time_zone)
    rituals = _rituals(request)
    done_today = set(
        Ritual.objects.filter(pk__in=[r.pk for r in rituals], done__date=today).values_list(
            "pk", flat=True
        )
    )
    return render(
        request,
        "rituals/index.html",
        {
            "form": form,
            "rituals": rituals,
            "done_today": done_today,
            "today": today,
            "ideas": list(ideas_by_key().values())[:6],
        },
    )


def _gap_warning(request: SignedInRequest, days: list[int], at: dt.time | None) -> str:
    """Say so if the clocks skip this time on one of these days in the coming year."""
    if at is None:
        return ""
    gap = schedule.first_gap(weekdays=days, at=at, tz=request.user.zone, start=timezone.localdate())
    if gap is None:
        return ""
    day, moved = gap
    return _(
        "Good to know: on %(date)s the clocks go forward where you are, so that day it will "
        "be at %(time)s."
    ) % {"date": date_format(day, "l j F"), "time": time_format(moved, "H:i")}


@login_required
@require_POST
def done(request: SignedInRequest, pk: int) -> HttpResponse:
    ritual = get_object_or_404(Ritual.objects.for_user(request.user).current(), pk=pk)
    operations.mark_done(user=request.user, ritual=ritual)
    messages.success(request, _("Lovely. Marked for today."))
    return redirect("rituals:index")


@login_required
@require_POST
def remove(request: SignedInRequest, pk: int) -> HttpResponse:
    ritual = get_object_or_404(Ritual.objects.for_user(request.user).current(), pk=pk)
    operations.archive(ritual=ritual)
    messages.success(request, _("Removed. Its past days stay in the month view."))
    return redirect("rituals:index")


@login_required
@require_GET
def month(request: SignedInRequest) -> HttpResponse:
    today = local_date(timezone.now(), request.user.time_zone)
    shown = params.month(request.GET.get("m")) or today.replace(day=1)
    rituals = list(Ritual.objects.for_user(request.user).select_related("author"))
    weeks = operations.month_grid(rituals=rituals, year=shown.year, month=shown.month)
    previous = (shown - dt.timedelta(days=1)).replace(day=1)
    following = (shown + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "rituals/month.html",
        {
            "weeks": weeks,
            "shown": shown,
            "today": today,
            # No link past the ends of the calendar the month view reads (see lib/params.py).
            "previous": _month_param(previous),
            "following": _month_param(following),
        },
    )


def _month_param(first: dt.date) -> str:
    """`?m=` for the month starting on `first`, or "" for a month the view would refuse."""
    if not schedule.EARLIEST_DAY <= first <= schedule.LATEST_DAY:
        return ""
    return f"{first.year:04d}-{first.month:02d}"

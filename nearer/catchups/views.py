from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nearer.couples.http import SignedInRequest
from nearer.couples.space import partner_of
from nearer.lib.foundations import FOUNDATIONS

from . import guide, operations
from .forms import PlanForm, RescheduleForm
from .models import CatchUp

UPCOMING_SHOWN = 10
EARLIER_SHOWN = 5


def _add_error(form: Form, exc: operations.CatchUpError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc))


@login_required
@require_http_methods(["GET", "POST"])
def index(request: SignedInRequest) -> HttpResponse:
    user = request.user
    partner = request.space.partner
    form = PlanForm(
        request.POST if request.method == "POST" else None, initial={"nonce": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            catchup = operations.plan_catchup(
                user=user,
                day=data["day"],
                at=data["at"],
                minutes=data["minutes"],
                topic=data["topic"],
                nonce=str(data["nonce"] or ""),
            )
        except operations.CatchUpError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Planned. Your partner will find it in Nearer."))
            return redirect("catchups:detail", pk=catchup.pk)
    now = timezone.now()
    catchups = CatchUp.objects.for_user(user)
    upcoming = list(
        catchups.upcoming(now).select_related("author").order_by("starts_at")[:UPCOMING_SHOWN]
    )
    earlier = list(catchups.earlier(now).order_by("-starts_at")[:EARLIER_SHOWN])
    return render(
        request,
        "catchups/index.html",
        {
            "form": form,
            "partner": partner,
            "upcoming": upcoming,
            "earlier": earlier,
            "now": now,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    catchup = get_object_or_404(
        CatchUp.objects.for_user(user).select_related("author", "couple"), pk=pk
    )
    local = timezone.localtime(catchup.starts_at, user.zone)
    form = RescheduleForm(
        request.POST if request.method == "POST" else None,
        initial={"day": local.date(), "at": local.time(), "minutes": catchup.minutes},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            operations.reschedule(
                user=user, catchup=catchup, day=data["day"], at=data["at"], minutes=data["minutes"]
            )
        except operations.CatchUpError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Saved. Your partner will see the new time in Nearer."))
            return redirect("catchups:detail", pk=catchup.pk)
    return render(
        request,
        "catchups/detail.html",
        {
            "catchup": catchup,
            "form": form,
            "partner": partner_of(user, catchup.couple),
            "started": catchup.has_started(),
            "intro": guide.INTRO,
            "steps": guide.STEPS,
            "pause": guide.PAUSE,
            "foundations": list(FOUNDATIONS.values()),
        },
    )


@login_required
@require_POST
def cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    catchup = get_object_or_404(CatchUp.objects.for_user(request.user), pk=pk)
    try:
        operations.cancel(user=request.user, catchup=catchup)
    except operations.CatchUpError as exc:
        messages.error(request, str(exc))
        return redirect("catchups:detail", pk=catchup.pk)
    messages.success(request, _("Cancelled. Your partner will see it in Nearer."))
    return redirect("catchups:index")


@login_required
@require_POST
def had(request: SignedInRequest, pk: int) -> HttpResponse:
    catchup = get_object_or_404(CatchUp.objects.for_user(request.user), pk=pk)
    try:
        operations.mark_had(user=request.user, catchup=catchup)
    except operations.CatchUpError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Marked. Thank you for making the time."))
    return redirect("catchups:detail", pk=catchup.pk)

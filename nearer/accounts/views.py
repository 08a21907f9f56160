from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nearer.lib import practices as registry

from .forms import ProfileForm
from .operations import profile_changed

if TYPE_CHECKING:
    # Only a type: the space these pages read (`request.space`) is set by the couples app's
    # middleware, one floor up; this app does not import it.
    from nearer.couples.http import SignedInRequest


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("questions:today")
    return render(request, "home.html")


@require_GET
def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "safety.html")


@login_required
@require_GET
def practices(request: SignedInRequest) -> HttpResponse:
    entries = [entry for practice in registry.practices() for entry in practice.entries]
    return render(request, "practices.html", {"entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def me(request: SignedInRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        profile_changed(request.user)  # e.g. a new time zone moves reminders to the new clock
        messages.success(request, _("Saved."))
        return redirect("accounts:me")
    return render(request, "accounts/me.html", {"form": form, "partner": request.space.partner})

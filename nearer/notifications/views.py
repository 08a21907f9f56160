from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nearer.couples.http import SignedInRequest

from . import operations
from .forms import PreferencesForm
from .models import Notification, preferences_of

SHOWN = 50


@login_required
@require_GET
def notification_list(request: SignedInRequest) -> HttpResponse:
    items = list(
        Notification.objects.for_user(request.user)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    zone = request.user.zone
    rows = [{"item": n, "message": n.message(zone), "new": n.read_at is None} for n in items]
    response = render(request, "notifications/list.html", {"rows": rows})
    operations.mark_read(user=request.user, ids=[n.pk for n in items if n.read_at is None])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: SignedInRequest) -> HttpResponse:
    prefs = preferences_of(request.user)
    initial = {
        "remind": prefs.remind,
        "email": prefs.email,
        "quiet_start": prefs.quiet_start,
        "quiet_end": prefs.quiet_end,
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        operations.save_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})

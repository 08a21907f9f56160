from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nearer.couples.http import SignedInRequest

from . import operations


@login_required
@require_POST
def thinking_of_you(request: SignedInRequest) -> HttpResponse:
    try:
        operations.think_of(sender=request.user)
    except operations.SignalError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, _("Sent, quietly."))
    return redirect("questions:today")

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from nearer.couples.http import SignedInRequest

from .forms import hints_in


@login_required
@require_POST
def hints(request: SignedInRequest) -> HttpResponse:
    """The hints for a draft reply, for its writer only, as they type (htmx). Nothing is kept:
    the draft is read, the hints are worked out, and both are gone with the response."""
    return render(request, "listening/hints.html", {"hints": hints_in(request.POST, request.user)})

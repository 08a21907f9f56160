from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nearer.couples.http import SignedInRequest
from nearer.lib import params

from . import operations
from .forms import AppreciationForm
from .models import Appreciation

RECENT = 10


@login_required
@require_http_methods(["GET", "POST"])
def gratitude(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = AppreciationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            operations.appreciate(
                author=user, what=form.cleaned_data["what"], because=form.cleaned_data["because"]
            )
        except operations.GratitudeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Sent. It’s waiting for your partner in Nearer."))
            return redirect("gratitude:index")
    received = list(
        Appreciation.objects.received_by(user)
        .select_related("author")
        .order_by("-created_at")[:RECENT]
    )
    return render(
        request,
        "gratitude/index.html",
        {
            "form": form,
            "partner": request.space.partner,
            "today": operations.todays_appreciation(user),
            "received": received,
        },
    )


@login_required
@require_POST
def landed(request: SignedInRequest, pk: int) -> HttpResponse:
    try:
        operations.mark_landed(user=request.user, appreciation_id=pk)
    except operations.GratitudeError as exc:
        messages.info(request, str(exc))
    return redirect("gratitude:jar" if request.POST.get("back") == "jar" else "gratitude:index")


@login_required
@require_POST
def delete(request: SignedInRequest, pk: int) -> HttpResponse:
    try:
        operations.delete_own(user=request.user, appreciation_id=pk)
    except operations.GratitudeError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, _("Deleted."))
    return redirect("gratitude:index")


@login_required
@require_GET
def jar(request: SignedInRequest) -> HttpResponse:
    last = params.identifier(request.GET.get("after"))
    pick = operations.from_the_jar(user=request.user, exclude=last)
    template = "gratitude/jar.html#jar-note" if request.htmx else "gratitude/jar.html"
    return render(request, template, {"pick": pick})

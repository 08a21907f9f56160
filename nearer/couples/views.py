from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import operations
from .http import SignedInRequest
from .models import Invitation


@login_required
@require_GET
def partner(request: SignedInRequest) -> HttpResponse:
    couple = request.space.couple
    linked_with = request.space.partner
    pending = Invitation.objects.pending().from_user(request.user).order_by("-created_at").first()
    # Shown once: the raw link leaves the session the first time it is displayed.
    link = request.session.pop("invite_link", None) if pending else None
    return render(
        request,
        "couples/partner.html",
        {"partner": linked_with, "couple": couple, "pending": pending, "invite_link": link},
    )


@login_required
@require_POST
def invite(request: SignedInRequest) -> HttpResponse:
    try:
        _invitation, token = operations.invite_partner(inviter=request.user)
    except operations.CoupleError as exc:
        messages.error(request, str(exc))
    else:
        request.session["invite_link"] = request.build_absolute_uri(
            reverse("couples:join", kwargs={"token": token})
        )
    return redirect("couples:partner")


@login_required
@require_POST
def revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    try:
        operations.revoke_invitation(inviter=request.user, invitation_id=pk)
    except operations.CoupleError as exc:
        messages.error(request, str(exc))
    else:
        request.session.pop("invite_link", None)
        messages.success(request, _("The invitation link no longer works."))
    return redirect("couples:partner")


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        if user is None:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        request.session.pop("pending_invite", None)
        try:
            operations.accept_invitation(token=token, user=user)
        except operations.CoupleError as exc:
            return render(request, "couples/join.html", {"error": str(exc)}, status=400)
        messages.success(request, _("You’re linked. Today’s question is waiting for you both."))
        return redirect("questions:today")
    try:
        invitation = operations.check_invitation(token=token, user=user)
    except operations.CoupleError as exc:
        request.session.pop("pending_invite", None)
        return render(request, "couples/join.html", {"error": str(exc)}, status=400)
    if user is None:
        # Remember the link through sign-up and email verification in this browser.
        request.session["pending_invite"] = token
    return render(request, "couples/join.html", {"invitation": invitation, "token": token})


@login_required
@require_http_methods(["GET", "POST"])
def unlink(request: SignedInRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "couples/unlink.html", {"partner": request.space.partner})
    try:
        operations.unlink(user=request.user)
    except operations.CoupleError as exc:
        messages.error(request, str(exc))
        return redirect("couples:partner")
    messages.success(
        request,
        _(
            "You’re unlinked. Your own words stay with you; neither of you can see the other’s any more."
        ),
    )
    return redirect("questions:today")

"""The Talk hub, the feeling builder, a shared feeling with its replies, and "be with me"."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nearer.couples.http import SignedInRequest
from nearer.lib.paging import keyset_page
from nearer.listening.forms import ListeningForm
from nearer.listening.operations import felt_answer

from . import content, operations
from .forms import FeelingForm, PresenceForm, with_word
from .models import Share

RECENT = 6
WAITING = 5
HISTORY_PAGE = 10


def _fresh(form_class: type[PresenceForm] | type[FeelingForm]) -> PresenceForm | FeelingForm:
    return form_class(initial={"nonce": uuid.uuid4()})


@login_required
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    """Talk: share a feeling, be with me, what waits for an answer, and the latest shares."""
    user = request.user
    waiting = list(
        Share.objects.waiting_for(user).select_related("author").order_by("-created_at")[:WAITING]
    )
    recent = list(
        Share.objects.filter(couple=request.space.couple)
        .select_related("author")
        .order_by("-created_at", "-pk")[:RECENT]
    )
    return render(
        request,
        "feelings/index.html",
        {
            "partner": request.space.partner,
            "waiting": waiting,
            "recent": recent,
            "presence_form": _fresh(PresenceForm),
            "families": content.families(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def feel(request: SignedInRequest) -> HttpResponse:
    """The builder: I feel … because … what I need is …; then shared with the partner."""
    if request.method == "GET":
        return _builder(request, _fresh(FeelingForm))
    data = request.POST.copy()
    if pick := request.POST.get("pick"):
        # A word picked from the list (without JavaScript): added to the box, nothing sent.
        data["feeling"] = with_word(data.get("feeling", ""), pick[:80])
        return _builder(request, FeelingForm(initial=data.dict()), picked=True)
    form = FeelingForm(data)
    if form.nudge:
        data["nudged"] = "1"
        return _builder(request, FeelingForm(initial=data.dict()), nudge=True)
    if form.is_valid():
        try:
            share = operations.share_feeling(
                author=request.user,
                feeling=form.cleaned_data["feeling"],
                because=form.cleaned_data["because"],
                need=form.cleaned_data["need_words"],
                nonce=str(form.cleaned_data["nonce"]),
            )
        except operations.FeelingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Shared. Your partner can read it now, and only them."))
            return redirect("feelings:detail", pk=share.pk)
    return _builder(request, form, status=422 if request.htmx else 200)


def _builder(
    request: SignedInRequest, form: FeelingForm | PresenceForm, status: int = 200, **extra: object
) -> HttpResponse:
    context = {
        "form": form,
        "partner": request.space.partner,
        "families": content.families(),
        **extra,
    }
    return render(request, "feelings/feel.html", context, status=status)


@login_required
@require_POST
def presence(request: SignedInRequest) -> HttpResponse:
    form = PresenceForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "; ".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return redirect("feelings:index")
    try:
        share, new = operations.ask_presence(
            author=request.user,
            feeling=form.cleaned_data["feeling"],
            nonce=str(form.cleaned_data["nonce"]),
        )
    except operations.FeelingError as exc:
        messages.info(request, str(exc))
        return redirect("feelings:index")
    if new:
        messages.success(
            request, _("Sent. Your partner knows you’d like them near: presence, not solutions.")
        )
    else:
        messages.info(
            request, _("Your partner already knows. They’ll be with you as soon as they can.")
        )
    return redirect("feelings:detail", pk=share.pk)


def _detail(
    request: SignedInRequest, share: Share, form: ListeningForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    replies = share.visible_replies  # type: ignore[attr-defined]
    mine = [r for r in replies if r.author_id == user.pk]
    context = {
        "share": share,
        "replies": replies,
        "partner": request.space.partner,
        "in_space": share.couple_id == request.space.couple.pk,
        "can_reply": share.author_id != user.pk and share.couple_id == request.space.couple.pk,
        "replied": bool(mine),
        "form": form or ListeningForm(initial={"nonce": uuid.uuid4()}, user=user),
    }
    template = "feelings/detail.html#share-card" if request.htmx else "feelings/detail.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    share = get_object_or_404(
        Share.objects.visible_to(request.user)
        .with_replies_for(request.user)
        .select_related("author"),
        pk=pk,
    )
    return _detail(request, share)


@login_required
@require_POST
def reply(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    share = get_object_or_404(Share.objects.answerable_by(user).select_related("author"), pk=pk)
    form = ListeningForm(request.POST, user=user)
    if form.is_valid() and not form.looking_over:
        made = operations.reply(
            user=user, share=share, parts=form.parts, nonce=str(form.cleaned_data["nonce"])
        )
        if share.couple_id != request.space.couple.pk:
            messages.info(
                request, _("Saved just for you. You’re no longer linked, so it stays private.")
            )
            return redirect("feelings:index")
        messages.success(request, _("Sent. Thank you for listening."))
        return redirect(f"{reverse('feelings:detail', args=[share.pk])}#reply-{made.pk}")
    share = get_object_or_404(
        Share.objects.visible_to(user).with_replies_for(user).select_related("author"), pk=pk
    )
    return _detail(request, share, form, status=422 if request.htmx and form.errors else 200)


@login_required
@require_POST
def felt(request: SignedInRequest, pk: int) -> HttpResponse:
    reply_id, value = felt_answer(request.POST)
    try:
        operations.felt(user=request.user, reply_id=reply_id, value=value)
    except operations.FeelingError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, _("Thank you. They’ll see how it landed."))
    return redirect("feelings:detail", pk=pk)


@login_required
@require_POST
def here(request: SignedInRequest, pk: int) -> HttpResponse:
    share = get_object_or_404(
        Share.objects.visible_to(request.user).filter(couple=request.space.couple), pk=pk
    )
    try:
        operations.say_here(user=request.user, share=share)
    except operations.FeelingError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, _("They’ll know you’re with them. Go and be near."))
    return redirect("feelings:detail", pk=pk)


@login_required
@require_GET
def history(request: SignedInRequest) -> HttpResponse:
    """Every feeling shared between you, newest first, by keyset."""
    shares = Share.objects.history_for(request.user).select_related("author")
    page = keyset_page(shares, "created_at", request.GET.get("before"), HISTORY_PAGE)
    template = "feelings/history.html#history-items" if request.htmx else "feelings/history.html"
    return render(request, template, {"page": page.items, "next_cursor": page.next_cursor})

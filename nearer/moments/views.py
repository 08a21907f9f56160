from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nearer.couples.http import SignedInRequest
from nearer.lib import params
from nearer.lib.paging import keyset_page
from nearer.listening.forms import CelebrateForm, ListeningForm
from nearer.listening.operations import felt_answer

from . import operations
from .content import STARTERS
from .forms import KeepForm, MomentForm
from .models import Moment, MomentReply

PAGE = 10  # wins shown at a time in the timeline
STRUGGLES_SHOWN = 20


@login_required
@require_http_methods(["GET", "POST"])
def index(request: SignedInRequest) -> HttpResponse:
    """Share a win or a struggle; the struggles on display; the timeline of wins."""
    user = request.user
    form = MomentForm(request.POST or None, initial={"nonce": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            operations.share(
                author=user,
                kind=data["kind"],
                line=data["line"],
                detail=data["detail"],
                nonce=str(data["nonce"]),
            )
        except operations.MomentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Shared. It’s waiting for %(name)s in Nearer.") % {"name": request.space.partner},
            )
            return redirect("moments:index")
    visible = Moment.objects.visible_to(user).select_related("author")
    replies = MomentReply.objects.visible_to(user).select_related("author").order_by("created_at")
    wins = visible.wins().prefetch_related(Prefetch("replies", queryset=replies))
    page = keyset_page(wins, "created_at", request.GET.get("before"), PAGE)
    if request.htmx and "before" in request.GET:  # "show earlier wins"
        return render(
            request,
            "moments/index.html#win-items",
            {"wins": page.items, "wins_next": page.next_cursor, "couple": request.space.couple},
        )
    struggles = list(
        visible.struggles().on_display().order_by("-created_at", "-pk")[:STRUGGLES_SHOWN]
    )
    return render(
        request,
        "moments/index.html",
        {
            "form": form,
            "partner": request.space.partner,
            "couple": request.space.couple,
            "struggles": struggles,
            "wins": page.items,
            "wins_next": page.next_cursor,
        },
        status=422 if form.errors and request.htmx else 200,
    )


def _context(request: SignedInRequest, moment: Moment, form: Any = None) -> dict[str, Any]:
    """What a moment's page shows the person: the moment (when it is still theirs to read),
    the replies they can see, and the reply form when it is open to them."""
    user = request.user
    replies = list(
        MomentReply.objects.visible_to(user)
        .filter(moment=moment)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    mine = moment.author_id == user.pk
    in_space = moment.couple_id == request.space.couple.pk
    readable = mine or in_space
    if form is None and readable and operations.may_reply(user, moment, replies):
        form_class = CelebrateForm if moment.is_win else ListeningForm
        form = form_class(initial={"nonce": uuid.uuid4()}, user=user)
    return {
        "moment": moment,
        "partner": request.space.partner,
        "mine": mine,
        "readable": readable,
        "in_space": in_space,
        "replies": replies,
        "form": form,
        "starters": STARTERS["win" if moment.is_win else "struggle"],
        "felt_action": (
            "" if moment.is_win or not mine else reverse("moments:felt", args=[moment.pk])
        ),
        "keep_offered": mine and not moment.is_win and moment.answered_at is not None,
    }


def _render(
    request: SignedInRequest, moment: Moment, form: Any = None, status: int = 200
) -> HttpResponse:
    template = "moments/detail.html#moment-card" if request.htmx else "moments/detail.html"
    return render(request, template, _context(request, moment, form), status=status)


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    moment = get_object_or_404(
        Moment.objects.reachable_by(request.user).select_related("author"), pk=pk
    )
    return _render(request, moment)


@login_required
@require_POST
def reply(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    moment = get_object_or_404(Moment.objects.answerable_by(user).select_related("author"), pk=pk)
    form_class = CelebrateForm if moment.is_win else ListeningForm
    form = form_class(request.POST, user=user)
    if form.is_valid() and not form.looking_over:
        try:
            operations.reply(
                user=user, moment=moment, parts=form.parts, nonce=str(form.cleaned_data["nonce"])
            )
        except operations.MomentError as exc:
            form.add_error(None, str(exc))
        else:
            if moment.couple_id != request.space.couple.pk:
                messages.info(
                    request, _("Saved just for you. You’re no longer linked, so it stays private.")
                )
            elif request.htmx:
                return _render(request, moment)
            else:
                messages.success(
                    request, _("Sent. %(name)s can read it now.") % {"name": moment.author}
                )
            return redirect("moments:detail", pk=moment.pk)
    # Looking it over, or something to fix: the form again, with every word still in it.
    status = 422 if form.errors and request.htmx else 200
    return _render(request, moment, form, status)


@login_required
@require_POST
def felt(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    moment = get_object_or_404(Moment.objects.visible_to(user).filter(author=user), pk=pk)
    reply_id, value = felt_answer(request.POST)
    try:
        operations.mark_felt(user=user, moment=moment, reply_id=reply_id, value=value)
    except operations.MomentError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(
            request,
            _("Thank you. %(name)s can see your answer.")
            % {"name": request.space.partner or _("Your partner")},
        )
    return redirect("moments:detail", pk=moment.pk)


@login_required
@require_POST
def keep(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    moment = get_object_or_404(Moment.objects.visible_to(user).filter(author=user), pk=pk)
    form = KeepForm(request.POST)
    if not form.is_valid():
        raise params.BadParameter(_("That button sent something Nearer can’t read."))
    try:
        operations.keep(user=user, moment=moment, kept=form.cleaned_data["kept"])
    except operations.MomentError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(
            request,
            _("Kept here, on your page of wins and struggles.")
            if moment.kept
            else _("Done. It leaves your page now that it has been answered."),
        )
    return redirect("moments:detail", pk=moment.pk)

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nearer.couples.http import SignedInRequest
from nearer.lib import params

from . import operations
from .forms import KeepsakeForm, StartForm, TimeTogetherForm
from .models import Keepsake, Talk, TalkCard, TimeTogether
from .operations import MAX_CARDS


@login_required
@require_GET
def start_page(request: SignedInRequest) -> HttpResponse:
    couple = request.space.couple
    keepsakes = (
        Keepsake.objects.visible_to(request.user)
        .select_related("author", "talk")
        .order_by("-created_at")[:5]
    )
    return render(
        request,
        "soultalk/start.html",
        {
            "form": StartForm(initial={"nonce": uuid.uuid4()}),
            "partner": request.space.partner,
            "couple": couple,
            "keepsakes": keepsakes,
        },
    )


@login_required
@require_POST
def start(request: SignedInRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        couple = request.space.couple
        return render(
            request,
            "soultalk/start.html",
            {"form": form, "partner": request.space.partner, "couple": couple},
        )
    try:
        talk = operations.start_talk(
            user=request.user,
            minutes=form.cleaned_data["minutes"],
            cards=form.cleaned_data["cards"],
            nonce=str(form.cleaned_data["nonce"] or ""),
        )
    except operations.TalkError as exc:
        messages.error(request, str(exc))
        return redirect("soultalk:start")
    return redirect("soultalk:card", pk=talk.pk, position=1)


def _talk(request: SignedInRequest, pk: int) -> Talk:
    return get_object_or_404(
        Talk.objects.for_user(request.user).select_related("first_asker", "second_asker"), pk=pk
    )


@login_required
@require_GET
def card(request: SignedInRequest, pk: int, position: int) -> HttpResponse:
    talk = _talk(request, pk)
    cards = list(talk.cards.in_deck().select_related("question"))
    if not 1 <= position <= len(cards):
        raise Http404
    current = cards[position - 1]
    asker = talk.asker_for(position)
    answerer = talk.second_asker if asker == talk.first_asker else talk.first_asker
    return render(
        request,
        "soultalk/card.html",
        {
            "talk": talk,
            "card": current,
            "position": position,
            "total": len(cards),
            "asker": asker,
            "answerer": answerer,
            "previous": position - 1 if position > 1 else None,
            "next": position + 1 if position < len(cards) else None,
        },
    )


@login_required
@require_POST
def extend(request: SignedInRequest, pk: int) -> HttpResponse:
    position = params.integer(request.POST.get("position"), low=1, high=MAX_CARDS) or 1
    talk = _talk(request, pk)
    # A finished talk keeps its length: an old page's "5 more minutes" changes nothing.
    Talk.objects.filter(pk=talk.pk, minutes__lte=55, finished_at__isnull=True).update(
        minutes=F("minutes") + 5
    )
    return redirect("soultalk:card", pk=talk.pk, position=position)


def _card(request: SignedInRequest, talk: Talk) -> TalkCard:
    """The card a skip or swap form names, by its id: a nonce of sorts, since a card skipped or
    swapped once is no longer one these forms can change, so a repeated post does nothing."""
    card_id = params.identifier(request.POST.get("card"))
    if card_id is None:
        raise params.BadParameter(_("That form is missing the card it was about."))
    return get_object_or_404(TalkCard.objects.filter(talk=talk), pk=card_id)


@login_required
@require_POST
def skip(request: SignedInRequest, pk: int) -> HttpResponse:
    """“Too deep today? Skip it”: on to the next card; this one is not counted as talked about."""
    talk = _talk(request, pk)
    card = _card(request, talk)
    operations.skip_card(talk=talk, card=card)
    total = talk.cards.in_deck().count()
    return redirect("soultalk:card", pk=talk.pk, position=min(card.position + 1, total))


@login_required
@require_POST
def lighter(request: SignedInRequest, pk: int) -> HttpResponse:
    """“Something lighter”: a lighter card in this one's place, then back to that place."""
    talk = _talk(request, pk)
    card = _card(request, talk)
    try:
        operations.swap_for_lighter(talk=talk, card=card)
    except operations.TalkError as exc:
        messages.info(request, str(exc))
    return redirect("soultalk:card", pk=talk.pk, position=card.position)


@login_required
@require_POST
def done(request: SignedInRequest, pk: int) -> HttpResponse:
    """Finish the talk (by POST only: a link or a prefetch must not end it).

    The card page's "We're done" button posts nothing else and goes on to the page for one
    line to keep; that page's form posts its line here too, so keeping a line finishes the
    talk as well.
    """
    talk = _talk(request, pk)
    operations.finish_talk(talk=talk)
    if "text" not in request.POST:
        return redirect("soultalk:keep", pk=talk.pk)
    form = KeepsakeForm(request.POST)
    if form.is_valid():
        operations.keep_line(
            user=request.user,
            talk=talk,
            text=form.cleaned_data["text"],
            shared=form.cleaned_data["shared"],
        )
        messages.success(request, _("Your line is kept."))
        return redirect("soultalk:start")
    return render(request, "soultalk/done.html", {"talk": talk, "form": form})


@login_required
@require_GET
def keep(request: SignedInRequest, pk: int) -> HttpResponse:
    """After a talk: one line to keep, prefilled with the one kept before. Changes nothing."""
    talk = _talk(request, pk)
    mine = Keepsake.objects.written_by(request.user).filter(talk=talk).first()
    form = KeepsakeForm(initial={"text": mine.text, "shared": mine.shared} if mine else None)
    return render(request, "soultalk/done.html", {"talk": talk, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def time_together(request: SignedInRequest) -> HttpResponse:
    form = TimeTogetherForm(request.POST or None, initial={"nonce": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        time = operations.start_time_together(
            user=request.user,
            minutes=form.cleaned_data["minutes"],
            nonce=str(form.cleaned_data["nonce"] or ""),
        )
        return redirect("soultalk:time_timer", pk=time.pk)
    now = timezone.localtime()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    count, spent = operations.time_spent_since(user=request.user, since=month_start)
    return render(
        request,
        "soultalk/time.html",
        {"form": form, "count": count, "minutes": int(spent.total_seconds() // 60)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def time_timer(request: SignedInRequest, pk: int) -> HttpResponse:
    time = get_object_or_404(TimeTogether.objects.for_user(request.user), pk=pk)
    if request.method == "POST":
        operations.end_time_together(time=time)
        messages.success(request, _("Welcome back. That time was yours."))
        return redirect("soultalk:time")
    return render(request, "soultalk/time_timer.html", {"time": time})

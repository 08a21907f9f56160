from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Protocol, TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nearer.couples.http import SignedInRequest
from nearer.lib.foundations import FOUNDATIONS
from nearer.lib.paging import keyset_page
from nearer.listening.forms import ListeningForm
from nearer.listening.operations import felt_answer, mark_felt

from . import operations
from .forms import EntryForm, TimeForm, VersionForm
from .models import PULSE, CheckIn, CheckInEntry, CheckinPlan, EntryReply
from .talk import conversation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from nearer.accounts.models import User

HISTORY_PAGE = 8
TREND_WEEKS = 6


class PulseRow(TypedDict):
    name: StrOrPromise
    mine: int | None
    theirs: int | None
    mine_label: StrOrPromise | None
    theirs_label: StrOrPromise | None


class HistoryItem(TypedDict):
    checkin: CheckIn
    theirs: CheckInEntry | None
    rows: list[PulseRow]


class _PlanAction(Protocol):
    def __call__(self, *, user: User, seen_version: int) -> CheckinPlan: ...


def _index(request: SignedInRequest, *, time_form: TimeForm | None = None) -> HttpResponse:
    user = request.user
    couple = request.space.couple
    partner = request.space.partner
    plan = operations.plan_of(couple)
    agreed, proposal = operations.plan_slots(plan, user)
    if time_form is None:
        initial: dict[str, object] = {"version": plan.version}
        if shown := proposal or agreed:
            mine = shown.moment.astimezone(user.zone)
            initial.update(weekday=mine.weekday(), time=mine.time().strftime("%H:%M"))
        time_form = TimeForm(initial=initial)
    zone = operations.couple_zone(couple, plan, request.space.memberships)
    current = operations.open_checkin(couple, zone=zone) if partner else None
    written = CheckInEntry.objects.written_by(user)
    wrote = written.filter(checkin=current).exists() if current else False
    recent = list(CheckIn.objects.written_in_by(user).order_by("-week")[:3])
    context = {
        "partner": partner,
        "current": current,
        "wrote": wrote,
        "recent": recent,
        "time_form": time_form,
        "version": plan.version,
        "plan": plan,
        "agreed": agreed,
        "proposal": proposal,
        "proposed_by_me": plan.proposed_by_id == user.pk,
    }
    return render(request, "checkins/index.html", context)


@login_required
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    return _index(request)


@login_required
@require_POST
def propose(request: SignedInRequest) -> HttpResponse:
    form = TimeForm(request.POST)
    if not form.is_valid():
        return _index(request, time_form=form)
    data = form.cleaned_data
    try:
        plan = operations.propose_time(
            user=request.user,
            weekday=data["weekday"],
            at=data["time"],
            seen_version=data["version"],
        )
    except operations.CheckinError as exc:
        # Keep what they chose; a resubmission now counts as a reply to the current plan.
        plan = operations.plan_of(request.space.couple)
        form = TimeForm({**request.POST.dict(), "version": plan.version})
        form.is_valid()
        form.add_error(None, str(exc))
        return _index(request, time_form=form)
    if plan.is_agreed and not plan.has_proposal:
        messages.success(request, _("That’s the same time your partner suggested, so it’s set."))
    else:
        messages.success(
            request,
            _("Suggested. It’s set once your partner accepts, or they can suggest another."),
        )
        if warning := operations.gap_warning(
            weekday=data["weekday"],
            at=data["time"],
            zone_name=request.user.time_zone,
            today=timezone.localdate(),
        ):
            messages.info(request, warning)
    return redirect("checkins:index")


def _plan_action(request: SignedInRequest, action: _PlanAction, done: str) -> HttpResponse:
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.info(request, _("Something went wrong there. Have a look and try again."))
        return redirect("checkins:index")
    try:
        action(user=request.user, seen_version=form.cleaned_data["version"])
    except operations.CheckinError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("checkins:index")


@login_required
@require_POST
def accept(request: SignedInRequest) -> HttpResponse:
    return _plan_action(request, operations.accept_time, _("Agreed. It’s in both your weeks now."))


@login_required
@require_POST
def withdraw(request: SignedInRequest) -> HttpResponse:
    return _plan_action(request, operations.withdraw_proposal, _("Taken back."))


@login_required
@require_POST
def clear(request: SignedInRequest) -> HttpResponse:
    return _plan_action(
        request,
        operations.clear_time,
        _("The weekly time is off. You can still check in whenever suits you."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def write(request: SignedInRequest) -> HttpResponse:
    user = request.user
    couple = request.space.couple
    partner = request.space.partner
    if partner is None:
        return redirect("checkins:index")
    zone = operations.couple_zone(couple, members=request.space.memberships)
    current = operations.open_checkin(couple, zone=zone)
    week = current.week if current else operations.this_week(couple, zone=zone)
    if current is not None and current.is_revealed:
        return redirect("checkins:detail", pk=current.pk)
    request_entry = operations.previous_entries(user=user, couple=couple, week=week).get("theirs")
    followup_for = (
        _("%(name)s said this would help them feel more loved: “%(words)s”")
        % {"name": partner, "words": request_entry.more_loved}
        if request_entry
        else ""
    )
    mine = (
        CheckInEntry.objects.written_by(user).filter(checkin=current).first() if current else None
    )
    if request.method == "POST":
        form = EntryForm(request.POST, followup_for=followup_for)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = operations.save_entry(
                    user=user,
                    appreciated=data["appreciated"],
                    more_loved=data["more_loved"],
                    closer=data["closer"],
                    pulse=form.pulse,
                    followup=data.get("followup", ""),
                    checkin_id=current.pk if current else None,
                )
            except operations.CheckinError as exc:
                form.add_error(None, str(exc))
            else:
                if entry.checkin.is_revealed:
                    return redirect("checkins:detail", pk=entry.checkin_id)
                messages.success(
                    request,
                    _("Your check-in is in. It opens when %(name)s has done theirs too.")
                    % {"name": partner},
                )
                return redirect("checkins:index")
    else:
        initial: dict[str, object] = {}
        if mine is not None:
            initial = {
                "appreciated": mine.appreciated,
                "more_loved": mine.more_loved,
                "closer": mine.closer,
                "followup": mine.followup,
                **{f"pulse_{k}": v for k, v in mine.pulse.items()},
            }
        form = EntryForm(initial=initial, followup_for=followup_for)
    return render(
        request,
        "checkins/write.html",
        {
            "form": form,
            "partner": partner,
            "week": week,
            "editing": mine is not None,
            "request_entry": request_entry,
        },
    )


def _pulse_rows(mine: CheckInEntry | None, theirs: CheckInEntry | None) -> list[PulseRow]:
    rows: list[PulseRow] = []
    for key, name in FOUNDATIONS.items():
        a = mine.pulse.get(key) if mine else None
        b = theirs.pulse.get(key) if theirs else None
        rows.append(
            {
                "name": name,
                "mine": a,
                "theirs": b,
                "mine_label": PULSE.get(a) if a else "",
                "theirs_label": PULSE.get(b) if b else "",
            }
        )
    return rows


def _detail(
    request: SignedInRequest, pk: int, *, reply_form: ListeningForm | None = None
) -> HttpResponse:
    user = request.user
    weeks = (
        CheckIn.objects.history_for(user)
        .select_related("couple")
        .with_entries_for(user, replies=True)
    )
    checkin = get_object_or_404(weeks, pk=pk)
    mine, theirs = checkin.sides(user)
    couple = request.space.couple
    in_space = checkin.couple_id == couple.pk
    partner = request.space.partner if in_space else None
    context: dict[str, object] = {
        "checkin": checkin,
        "mine": mine,
        "theirs": theirs,
        "partner": partner,
        "in_space": in_space,
        "rows": _pulse_rows(mine, theirs),
        "reply_form": reply_form or ListeningForm(initial={"nonce": uuid.uuid4()}, user=user),
        "open_now": in_space
        and not checkin.is_revealed
        and operations.open_checkin(
            couple, zone=operations.couple_zone(couple, members=request.space.memberships)
        )
        == checkin,
    }
    if checkin.is_revealed and mine and theirs:
        earlier = operations.previous_entries(user=user, couple=checkin.couple, week=checkin.week)
        context["asked_of_me"] = earlier.get("theirs")  # their request, answered in mine
        context["asked_by_me"] = earlier.get("mine")  # my request, answered in theirs
        context["talk"] = conversation(
            mine.pulse,
            theirs.pulse,
            has_followups=bool(earlier),
        )
    return render(request, "checkins/detail.html", context)


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@login_required
@require_POST
def reply(request: SignedInRequest, pk: int) -> HttpResponse:
    """Answer the partner's opened entry of this week through the listening step."""
    user = request.user
    checkin = get_object_or_404(CheckIn.objects.for_user(user), pk=pk)
    entry = get_object_or_404(
        CheckInEntry.objects.visible_to(user).exclude(author=user).select_related("checkin"),
        checkin=checkin,
    )
    form = ListeningForm(request.POST, user=user)
    if form.looking_over:
        # "Look over my reply": the words back with the hints, nothing saved.
        return _detail(request, pk, reply_form=form)
    if form.is_valid():
        try:
            operations.reply_to_entry(
                user=user, entry=entry, parts=form.parts, nonce=str(form.cleaned_data["nonce"])
            )
        except operations.CheckinError as exc:
            form.add_error(None, str(exc))
    if form.errors:
        return _detail(request, pk, reply_form=form)
    messages.success(request, _("Sent. %(name)s can read it now.") % {"name": entry.author})
    return redirect(reverse("checkins:detail", args=[pk]) + "#replies")


@login_required
@require_POST
def felt(request: SignedInRequest, pk: int) -> HttpResponse:
    """The author of an entry says whether a reply to it left them feeling heard."""
    user = request.user
    checkin = get_object_or_404(CheckIn.objects.for_user(user), pk=pk)
    reply_id, value = felt_answer(request.POST)
    replies = EntryReply.objects.to_entries_of(user).filter(entry__checkin=checkin)
    if not mark_felt(replies, reply_id, value):
        raise Http404
    messages.success(request, _("Thank you. They’ll see how it landed."))
    return redirect(reverse("checkins:detail", args=[pk]) + "#replies")


@login_required
@require_POST
def talked(request: SignedInRequest, pk: int) -> HttpResponse:
    checkin = get_object_or_404(CheckIn.objects.for_user(request.user), pk=pk)
    try:
        operations.mark_talked(user=request.user, checkin=checkin)
    except operations.CheckinError as exc:
        messages.info(request, str(exc))
    return redirect("checkins:detail", pk=checkin.pk)


@login_required
@require_GET
def history(request: SignedInRequest) -> HttpResponse:
    """Check-ins the person wrote in, newest first, by keyset (week, id), with each week's
    pulse: their own, and their partner's once opened."""
    user = request.user
    written = CheckIn.objects.written_in_by(user).with_entries_for(user)
    page = keyset_page(written, "week", request.GET.get("before"), HISTORY_PAGE)
    items: list[HistoryItem] = []
    for checkin in page.items:
        mine, theirs = checkin.sides(user)
        items.append({"checkin": checkin, "theirs": theirs, "rows": _pulse_rows(mine, theirs)})
    trend = None
    if not request.GET.get("before") and items:
        weeks = list(reversed(items[:TREND_WEEKS]))
        trend = {
            "weeks": [item["checkin"].week for item in weeks],
            "rows": [
                {"name": name, "values": [item["rows"][i]["mine"] for item in weeks]}
                for i, name in enumerate(FOUNDATIONS.values())
            ],
        }
    template = "checkins/history.html#history-items" if request.htmx else "checkins/history.html"
    context = {"items": items, "trend": trend, "next_cursor": page.next_cursor}
    return render(request, template, context)

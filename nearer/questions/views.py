from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nearer.couples.http import SignedInRequest
from nearer.couples.models import Sides
from nearer.lib import params, practices
from nearer.lib.paging import keyset_page
from nearer.lib.timezones import local_date
from nearer.listening.forms import ListeningForm
from nearer.listening.operations import felt_answer, mark_felt
from nearer.notifications.operations import waiting_for

from . import operations
from .forms import AnswerForm, GuessForm, offer_guess
from .models import Answer, DailyQuestion, DailyQuestionQuerySet, Response

HISTORY_PAGE = 10


def _for_page(days: DailyQuestionQuerySet, request: SignedInRequest) -> DailyQuestionQuerySet:
    """Days as a page shows them: with the question, and whether the partner has answered."""
    return days.select_related("question").with_partner_answered(request.space.partner)


def _daily_context(
    request: SignedInRequest, daily: DailyQuestion, **extra: object
) -> dict[str, object]:
    user = request.user
    couple = request.space.couple
    partner = request.space.partner
    in_space = daily.couple_id == couple.pk
    # The day's answers and the last earlier time's, with their guesses: one query.
    rows = list(Answer.objects.for_day_page(user, daily))
    mine, theirs = Sides.of([row for row in rows if row.daily_id == daily.pk], user)
    before = Sides.of([row for row in rows if row.daily_id != daily.pk], user)
    guessing = (
        in_space and theirs is None and operations.guess_offered(daily, pair=request.space.shared)
    )
    responses = []
    if daily.is_revealed and in_space:
        responses = list(
            Response.objects.visible_to(user)
            .filter(answer__daily=daily)
            .select_related("author")
            .order_by("created_at")
        )
    partner_answered = (
        partner is not None
        and in_space
        # An annotation from _for_page (`with_partner_answered`), which the types do not follow.
        and daily.partner_answered  # type: ignore[attr-defined]
    )
    context: dict[str, object] = {
        "daily": daily,
        "question": daily.question,
        "partner": partner,
        "in_space": in_space,
        "mine": mine,
        "theirs": theirs,
        "responses": responses,
        "partner_answered": partner_answered,
        "editing": request.GET.get("edit") == "1" and mine is not None and not daily.is_revealed,
        "answer_form": AnswerForm(initial={"text": mine.text if mine else ""}),
        "before_mine": before.mine,
        "before_theirs": before.theirs,
        "before_date": next((row.daily.date for row in before if row is not None), None),
        "guessing": guessing,
        "my_guess": mine.open_guess if mine else None,
        "their_guess": theirs.open_guess if theirs and daily.is_revealed else None,
        "response_form": ListeningForm(initial={"nonce": uuid.uuid4()}, user=user),
        "couple": couple,
        "deeper_offered": False,
        "i_am_ready": request.space.ready_for_deeper,
    }
    context.update(extra)
    if guessing and mine is not None and "guess_form" not in context:
        my_guess = mine.open_guess
        context["guess_form"] = GuessForm(
            initial={"guess": my_guess.text if my_guess else ""}, partner=partner
        )
    if in_space and context.get("is_today"):  # only Today's page shows the offer
        context["deeper_offered"] = operations.deeper_is_offered(
            couple, shared=getattr(daily, "shared_at_depth", None), pair=request.space.shared
        )
    answer_form = context["answer_form"]
    if partner is None and isinstance(answer_form, AnswerForm):
        answer_form.for_one()
    if guessing and mine is None and isinstance(answer_form, AnswerForm):
        offer_guess(answer_form, partner)
    return context


def _render_daily(
    request: SignedInRequest, context: dict[str, object], status: int = 200
) -> HttpResponse:
    template = "questions/daily.html#daily-card" if request.htmx else "questions/daily.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def today(request: SignedInRequest) -> HttpResponse:
    if token := request.session.pop("pending_invite", None):
        return redirect("couples:join", token=token)
    couple = request.space.couple
    date = local_date(timezone.now(), request.user.time_zone)
    days = DailyQuestion.objects.with_shared_at_depth(couple, pair=request.space.shared)
    daily = operations.daily_question(couple=couple, date=date, queryset=_for_page(days, request))
    waiting = waiting_for(request.user)
    parts = [
        part
        for practice in practices.practices()
        if practice.today and (part := practice.today(request))
    ]
    shown = [render_to_string(part.template, part.context, request=request) for part in parts]
    return _render_daily(
        request, _daily_context(request, daily, is_today=True, today_parts=shown, waiting=waiting)
    )


@login_required
@require_GET
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    daily = get_object_or_404(
        _for_page(DailyQuestion.objects.history_for(request.user), request), pk=pk
    )
    today_date = local_date(timezone.now(), request.user.time_zone)
    return _render_daily(request, _daily_context(request, daily, is_today=daily.date == today_date))


def _own_daily(request: SignedInRequest, pk: int) -> DailyQuestion:
    return get_object_or_404(
        DailyQuestion.objects.for_user(request.user).select_related("question"), pk=pk
    )


def _back(daily: DailyQuestion, request: SignedInRequest) -> HttpResponse:
    today_date = local_date(timezone.now(), request.user.time_zone)
    if daily.date == today_date:
        return redirect("questions:today")
    return redirect("questions:detail", pk=daily.pk)


@login_required
@require_POST
def answer(request: SignedInRequest, pk: int) -> HttpResponse:
    daily = get_object_or_404(
        _for_page(DailyQuestion.objects.answerable_by(request.user), request), pk=pk
    )
    form = AnswerForm(request.POST)
    partner = request.space.partner
    if "guess" in request.POST and partner is not None:  # a guess day's form (save_answer checks)
        offer_guess(form, partner)
    if form.is_valid():
        try:
            operations.save_answer(
                user=request.user,
                daily=daily,
                text=form.cleaned_data["text"],
                guess=form.cleaned_data.get("guess", ""),
            )
        except operations.QuestionError as exc:
            form.add_error(None, str(exc))
    if form.errors:
        # Show the problem with everything the person wrote still in the form.
        context = _daily_context(request, daily, answer_form=form, editing=True)
        return _render_daily(request, context, status=422 if request.htmx else 200)
    daily.refresh_from_db()
    if request.htmx:
        return _render_daily(request, _daily_context(request, daily, just_saved=True))
    if daily.couple_id != request.space.couple.pk:
        messages.info(
            request, _("Saved just for you. You’re no longer linked, so it stays private.")
        )
    else:
        messages.success(request, _("Your answer is saved."))
    return _back(daily, request)


def _act(
    request: SignedInRequest, pk: int, action: Callable[..., object], done: str
) -> HttpResponse:
    """Run one daily-question action for the person, then go back with a message."""
    daily = _own_daily(request, pk)
    try:
        action(user=request.user, daily=daily)
    except operations.QuestionError as exc:
        messages.info(request, str(exc))
    else:
        if done:
            messages.success(request, done)
    return _back(daily, request)


@login_required
@require_POST
def lighter(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        operations.ask_for_lighter,
        _("Here’s something lighter for today, for both of you."),
    )


@login_required
@require_POST
def share(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, operations.share_early, _("Shared. Your partner can read your answer now.")
    )


@login_required
@require_POST
def respond(request: SignedInRequest, pk: int) -> HttpResponse:
    answer_id = params.identifier(request.POST.get("answer"))
    if answer_id is None:
        raise params.BadParameter(_("That reply didn’t say which answer it was for."))
    daily = get_object_or_404(
        _for_page(DailyQuestion.objects.for_user(request.user), request), pk=pk
    )
    answer_obj = get_object_or_404(
        Answer.objects.others_visible_to(request.user).filter(daily=daily),
        pk=answer_id,
    )
    form = ListeningForm(request.POST, user=request.user)
    if form.looking_over:
        # "Look over my reply": the words back with the hints, nothing saved.
        return _render_daily(request, _daily_context(request, daily, response_form=form))
    if form.is_valid():
        try:
            operations.respond(
                user=request.user,
                answer=answer_obj,
                parts=form.parts,
                nonce=str(form.cleaned_data["nonce"]),
            )
        except operations.QuestionError as exc:
            form.add_error(None, str(exc))
    if form.errors:
        # The reason beside the form, with the words still in it (htmx swaps a 422 in too).
        context = _daily_context(request, daily, response_form=form)
        return _render_daily(request, context, status=422 if request.htmx else 200)
    if request.htmx:
        return _render_daily(request, _daily_context(request, daily))
    return _back(daily, request)


@login_required
@require_POST
def guess(request: SignedInRequest, pk: int) -> HttpResponse:
    """A guess at the partner's answer, written once one's own answer is in."""
    daily = get_object_or_404(
        _for_page(DailyQuestion.objects.for_user(request.user), request), pk=pk
    )
    form = GuessForm(request.POST, partner=request.space.partner or _("your partner"))
    if not form.is_valid():
        # The reason beside the form, with the words still in it (htmx swaps a 422 in too).
        context = _daily_context(request, daily, guess_form=form)
        return _render_daily(request, context, status=422 if request.htmx else 200)
    try:
        operations.save_guess(user=request.user, daily=daily, text=form.cleaned_data["guess"])
    except operations.QuestionError as exc:
        # The guess form is not on the page in these cases (answered, opened, not today's).
        if request.htmx:
            return _render_daily(request, _daily_context(request, daily, notice=str(exc)))
        messages.info(request, str(exc))
        return _back(daily, request)
    if request.htmx:
        return _render_daily(request, _daily_context(request, daily, just_saved=True))
    messages.success(
        request, _("Your guess is saved. It stays with you until you’ve both answered.")
    )
    return _back(daily, request)


@login_required
@require_POST
def felt(request: SignedInRequest, pk: int) -> HttpResponse:
    """The author of an answer says whether a reply to it left them feeling heard."""
    daily = _own_daily(request, pk)
    reply_id, value = felt_answer(request.POST)
    replies = Response.objects.to_answers_of(request.user).filter(answer__daily=daily)
    if not mark_felt(replies, reply_id, value):
        raise Http404
    messages.success(request, _("Thank you. They’ll see how it landed."))
    return _back(daily, request)


@login_required
@require_POST
def talked(request: SignedInRequest, pk: int) -> HttpResponse:
    return _act(request, pk, operations.mark_talked, "")


@login_required
@require_POST
def depth(request: SignedInRequest) -> HttpResponse:
    couple = request.space.couple
    action = request.POST.get("action")
    if action == "deeper":
        try:
            moved = operations.say_ready_for_deeper(user=request.user, couple=couple)
        except operations.QuestionError as exc:
            messages.info(request, str(exc))
        else:
            messages.success(
                request,
                _("You’re both ready: questions will go a little deeper from tomorrow.")
                if moved
                else _("Noted. Questions go deeper once your partner says they’re ready too."),
            )
    elif action == "lighter":
        operations.step_back_down(user=request.user, couple=couple)
        messages.success(request, _("Done. Questions will be lighter from tomorrow."))
    else:
        raise Http404
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("questions:today")
    return redirect(target)


@login_required
@require_GET
def history(request: SignedInRequest) -> HttpResponse:
    """Past questions, newest first, paginated by keyset (date, id) — never by offset."""
    user = request.user
    days = DailyQuestion.objects.history_for(user).select_related("question")
    page = keyset_page(days.with_answers_for(user), "date", request.GET.get("before"), HISTORY_PAGE)
    context = {"page": page.items, "next_cursor": page.next_cursor}
    template = "questions/history.html#history-items" if request.htmx else "questions/history.html"
    return render(request, template, context)

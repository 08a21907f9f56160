from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nearer.couples.http import SignedInRequest
from nearer.lib import params
from nearer.lib.paging import moment_cursor, parse_moment_cursor
from nearer.lib.timezones import local_date

from . import operations
from .content import KINDS, selection
from .forms import NoteForm
from .models import Note, NoteQuerySet

PAGE = 10  # notes shown at a time in each list
SCHEDULED_SHOWN = 50
IDEAS_SHOWN = 3
MAX_TURN = 99_999  # "show me others" wraps around long before this


def _page(notes: NoteQuerySet, before: str | None) -> tuple[list[Note], str | None]:
    """Delivered notes newest first, a page at a time by keyset (delivered_at, id)."""
    if cursor := parse_moment_cursor(before):
        moment, pk = cursor
        notes = notes.filter(Q(delivered_at__lt=moment) | Q(delivered_at=moment, pk__lt=pk))
    page = list(notes.order_by("-delivered_at", "-pk")[: PAGE + 1])
    more = len(page) > PAGE
    page = page[:PAGE]
    if not more:
        return page, None
    last = page[-1]
    assert last.delivered_at is not None
    return page, moment_cursor(last.delivered_at, last.pk)


@login_required
@require_http_methods(["GET", "POST"])
def index(request: SignedInRequest) -> HttpResponse:
    user = request.user
    couple = request.space.couple
    partner = request.space.partner
    today = local_date(timezone.now(), user.time_zone)
    form = NoteForm(request.POST or None, initial={"nonce": uuid.uuid4()}, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            note = operations.send_note(
                author=user,
                text=form.cleaned_data["text"],
                deliver_at=form.cleaned_data["deliver_at"],
                nonce=str(form.cleaned_data["nonce"] or ""),
            )
        except operations.NoteError as exc:
            form.add_error(exc.field, str(exc))
        else:
            if note.is_delivered:
                messages.success(
                    request, _("Sent. It’s waiting for %(name)s in Nearer.") % {"name": partner}
                )
            else:
                when = formats.date_format(timezone.localtime(note.deliver_at), "l j F, H:i")
                messages.success(
                    request,
                    _("Kept for later. It arrives on %(when)s, your time.") % {"when": when},
                )
            return redirect("notes:index")

    received_notes = Note.objects.received_by(user).select_related("author")
    written = Note.objects.written_by(user).select_related("author", "recipient")
    # "Show earlier" through htmx: only the list that was asked for.
    if request.htmx and "before" in request.GET:
        received, received_next = _page(received_notes, request.GET["before"])
        return render(
            request,
            "notes/index.html#received-items",
            {"received": received, "received_next": received_next},
        )
    if request.htmx and "sent_before" in request.GET:
        sent, sent_next = _page(written.delivered(), request.GET["sent_before"])
        return render(
            request, "notes/index.html#sent-items", {"sent": sent, "sent_next": sent_next}
        )
    received, received_next = _page(received_notes, request.GET.get("before"))
    sent, sent_next = _page(written.delivered(), request.GET.get("sent_before"))
    scheduled = list(
        written.undelivered()
        .select_related("couple")
        .order_by("deliver_at", "pk")[:SCHEDULED_SHOWN]
    )
    return render(
        request,
        "notes/index.html",
        {
            "form": form,
            "partner": partner,
            "couple": couple,
            "now": timezone.now(),
            "scheduled": scheduled,
            "received": received,
            "received_next": received_next,
            "sent": sent,
            "sent_next": sent_next,
            "first_time": not (scheduled or received or sent),
        },
    )


@login_required
@require_POST
def cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    try:
        operations.cancel_note(author=request.user, note_id=pk)
    except operations.NoteError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, _("Cancelled. It won’t be delivered."))
    return redirect("notes:index")


@login_required
@require_POST
def delete(request: SignedInRequest, pk: int) -> HttpResponse:
    try:
        operations.delete_note(author=request.user, note_id=pk)
    except operations.NoteError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, _("Deleted."))
    return redirect("notes:index")


def _query(**params: object) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v})


@login_required
@require_GET
def kindness(request: SignedInRequest) -> HttpResponse:
    """A few kindness ideas a day, "show me others", and what the partner asked for."""
    user = request.user
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    apart = "1" if request.GET.get("apart") == "1" else ""
    turn = params.integer(request.GET.get("turn"), high=MAX_TURN) or 0
    today = local_date(timezone.now(), user.time_zone)
    picked = selection(
        seed=f"{user.pk}:{today.isoformat()}",
        kind=kind,
        apart=bool(apart),
        turn=turn,
        count=IDEAS_SHOWN,
    )
    context = {
        "picked": picked,
        "others_url": _query(kind=kind, apart=apart, turn=picked.turn + 1),
    }
    if request.htmx:
        return render(request, "notes/kindness.html#ideas", context)
    kinds = [{"label": _("Any kind"), "url": _query(apart=apart), "current": not kind}]
    kinds += [
        {"label": label, "url": _query(kind=key, apart=apart), "current": key == kind}
        for key, label in KINDS.items()
    ]
    partner = request.space.partner
    return render(
        request,
        "notes/kindness.html",
        {
            **context,
            "kinds": kinds,
            "apart": bool(apart),
            "apart_url": _query(kind=kind, apart="" if apart else "1"),
            "partner": partner,
            "requests": operations.partner_requests(user) if partner else [],
        },
    )

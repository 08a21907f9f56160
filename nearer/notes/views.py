from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nearer.couples.http import SignedInRequest
from nearer.lib import params
from nearer.lib.paging import keyset_page
from nearer.lib.timezones import local_date

from . import operations
from .content import KINDS, selection
from .forms import NoteForm
from .models import Note

PAGE = 10  # notes shown at a time in each list
SCHEDULED_SHOWN = 50
IDEAS_SHOWN = 3
MAX_TURN = 99_999  # "show me others" wraps around long before this


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
        received = keyset_page(received_notes, "delivered_at", request.GET["before"], PAGE)
        return render(
            request,
            "notes/index.html#received-items",
            {"received": received.items, "received_next": received.next_cursor},
        )
    if request.htmx and "sent_before" in request.GET:
        sent = keyset_page(written.delivered(), "delivered_at", request.GET["sent_before"], PAGE)
        return render(
            request,
            "notes/index.html#sent-items",
            {"sent": sent.items, "sent_next": sent.next_cursor},
        )
    received = keyset_page(received_notes, "delivered_at", request.GET.get("before"), PAGE)
    sent = keyset_page(written.delivered(), "delivered_at", request.GET.get("sent_before"), PAGE)
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
            "received": received.items,
            "received_next": received.next_cursor,
            "sent": sent.items,
            "sent_next": sent.next_cursor,
            "first_time": not (scheduled or received.items or sent.items),
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

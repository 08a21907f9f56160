"""Writing, scheduling, delivering and removing loving notes.

Delivery guarantees (the same shape as docs/decisions/0010-reminders-and-delivery.md):

* A note is delivered at most once: `delivered_at` is set by a conditional update on the note's
  own row, so of two workers (or the sweep and the deferred task) only one changes it, and only
  that one notifies the recipient.
* A note is delivered only while its space is still shared. Unlinking ends the space under a
  lock on the couple row; delivery takes the same lock before it looks, so a note never slips
  through while its space is being ended, and after unlinking it is never delivered.
* Nothing a person wrote leaves the sealed body: tasks carry ids, notifications fixed sentences.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import default_task_backend

from nearer.checkins.models import CheckInEntry
from nearer.couples.space import partner_of, space_of
from nearer.lib import schedule
from nearer.notifications.models import Notification

from .delivery import deliver_note
from .models import Note
from .tasks import deliver_note as deliver_note_task

if TYPE_CHECKING:
    from nearer.accounts.models import User

SOONEST = dt.timedelta(minutes=1)  # "later" means at least this far ahead
LATEST = dt.timedelta(days=366)  # and at most about a year (an anniversary next year fits)
PASSED_MESSAGE = gettext_lazy("That time has already passed. Choose a later time, or send it now.")
FAR_MESSAGE = gettext_lazy("That’s more than a year away. Choose a time within the next year.")


class NoteError(Exception):
    """Something that cannot be done; the message is for the person, `field` where it belongs."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise NoteError(_("Write a few words first."), field="text")
    limit = settings.NEARER_NOTE_MAX_LENGTH
    if len(text) > limit:
        raise NoteError(
            _("Keep it under %(limit)d characters. Your words are still here.") % {"limit": limit},
            field="text",
        )
    return text


def delivery_time(*, author: User, deliver_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """The UTC moment for a note "for later".

    A naive `deliver_at` is a wall time on the author's own clock; an aware one is a moment.
    Refused: a time in a daylight-saving gap, in the past or within a minute, or over a year out.
    """
    if timezone.is_naive(deliver_at):
        tz = author.zone
        day, at = deliver_at.date(), deliver_at.time()
        try:
            skipped = schedule.nonexistent(day, at, tz)
        except schedule.OutOfRange:  # outside the calendar: long past, or far ahead
            raise NoteError(
                str(PASSED_MESSAGE if day < schedule.EARLIEST_DAY else FAR_MESSAGE), field="day"
            ) from None
        if skipped:
            raise NoteError(
                _(
                    "Clocks go forward that night, so %(time)s doesn’t happen on %(date)s. "
                    "Choose another time."
                )
                % {"time": at.strftime("%H:%M"), "date": formats.date_format(day, "j F")},
                field="time",
            )
        moment = schedule.at_local(day, at, tz)
    else:
        moment = deliver_at.astimezone(dt.UTC)
    if moment < now + SOONEST:
        raise NoteError(str(PASSED_MESSAGE), field="day")
    if moment > now + LATEST:
        raise NoteError(str(FAR_MESSAGE), field="day")
    return moment


def send_note(
    *, author: User, text: str, deliver_at: dt.datetime | None = None, nonce: str = ""
) -> Note:
    """Write a note to the partner: delivered now, or at `deliver_at` by the worker.

    The same `nonce` twice (a double-submitted form) sends one note and returns it.
    """
    if nonce and (done := Note.objects.filter(author=author, nonce=nonce).first()):
        return done
    text = _clean_text(text)
    couple = space_of(author)
    partner = partner_of(author, couple)
    if partner is None:
        raise NoteError(_("Notes go to your partner. Invite them first, then write any time."))
    now = timezone.now()
    moment = (
        now if deliver_at is None else delivery_time(author=author, deliver_at=deliver_at, now=now)
    )
    note = Note(
        author=author,
        recipient=partner,
        couple=couple,
        deliver_at=moment,
        created_at=now,
        nonce=nonce,
    )
    note.text = text
    try:
        with transaction.atomic():
            note.save()
            if deliver_at is None:
                deliver_note(note_id=note.pk, now=now)
            else:
                transaction.on_commit(partial(_enqueue_delivery, note.pk, moment), robust=True)
    except IntegrityError:  # the same form, submitted twice at once
        if nonce and (done := Note.objects.filter(author=author, nonce=nonce).first()):
            return done
        raise
    note.refresh_from_db(fields=["delivered_at"])
    return note


def _enqueue_delivery(note_id: int, moment: dt.datetime) -> None:
    """Ask the task backend to deliver at that moment, if it can wait that long.

    Backends that run tasks at once (tests) cannot; the sweep delivers every due note anyway.
    """
    if default_task_backend.supports_defer:
        deliver_note_task.using(run_after=moment).enqueue(note_id)


# --- Cancelling and deleting ---------------------------------------------------------------


def cancel_note(*, author: User, note_id: int) -> None:
    """Take back a note that has not arrived yet."""
    with transaction.atomic():
        note = (
            Note.objects.written_by(author)
            .select_for_update()
            .filter(pk=note_id, delivered_at__isnull=True)
            .first()
        )
        if note is None:
            if Note.objects.written_by(author).delivered().filter(pk=note_id).exists():
                raise NoteError(_("That note has already arrived. You can still delete it."))
            raise NoteError(_("That note isn’t here any more."))
        note.delete()


def delete_note(*, author: User, note_id: int) -> None:
    """Delete one's own note, delivered or not, and the line that told the partner about it."""
    with transaction.atomic():
        note = Note.objects.written_by(author).select_for_update().filter(pk=note_id).first()
        if note is None:
            raise NoteError(_("That note isn’t here any more."))
        Notification.objects.filter(user_id=note.recipient_id, key=f"note:{note.pk}").delete()
        note.delete()


# --- What the partner asked for -------------------------------------------------------------


def partner_requests(user: User, *, limit: int = 3, fetch: int = 8) -> list[CheckInEntry]:
    """The partner's latest "what would help me feel more loved" from opened check-ins.

    Each entry is decrypted to read it, so only the newest few weeks are fetched.
    """
    entries = CheckInEntry.objects.requests_for(user)[:fetch]
    return [entry for entry in entries if entry.more_loved.strip()][:limit]

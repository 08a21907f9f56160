"""Creating notifications, firing reminders, and the sweep: each safe to run twice.

Sending the emails lives in `email.py`, below this module: creating a notification enqueues
its email there, and the sweep sends what fell due through it.

Delivery guarantees (docs/decisions/0010-reminders-and-delivery.md):

* A notification is created at most once per (person, key): a unique constraint, not a check.
* A reminder fires once per occurrence: the sweep moves `Reminder.next_at` on with a
  conditional update, in the same transaction that creates the notification. Two sweeps at
  once: one update wins, the other changes nothing. A sweep that dies: both roll back.
* An email is sent by whoever holds its lease. A worker claims it with a conditional update
  (committed), sends, then marks it sent. A worker that dies mid-send leaves the lease to
  expire, and the next sweep sends it: nothing is lost. Two workers never hold one lease.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from nearer.couples.models import Membership
from nearer.couples.space import space_of
from nearer.lib import practices, schedule
from nearer.lib.practices import Reminders

from .email import enqueue_email, send_due_emails
from .models import Notification, Preferences, Reminder, preferences_of
from .registry import BATCH, SWEEP_BUDGET

if TYPE_CHECKING:
    from nearer.accounts.models import User
    from nearer.couples.models import Couple

logger = logging.getLogger(__name__)

# A reminder found this long after its event started (the worker was off) is dropped, not sent.
STALE_AFTER = dt.timedelta(hours=2)
# A reminder email that quiet hours would hold past its event by more than this is not sent.
EMAIL_GRACE = dt.timedelta(minutes=30)


def notify(
    *,
    user: User,
    kind: str,
    key: str,
    url: str,
    actor: User | None = None,
    about_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Notification | None:
    """Put a line in the person's list, and queue an email if they asked for one.

    Idempotent: a second call with the same key does nothing and returns None.
    """
    now = now or timezone.now()
    prefs = preferences_of(user)
    practice, declared = practices.kinds()[kind]
    wants_email = prefs.wants_email(practice.app) and bool(user.email)
    email_at = (
        schedule.after_quiet_hours(now, user.zone, prefs.quiet_start, prefs.quiet_end)
        if wants_email
        else None
    )
    if declared.reminder and email_at and about_at and email_at > about_at + EMAIL_GRACE:
        # Quiet hours would hold it until after the thing itself: the list is enough.
        wants_email, email_at = False, None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                key=key,
                actor=actor,
                about_at=about_at,
                url=url,
                created_at=now,
                email=wants_email,
                email_at=email_at,
            )
    except IntegrityError:
        return None
    if email_at is not None and email_at <= now:
        transaction.on_commit(lambda: enqueue_email(notification.pk))
    return notification


# --- Reminders ------------------------------------------------------------------------------


EventCache = dict[tuple[str, int, dt.datetime], "dt.datetime | None"]


def _sources() -> dict[str, Reminders]:
    """Reminder sources by practice, as the practices declare them."""
    return {p.app: p.reminders for p in practices.remindable() if p.reminders is not None}


def _next_event(
    practice: str, source_id: int, after: dt.datetime, cache: EventCache | None = None
) -> dt.datetime | None:
    """The source's next event after `after`; memoised per sweep (both partners share one)."""
    if cache is None:
        return _sources()[practice].next_event(source_id, after)
    key = (practice, source_id, after)
    if key not in cache:
        cache[key] = _sources()[practice].next_event(source_id, after)
    return cache[key]


def _next_reminder(
    practice: str, source_id: int, after: dt.datetime, cache: EventCache | None = None
) -> dt.datetime | None:
    """The first reminder moment strictly after `after` for this thing."""
    lead = _sources()[practice].lead
    event = _next_event(practice, source_id, after + lead, cache)
    return event - lead if event else None


def sync_reminders(
    user: User, now: dt.datetime | None = None, *, couple: Couple | None = None
) -> None:
    """Make the person's reminder rows match what they asked for and what is scheduled.
    `couple` is the person's current space, when the caller already has it."""
    now = now or timezone.now()
    prefs = preferences_of(user)
    couple = couple or space_of(user)
    wanted: dict[tuple[str, int], dt.datetime | None] = {}
    for practice in prefs.remind:
        source = _sources().get(practice)
        if source is None:
            continue
        for source_id in source.sources_in(couple):
            wanted[(practice, source_id)] = _next_reminder(practice, source_id, now)
    with transaction.atomic():
        existing = {(r.practice, r.source_id): r for r in Reminder.objects.filter(user=user)}
        gone = [r.pk for k, r in existing.items() if k not in wanted]
        Reminder.objects.filter(pk__in=gone).delete()
        for (practice, source_id), next_at in wanted.items():
            row = existing.get((practice, source_id))
            if row is None:
                Reminder.objects.get_or_create(
                    user=user, practice=practice, source_id=source_id, defaults={"next_at": next_at}
                )
            elif row.next_at != next_at and not (row.next_at and row.next_at <= now):
                # A due row not yet fired keeps its moment: the sweep will send it.
                Reminder.objects.filter(pk=row.pk, next_at=row.next_at).update(next_at=next_at)


def sync_couple_reminders(couple: Couple) -> None:
    """After something scheduled changed in a space: both members' reminders."""
    members = Membership.objects.active().filter(couple=couple)
    for membership in members.select_related("user__notification_prefs"):
        sync_reminders(membership.user, couple=couple)


def _fire(reminder: Reminder, now: dt.datetime, cache: EventCache) -> bool:
    """Fire one due reminder and move it on to its next moment. True if a line was created."""
    source = _sources().get(reminder.practice)
    if source is None:
        Reminder.objects.filter(pk=reminder.pk).delete()
        return False
    moment = reminder.next_at
    assert moment is not None
    event_at = moment + source.lead
    following = _next_reminder(reminder.practice, reminder.source_id, moment, cache)
    moved = Reminder.objects.filter(pk=reminder.pk, next_at=moment).update(next_at=following)
    if not moved:
        return False  # another sweep fired this one a moment ago
    if now - event_at > STALE_AFTER:
        return False
    still_on = _next_event(
        reminder.practice, reminder.source_id, event_at - dt.timedelta(seconds=1), cache
    )
    if still_on != event_at:
        return False  # cancelled, moved or removed since this reminder was planned
    created = notify(
        user=reminder.user,
        kind=source.kind,
        key=f"{source.kind}:{reminder.source_id}:{event_at.isoformat()}",
        url=reverse(source.url_name),
        about_at=event_at,
        now=now,
    )
    return created is not None


def fire_due_reminders(now: dt.datetime | None = None, *, budget: float = SWEEP_BUDGET) -> int:
    """Fire everything due, a batch at a time, for at most `budget` seconds.

    On PostgreSQL each batch is locked with SKIP LOCKED, so several workers share a busy
    minute instead of queueing behind one another; the conditional update in `_fire` keeps it
    exactly once either way.
    """
    now = now or timezone.now()
    fired = 0
    failed: set[int] = set()
    cache: EventCache = {}
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        with transaction.atomic():
            batch = list(
                Reminder.objects.filter(next_at__lte=now)
                .exclude(pk__in=failed)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("user__notification_prefs")
                .order_by("next_at", "pk")[:BATCH]
            )
            if not batch:
                break
            for reminder in batch:
                try:
                    with transaction.atomic():
                        fired += _fire(reminder, now, cache)
                except Exception:
                    failed.add(reminder.pk)
                    logger.exception("Reminder %s failed; it will be tried again.", reminder.pk)
    return fired


# --- The sweep ------------------------------------------------------------------------------


def sweep(now: dt.datetime | None = None, *, worker: str = "") -> dict[str, int]:
    """Everything that fell due: other apps' jobs, reminders, then emails. Safe to repeat."""
    now = now or timezone.now()
    done = {name: job(now) for name, job in practices.due_jobs()}
    done["reminders"] = fire_due_reminders(now)
    done["emails"] = send_due_emails(now, worker=worker)
    return done


# --- The list -------------------------------------------------------------------------------


def mark_read(*, user: User, ids: list[int]) -> None:
    Notification.objects.for_user(user).unread().filter(pk__in=ids).update(read_at=timezone.now())


def save_preferences(
    *,
    user: User,
    quiet_start: dt.time,
    quiet_end: dt.time,
    remind: list[str],
    email: list[str],
) -> Preferences:
    prefs = preferences_of(user)
    prefs.quiet_start, prefs.quiet_end = quiet_start, quiet_end
    prefs.remind, prefs.email = sorted(set(remind)), sorted(set(email))
    prefs.save()
    sync_reminders(user)
    # Emails already queued follow the new choices and hours.
    pending = Notification.objects.filter(
        user=user, email=True, emailed_at__isnull=True, email_failed_at__isnull=True
    )
    unwanted = [
        kind
        for kind, (practice, _declared) in practices.kinds().items()
        if practice.app not in prefs.email
    ]
    pending.filter(kind__in=unwanted).update(email=False)
    now = timezone.now()
    pending.exclude(kind__in=unwanted).update(
        email_at=schedule.after_quiet_hours(now, user.zone, prefs.quiet_start, prefs.quiet_end)
    )
    return prefs


def waiting_for(user: User, limit: int = 3) -> list[dict[str, str]]:
    """The newest unread lines, for the Today page (one query)."""
    items = (
        Notification.objects.for_user(user)
        .unread()
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [{"url": n.url, "message": n.message(user.zone)} for n in items]


def mark_seen(*, user: User, path: str) -> None:
    """Everything unread that points at `path` has now been seen (one indexed update, so a
    page costs the same queries whether or not something was waiting)."""
    Notification.objects.filter(user=user, read_at__isnull=True, url=path).update(
        read_at=timezone.now()
    )

"""Discreet emails for notifications: sent once, by whoever holds the lease, retried with care.

An email never quotes anything a person wrote: it says that something is waiting in Nearer
(docs/decisions/0010-reminders-and-delivery.md). Creating a notification enqueues its email
(`enqueue_email`); the sweep sends whatever fell due (`send_due_emails`).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from nearer.lib import schedule

from .models import Notification, preferences_of
from .registry import BATCH, SWEEP_BUDGET

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=5)
MAX_EMAIL_ATTEMPTS = 6  # over about an hour


def _message_id(notification: Notification) -> str:
    """Stable per notification: should a send ever repeat, mail programs see one message."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<nearer.{notification.pk}.{notification.created_at:%Y%m%d%H%M%S}@{domain}>"


def _email_for(notification: Notification) -> EmailMessage:
    base = settings.SITE_URL.rstrip("/")
    context = {
        "user": notification.user,
        "reminder": notification.is_reminder,
        "list_url": base + reverse("notifications:list"),
        "settings_url": base + reverse("notifications:settings"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("notifications/email_subject.txt", context).strip()
        body = render_to_string("notifications/email_body.txt", context)
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[notification.user.email],
        headers={"Message-ID": _message_id(notification)},
    )


def send_email(notification_id: int, *, worker: str = "", now: dt.datetime | None = None) -> bool:
    """Send one notification's email if it is due and nobody else holds it. True if sent."""
    now = now or timezone.now()
    worker = worker or uuid.uuid4().hex
    claimed = (
        Notification.objects.email_due(now)
        .filter(pk=notification_id)
        .update(
            email_claimed_by=worker,
            email_claim_until=now + LEASE,
            email_attempts=F("email_attempts") + 1,
        )
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("user__notification_prefs").get(
        pk=notification_id
    )
    mine = Notification.objects.filter(pk=notification_id, email_claimed_by=worker)
    user = notification.user
    prefs = preferences_of(user)
    if (
        notification.read_at is not None  # already seen in Nearer: no need to email
        or not user.is_active
        or not user.email
        or not prefs.wants_email(notification.practice)
    ):
        mine.update(email=False, email_claim_until=None)
        return False
    if schedule.in_quiet_hours(now, user.zone, prefs.quiet_start, prefs.quiet_end):
        # The worker was late, or the hours changed: wait for the morning, keep the email.
        later = schedule.after_quiet_hours(now, user.zone, prefs.quiet_start, prefs.quiet_end)
        mine.update(email_at=later, email_claim_until=None, email_attempts=F("email_attempts") - 1)
        return False
    try:
        _email_for(notification).send()
    except Exception as exc:
        logger.warning(
            "Email for notification %s failed (%s); it will be retried.",
            notification_id,
            type(exc).__name__,
        )
        if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
            mine.update(email_failed_at=now, email_claim_until=None)
        else:  # try again later: 2, 4, 8, 16 … minutes
            backoff = dt.timedelta(minutes=2**notification.email_attempts)
            mine.update(email_claim_until=None, email_at=now + backoff)
        return False
    mine.update(emailed_at=timezone.now(), email_claim_until=None)
    return True


def send_due_emails(
    now: dt.datetime | None = None, *, worker: str = "", budget: float = SWEEP_BUDGET
) -> int:
    """Send every due email, a batch at a time, for at most `budget` seconds. Each attempt
    moves the row out of `email_due` (sent, leased, held for quiet hours, backed off or
    dropped), so the loop ends when the work does."""
    now = now or timezone.now()
    worker = worker or uuid.uuid4().hex
    sent = 0
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        ids = list(
            Notification.objects.email_due(now)
            .order_by("email_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        sent += sum(send_email(pk, worker=worker, now=now) for pk in ids)
    return sent


@task()
def send_notification_email(notification_id: int) -> bool:
    """The queued form of `send_email`: the task carries the id only, never words."""
    return send_email(notification_id)


def enqueue_email(notification_id: int) -> None:
    send_notification_email.enqueue(notification_id)

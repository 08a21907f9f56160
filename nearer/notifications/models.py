"""Reminders and notifications: opt-in, discreet, and never holding anything anyone wrote.

* `Preferences` — one per person: quiet hours, and per practice whether they want reminders
  and whether they also want email. Everything is off until the person turns it on.
* `Notification` — one line in a person's in-app list, and optionally one email. Its text is
  chosen from fixed sentences by `kind`; it stores who and when, never words. `key` makes
  creating one idempotent; the email fields are a small lease so that two workers never send
  the same email and a worker that dies mid-send loses nothing.
* `Reminder` — for each person and each scheduled thing they want reminding of, the next moment
  to remind them. The sweep fires due rows and moves them on, one conditional update each.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nearer.lib import practices

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User

# The kinds of notification, their sentences and the practices they belong to are declared by
# each practice (nearer/lib/practices.py); none of them is frozen into a migration.


class Preferences(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    quiet_start = models.TimeField(_("quiet from"), default=dt.time(22, 0))
    quiet_end = models.TimeField(_("quiet until"), default=dt.time(8, 0))
    remind = models.JSONField(default=list, help_text="Practice keys with reminders on.")
    email = models.JSONField(default=list, help_text="Practice keys also sent by email.")

    def __str__(self) -> str:
        return f"Preferences {self.pk}"

    def wants_reminders(self, practice: str) -> bool:
        return practice in self.remind

    def wants_email(self, practice: str) -> bool:
        return practice in self.email


def preferences_of(user: User) -> Preferences:
    """The person's preferences (made on first use). Free when fetched with
    `select_related("user__notification_prefs")` or read before on this user object."""
    try:
        return user.notification_prefs
    except Preferences.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return Preferences.objects.create(user=user)
    except IntegrityError:  # created by another request a moment ago
        return Preferences.objects.get(user=user)


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: User | AnonymousUser) -> NotificationQuerySet:
        """The person's own list: only what is theirs, and only once it is due."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user, created_at__lte=timezone.now())

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def email_due(self, now: dt.datetime) -> NotificationQuerySet:
        """Emails to send now: due, not sent, not given up on, and not leased by a worker."""
        return self.filter(
            Q(email_claim_until__isnull=True) | Q(email_claim_until__lt=now),
            email=True,
            emailed_at__isnull=True,
            email_failed_at__isnull=True,
            email_at__lte=now,
        )


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, help_text="A kind a practice declares.")
    key = models.CharField(max_length=120, help_text="Makes creating it twice a no-op.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    about_at = models.DateTimeField(null=True, blank=True)
    url = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.BooleanField(default=False)
    email_at = models.DateTimeField(
        null=True, blank=True, help_text="Emailed from here: never inside the quiet hours."
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_claimed_by = models.CharField(max_length=64, blank=True)
    email_claim_until = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_failed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(
                fields=["user", "url"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["email_at"],
                condition=Q(email=True, emailed_at__isnull=True, email_failed_at__isnull=True),
                name="notification_email_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk}"

    @property
    def practice(self) -> str:
        return practices.kinds()[self.kind][0].app

    @property
    def is_reminder(self) -> bool:
        return practices.kinds()[self.kind][1].reminder

    def message(self, reader_zone: dt.tzinfo | None = None) -> str:
        """The sentence for this kind, filled in on the reader's clock."""
        from django.utils.formats import date_format, time_format

        when = self.about_at.astimezone(reader_zone) if self.about_at and reader_zone else None
        if when is None and self.about_at:
            when = timezone.localtime(self.about_at)
        return str(practices.kinds()[self.kind][1].text).format(
            name=self.actor.display_name if self.actor else _("Your partner"),
            time=time_format(when, "H:i") if when else "",
            date=date_format(when, "l j F") if when else "",
        )


class Reminder(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    practice = models.CharField(max_length=20, help_text="A practice with reminders.")
    source_id = models.PositiveBigIntegerField()
    next_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "practice", "source_id"], name="one_reminder_per_thing"
            )
        ]
        indexes = [models.Index(fields=["next_at"])]

    def __str__(self) -> str:
        return f"Reminder {self.pk}"

"""Weekly check-in (practice 4): a time agreed together, three prompts and a pulse, sealed
until both have done theirs, then opened side by side with a short guided conversation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nearer.accounts.sealing import SealedJSON, Writing
from nearer.couples.models import Couple, Sides, SpaceQuerySet, in_space_of
from nearer.lib import schedule
from nearer.lib.foundations import KEYS
from nearer.listening.models import Listening

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nearer.accounts.models import User

PROMPTS = {
    "appreciated": _("Something I appreciated about you this week"),
    "more_loved": _("What would help me feel more loved or supported"),
    "closer": _("How we could grow closer"),
}
FOLLOWUP = {"yes": _("Yes"), "partly": _("Partly"), "not_yet": _("Not yet")}


class EntryWords(TypedDict):
    """What a check-in entry seals, as JSON."""

    appreciated: str
    more_loved: str
    closer: str
    pulse: dict[str, int]
    followup: str


PULSE = {
    1: _("Far apart"),
    2: _("A bit distant"),
    3: _("Okay"),
    4: _("Close"),
    5: _("Very close"),
}
WEEKDAY_NAMES = {
    0: _("Monday"),
    1: _("Tuesday"),
    2: _("Wednesday"),
    3: _("Thursday"),
    4: _("Friday"),
    5: _("Saturday"),
    6: _("Sunday"),
}
CHECKIN_MINUTES = 30  # how long the slot is, for calendars


class CheckinPlanQuerySet(SpaceQuerySet["CheckinPlan"]):
    def for_user(self, user: User | AnonymousUser) -> CheckinPlanQuerySet:
        return self.in_space_of(user)


class CheckinPlan(models.Model):
    """When a couple checks in each week: an agreed slot, and at most one open proposal.

    The slot is a weekday and wall time on the clock of the zone it was proposed in, so it is
    one shared moment each week; each partner sees it on their own clock. `version` goes up
    with every change, so two proposals sent at the same moment cannot both win.
    """

    couple = models.OneToOneField(Couple, on_delete=models.CASCADE, related_name="checkin_plan")
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    proposed_time = models.TimeField(null=True, blank=True)
    proposed_zone = models.CharField(max_length=64, blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    objects = CheckinPlanQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__isnull=True) | Q(weekday__lte=6), name="plan_weekday_0_6"
            ),
            models.CheckConstraint(
                condition=Q(proposed_weekday__isnull=True) | Q(proposed_weekday__lte=6),
                name="plan_proposed_weekday_0_6",
            ),
            models.CheckConstraint(
                condition=Q(weekday__isnull=True, time__isnull=True)
                | Q(weekday__isnull=False, time__isnull=False),
                name="plan_slot_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in plan {self.pk}"

    @property
    def is_agreed(self) -> bool:
        return self.weekday is not None and self.time is not None

    @property
    def has_proposal(self) -> bool:
        return self.proposed_weekday is not None and self.proposed_time is not None

    def next_at(self, after: dt.datetime | None = None) -> dt.datetime | None:
        """The start of the next agreed check-in strictly after `after` (UTC)."""
        if self.weekday is None or self.time is None:
            return None
        return schedule.next_weekly(
            after=after or timezone.now(),
            weekdays=[self.weekday],
            at=self.time,
            tz=schedule.zone(self.time_zone),
        )

    def proposal_next_at(self, after: dt.datetime | None = None) -> dt.datetime | None:
        if self.proposed_weekday is None or self.proposed_time is None:
            return None
        return schedule.next_weekly(
            after=after or timezone.now(),
            weekdays=[self.proposed_weekday],
            at=self.proposed_time,
            tz=schedule.zone(self.proposed_zone),
        )


class CheckInQuerySet(SpaceQuerySet["CheckIn"]):
    def for_user(self, user: User | AnonymousUser) -> CheckInQuerySet:
        """Check-ins of the person's current space."""
        return self.in_space_of(user)

    def history_for(self, user: User | AnonymousUser) -> CheckInQuerySet:
        """The current space's check-ins, plus any earlier one the person wrote in: a union of
        the two sets of ids, not an OR (see DailyQuestion.objects.history_for)."""
        if not user.is_authenticated:
            return self.none()
        written = CheckInEntry.objects.filter(author=user).values("checkin_id")
        current = CheckIn.objects.filter(in_space_of(user)).values("pk")
        return self.filter(pk__in=written.union(current))

    def written_in_by(self, user: User | AnonymousUser) -> CheckInQuerySet:
        """Check-ins the person wrote in, in any space they were ever in."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=CheckInEntry.objects.written_by(user).values("checkin_id"))

    def with_entries_for(
        self, user: User | AnonymousUser, *, replies: bool = False
    ) -> CheckInQuerySet:
        """Each check-in with the entries the person may read (`CheckInEntry.visible_to`), in
        one more query for the lot: read them with `CheckIn.sides`. With `replies`, each entry
        also has `shown_replies` (`EntryReply.visible_to`, oldest first, with their authors),
        in one more query for all of them."""
        visible = CheckInEntry.objects.visible_to(user).select_related("author")
        if replies:
            shown = EntryReply.objects.visible_to(user).select_related("author")
            visible = visible.prefetch_related(
                Prefetch("replies", queryset=shown.order_by("created_at"), to_attr="shown_replies")
            )
        return self.prefetch_related(Prefetch("entries", queryset=visible, to_attr="_visible"))


class CheckIn(models.Model):
    """One week's check-in of a couple. `week` is the Monday that starts it."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="checkins")
    week = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)
    talked_at = models.DateTimeField(null=True, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "week"], name="one_checkin_per_couple_week")
        ]
        indexes = [models.Index(fields=["couple", "-week"])]

    def __str__(self) -> str:
        return f"Check-in {self.pk}"

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None

    def sides(self, user: User | AnonymousUser) -> Sides[CheckInEntry]:
        """The person's entry and the other one they may read, from a check-in read with
        `CheckIn.objects.with_entries_for(user)`."""
        entries = getattr(self, "_visible", None)
        if entries is None:  # not read with `with_entries_for`: read them now
            visible = CheckInEntry.objects.visible_to(user).filter(checkin=self)
            entries = list(visible.select_related("author"))
        return Sides.of(entries, user)


class CheckInEntryQuerySet(models.QuerySet["CheckInEntry"]):
    def visible_to(self, user: User | AnonymousUser) -> CheckInEntryQuerySet:
        """Own entries; the partner's once both are in, while still in the same space.

        Narrow it to a week or a page of weeks (`checkin=`, `checkin__in=`), as
        `Answer.objects.visible_to`; lists across history start from `CheckIn.objects`.
        """
        if not user.is_authenticated:
            return self.none()
        opened = Q(checkin__revealed_at__isnull=False) & in_space_of(user, "checkin__")
        return self.filter(Q(author=user) | opened)

    def written_by(self, user: User | AnonymousUser) -> CheckInEntryQuerySet:
        """The person's own entries."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)

    def requests_for(self, user: User | AnonymousUser) -> CheckInEntryQuerySet:
        """The partner's opened entries, newest week first: what they said would help them.

        Only entries of the current space can be theirs and visible, so the current space's
        check-ins come first (an index): the whole table is never read.
        """
        if not user.is_authenticated:
            return self.none()
        return (
            self.visible_to(user)
            .exclude(author=user)
            .filter(in_space_of(user, "checkin__"), checkin__revealed_at__isnull=False)
            .select_related("author", "checkin")
            .order_by("-checkin__week")
        )


class CheckInEntry(Writing):
    """One partner's check-in. Prompts, pulse and "did this happen?" are all sealed together
    as JSON under the author's key: how close someone feels is theirs to share."""

    words = SealedJSON("body")

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="entries")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CheckInEntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "author"], name="one_entry_per_person_week")
        ]

    def __str__(self) -> str:
        return f"Check-in entry {self.pk}"

    def set_words(
        self,
        *,
        appreciated: str,
        more_loved: str,
        closer: str,
        pulse: dict[str, int],
        followup: str = "",
    ) -> None:
        if not set(pulse) <= set(KEYS) or not all(1 <= int(v) <= 5 for v in pulse.values()):
            raise ValueError("A pulse is a 1–5 value for some of the eight foundations.")
        if followup and followup not in FOLLOWUP:
            raise ValueError("Unknown follow-up answer.")
        self.words = {
            "appreciated": appreciated,
            "more_loved": more_loved,
            "closer": closer,
            "pulse": {key: int(pulse[key]) for key in KEYS if key in pulse},
            "followup": followup,
        }

    @property
    def appreciated(self) -> str:
        return str(self.words["appreciated"])

    @property
    def more_loved(self) -> str:
        return str(self.words["more_loved"])

    @property
    def closer(self) -> str:
        return str(self.words["closer"])

    @property
    def pulse(self) -> dict[str, int]:
        """How close the person felt, 1–5, for each foundation they rated (any may be left)."""
        return dict(self.words["pulse"])

    @property
    def followup(self) -> str:
        return str(self.words.get("followup") or "")

    @property
    def followup_label(self) -> str:
        return str(FOLLOWUP[self.followup]).lower() if self.followup else ""


class EntryReplyQuerySet(models.QuerySet["EntryReply"]):
    def visible_to(self, user: User | AnonymousUser) -> EntryReplyQuerySet:
        """Own replies; the partner's, to the person's opened entry, while still in the same
        space. After an unlink each keeps only their own words.

        Narrow it to a week (`entry__checkin=`), as `CheckInEntry.objects.visible_to`.
        """
        if not user.is_authenticated:
            return self.none()
        opened = Q(entry__checkin__revealed_at__isnull=False) & in_space_of(
            user, "entry__checkin__"
        )
        return self.filter(Q(author=user) | opened)

    def to_entries_of(self, user: User | AnonymousUser) -> EntryReplyQuerySet:
        """Replies to the person's own opened entries in their current space: the ones they
        may say whether they felt heard by. Narrow it to a week, as `visible_to`."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(entry__author=user, entry__checkin__revealed_at__isnull=False)
            & in_space_of(user, "entry__checkin__")
        )


class EntryReply(Listening):
    """A partner's answer to an opened check-in entry, through the listening step."""

    entry = models.ForeignKey(CheckInEntry, on_delete=models.CASCADE, related_name="replies")

    objects = EntryReplyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "nonce"], name="entry_reply_once_per_nonce")
        ]
        indexes = [models.Index(fields=["entry", "created_at"])]

    def __str__(self) -> str:
        return f"Check-in reply {self.pk}"

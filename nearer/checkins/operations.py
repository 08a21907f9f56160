"""Agreeing a weekly time, writing a check-in, and opening both together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from nearer.couples.models import Membership
from nearer.couples.space import partner_of, space_of
from nearer.lib import schedule
from nearer.listening.operations import save_once
from nearer.notifications.operations import notify, sync_couple_reminders

from .models import WEEKDAY_NAMES, CheckIn, CheckInEntry, CheckinPlan, EntryReply

if TYPE_CHECKING:
    from nearer.accounts.models import User
    from nearer.couples.models import Couple

# Last week's request comes back as "did this happen?" if that check-in is this recent.
FOLLOWUP_WINDOW = dt.timedelta(days=21)


class CheckinError(Exception):
    """Something that cannot be done; the message is for the person."""


class ProposalConflict(CheckinError):
    """The plan changed since the person loaded the page (e.g. both proposed at once)."""


# --- The weekly time ------------------------------------------------------------------------


def plan_of(couple: Couple) -> CheckinPlan:
    plan = CheckinPlan.objects.filter(couple=couple).first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            return CheckinPlan.objects.create(couple=couple)
    except IntegrityError:
        return CheckinPlan.objects.get(couple=couple)


@dataclass(frozen=True)
class Slot:
    """A weekly moment as one person sees it on their own clock."""

    weekday: str
    time: str
    next_date: str
    moment: dt.datetime
    anchor_zone: str
    anchor_weekday: str
    anchor_time: str

    @property
    def differs(self) -> bool:
        """Whether the viewer's clock shows it differently from the zone it was agreed in."""
        return (self.weekday, self.time) != (self.anchor_weekday, self.anchor_time)


def slot_for(
    *, weekday: int, at: dt.time, zone_name: str, viewer: User, now: dt.datetime | None = None
) -> Slot:
    now = now or timezone.now()
    anchor = schedule.zone(zone_name)
    moment = schedule.next_weekly(after=now, weekdays=[weekday], at=at, tz=anchor)
    assert moment is not None
    mine = moment.astimezone(viewer.zone)
    there = moment.astimezone(anchor)
    return Slot(
        weekday=str(WEEKDAY_NAMES[mine.weekday()]),
        time=time_format(mine, "H:i"),
        next_date=date_format(mine, "l j F"),
        moment=moment,
        anchor_zone=zone_name,
        anchor_weekday=str(WEEKDAY_NAMES[there.weekday()]),
        anchor_time=time_format(there, "H:i"),
    )


def plan_slots(plan: CheckinPlan, viewer: User) -> tuple[Slot | None, Slot | None]:
    """The agreed time and the open suggestion, each as `viewer` sees it (None if absent)."""
    agreed = proposal = None
    if plan.weekday is not None and plan.time is not None:
        agreed = slot_for(
            weekday=plan.weekday, at=plan.time, zone_name=plan.time_zone, viewer=viewer
        )
    if plan.proposed_weekday is not None and plan.proposed_time is not None:
        proposal = slot_for(
            weekday=plan.proposed_weekday,
            at=plan.proposed_time,
            zone_name=plan.proposed_zone,
            viewer=viewer,
        )
    return agreed, proposal


def gap_warning(*, weekday: int, at: dt.time, zone_name: str, today: dt.date) -> str:
    """A note if clocks skip this time on that weekday in the coming year."""
    gap = schedule.first_gap(weekdays=[weekday], at=at, tz=schedule.zone(zone_name), start=today)
    if gap is None:
        return ""
    day, moved = gap
    return _(
        "Good to know: on %(date)s the clocks go forward where you are, so that week "
        "your check-in will be at %(time)s."
    ) % {"date": date_format(day, "l j F"), "time": time_format(moved, "H:i")}


def _locked_plan(user: User, seen_version: int) -> tuple[CheckinPlan, User]:
    couple = space_of(user)
    partner = partner_of(user, couple)
    if partner is None:
        raise CheckinError(_("The weekly check-in is for two. Invite your partner first."))
    plan = CheckinPlan.objects.select_for_update().get(pk=plan_of(couple).pk)
    if plan.version != seen_version:
        raise ProposalConflict(_conflict_message(plan, user))
    return plan, partner


def _conflict_message(plan: CheckinPlan, user: User) -> str:
    _agreed, slot = plan_slots(plan, user)
    if slot is not None and plan.proposed_by_id != user.pk:
        return _(
            "%(name)s suggested a time a moment ago: %(weekday)s at %(time)s. You can accept "
            "it, or send your choice below as a different suggestion."
        ) % {"name": plan.proposed_by, "weekday": slot.weekday, "time": slot.time}
    return _("Your check-in time changed a moment ago. Have a look, then choose again.")


def propose_time(*, user: User, weekday: int, at: dt.time, seen_version: int) -> CheckinPlan:
    """Suggest a weekly time on the person's own clock. Suggesting exactly what the partner
    suggested accepts it; suggesting something else replaces their suggestion."""
    if weekday not in WEEKDAY_NAMES:
        raise CheckinError(_("Choose a day of the week."))
    at = at.replace(second=0, microsecond=0, tzinfo=None)
    now = timezone.now()
    with transaction.atomic():
        plan, partner = _locked_plan(user, seen_version)
        wanted = schedule.next_weekly(
            after=now, weekdays=[weekday], at=at, tz=schedule.zone(user.time_zone)
        )
        if (
            plan.has_proposal
            and plan.proposed_by_id == partner.pk
            and plan.proposal_next_at(now) == wanted
        ):
            return _accept(plan, user=user, partner=partner, now=now)
        if plan.is_agreed and not plan.has_proposal and plan.next_at(now) == wanted:
            raise CheckinError(_("That’s already your weekly time."))
        plan.proposed_by = user
        plan.proposed_weekday, plan.proposed_time = weekday, at
        plan.proposed_zone = user.time_zone
        plan.proposed_at = now
        plan.version += 1
        plan.save()
        notify(
            user=partner,
            kind="checkin_proposed",
            key=f"checkin_proposed:{plan.pk}:{plan.version}",
            url=reverse("checkins:index"),
            actor=user,
        )
    return plan


def _accept(plan: CheckinPlan, *, user: User, partner: User, now: dt.datetime) -> CheckinPlan:
    plan.weekday, plan.time = plan.proposed_weekday, plan.proposed_time
    plan.time_zone = plan.proposed_zone
    plan.agreed_at = now
    plan.proposed_by = None
    plan.proposed_weekday = plan.proposed_time = plan.proposed_at = None
    plan.proposed_zone = ""
    plan.version += 1
    plan.save()
    notify(
        user=partner,
        kind="checkin_agreed",
        key=f"checkin_agreed:{plan.pk}:{plan.version}",
        url=reverse("checkins:index"),
        actor=user,
        about_at=plan.next_at(now),
    )
    sync_couple_reminders(plan.couple)
    return plan


def accept_time(*, user: User, seen_version: int) -> CheckinPlan:
    now = timezone.now()
    with transaction.atomic():
        plan, partner = _locked_plan(user, seen_version)
        if not plan.has_proposal:
            raise CheckinError(_("There’s no suggestion waiting for you."))
        if plan.proposed_by_id == user.pk:
            raise CheckinError(
                _("This is your own suggestion. It’s waiting for %(name)s.") % {"name": partner}
            )
        return _accept(plan, user=user, partner=partner, now=now)


def withdraw_proposal(*, user: User, seen_version: int) -> CheckinPlan:
    with transaction.atomic():
        plan, _partner = _locked_plan(user, seen_version)
        if not plan.has_proposal or plan.proposed_by_id != user.pk:
            raise CheckinError(_("There’s no suggestion of yours to take back."))
        plan.proposed_by = None
        plan.proposed_weekday = plan.proposed_time = plan.proposed_at = None
        plan.proposed_zone = ""
        plan.version += 1
        plan.save()
    return plan


def clear_time(*, user: User, seen_version: int) -> CheckinPlan:
    """Stop the weekly time (either partner can). Check-ins still work without one."""
    with transaction.atomic():
        plan, _partner = _locked_plan(user, seen_version)
        if not plan.is_agreed:
            raise CheckinError(_("There’s no weekly time set."))
        plan.weekday = plan.time = plan.agreed_at = None
        plan.time_zone = ""
        plan.version += 1
        plan.save()
    sync_couple_reminders(plan.couple)
    return plan


# --- Writing and opening --------------------------------------------------------------------


def couple_zone(
    couple: Couple,
    plan: CheckinPlan | None = None,
    members: Sequence[Membership] | None = None,
) -> str:
    """The clock a couple's weeks turn over on: their agreed time's zone, else the zone of
    whoever was in the space first. One zone for both, so both land in the same week.

    `plan` and `members` (the space's active memberships, with their users: a request has
    them in `request.space.memberships`) are read when not given."""
    plan = plan or CheckinPlan.objects.filter(couple=couple).first()
    if plan is not None and plan.is_agreed:
        return plan.time_zone
    if members is None:
        first = (
            Membership.objects.active()
            .filter(couple=couple)
            .select_related("user")
            .order_by("joined_at", "pk")
            .first()
        )
    else:
        first = min(members, key=lambda m: (m.joined_at, m.pk), default=None)
    return first.user.time_zone if first else "UTC"


def this_week(
    couple: Couple, now: dt.datetime | None = None, *, zone: str | None = None
) -> dt.date:
    """The Monday of the couple's current week (`zone`: `couple_zone`, if already known)."""
    now = now or timezone.now()
    return schedule.week_of(now.astimezone(schedule.zone(zone or couple_zone(couple))).date())


def open_checkin(
    couple: Couple, now: dt.datetime | None = None, *, zone: str | None = None
) -> CheckIn | None:
    """The check-in to write in now, if one exists: this week's, or last week's while one of
    you has written and it isn't open yet (so a late Sunday and an early Monday still meet).
    One query (`zone` as for `this_week`)."""
    week = this_week(couple, now, zone=zone)
    written = CheckInEntry.objects.filter(checkin=OuterRef("pk"))
    recent = list(
        CheckIn.objects.filter(couple=couple, week__gte=week - dt.timedelta(days=7))
        .annotate(written=Exists(written))
        .order_by("-week")
    )
    for checkin in recent:
        if checkin.week == week:
            return checkin
        if not checkin.is_revealed and checkin.written:  # type: ignore[attr-defined]
            return checkin
    return None


def save_entry(
    *,
    user: User,
    appreciated: str,
    more_loved: str,
    closer: str,
    pulse: dict[str, int],
    followup: str = "",
    checkin_id: int | None = None,
) -> CheckInEntry:
    """Write (or, until both are in, rewrite) the person's check-in for the open week.

    Both entries in: the check-in opens for both at once, and the partner hears about it.
    """
    couple = space_of(user)
    partner = partner_of(user, couple)
    if partner is None:
        raise CheckinError(_("The weekly check-in is for two. Invite your partner first."))
    now = timezone.now()
    with transaction.atomic():
        if checkin_id is None:
            checkin_id = (open_checkin(couple, now) or _create_week(couple, now)).pk
        checkin = CheckIn.objects.select_for_update().filter(couple=couple, pk=checkin_id).first()
        if checkin is None:
            raise CheckinError(_("That check-in isn’t yours to write in."))
        if checkin.is_revealed:
            raise CheckinError(
                _("Both check-ins are already open, so this week’s can’t be changed now.")
            )
        entry = CheckInEntry.objects.filter(checkin=checkin, author=user).first()
        if entry is None:
            entry = CheckInEntry(author=user, created_at=now)
        entry.checkin = checkin  # the locked row: the caller sees whether this opened it
        entry.set_words(
            appreciated=appreciated,
            more_loved=more_loved,
            closer=closer,
            pulse=pulse,
            followup=followup,
        )
        entry.updated_at = now
        entry.save()
        if CheckInEntry.objects.filter(checkin=checkin, author=partner).exists():
            checkin.revealed_at = now
            checkin.save(update_fields=["revealed_at"])
            notify(
                user=partner,
                kind="checkin_open",
                key=f"checkin_open:{checkin.pk}",
                url=reverse("checkins:detail", args=[checkin.pk]),
                actor=user,
            )
    return entry


def _create_week(couple: Couple, now: dt.datetime) -> CheckIn:
    week = this_week(couple, now)
    try:
        with transaction.atomic():
            return CheckIn.objects.create(couple=couple, week=week, created_at=now)
    except IntegrityError:  # the partner started this week a moment ago
        return CheckIn.objects.get(couple=couple, week=week)


def mark_talked(*, user: User, checkin: CheckIn) -> None:
    if not checkin.is_revealed:
        raise CheckinError(_("This check-in opens when you’ve both done yours."))
    CheckIn.objects.filter(pk=checkin.pk, talked_at__isnull=True).update(talked_at=timezone.now())


def reply_to_entry(
    *, user: User, entry: CheckInEntry, parts: dict[str, str], nonce: str
) -> EntryReply:
    """Answer the partner's opened entry through the listening step (`parts`, as
    `ListeningForm.parts`); they hear about it, without the words. A form sent twice (the same
    `nonce`) makes one reply."""
    if entry.author_id == user.pk:
        raise CheckinError(_("This is your own check-in: a reply is for your partner’s."))
    if not entry.checkin.is_revealed:
        raise CheckinError(_("You can answer once both check-ins are open."))
    reply = EntryReply(entry=entry, author=user, nonce=nonce)
    reply.parts = parts

    def tell(saved: EntryReply) -> None:
        notify(
            user=entry.author,
            kind="checkin_reply",
            key=f"checkin_reply:{saved.pk}",
            url=reverse("checkins:detail", args=[entry.checkin_id]),
            actor=user,
        )

    return save_once(reply, tell)


# --- Reminders ------------------------------------------------------------------------------


def agreed_plan_ids(couple: Couple) -> list[int]:
    return list(
        CheckinPlan.objects.filter(couple=couple, weekday__isnull=False).values_list(
            "pk", flat=True
        )
    )


def next_checkin_at(plan_id: int, after: dt.datetime) -> dt.datetime | None:
    plan = CheckinPlan.objects.filter(pk=plan_id, couple__ended_at__isnull=True).first()
    return plan.next_at(after) if plan else None


def previous_entries(*, user: User, couple: Couple, week: dt.date) -> dict[str, CheckInEntry]:
    """From the couple's last opened check-in before `week` (if recent): the entries whose
    "what would help me" said something, as {"mine": …, "theirs": …}."""
    previous = CheckIn.objects.filter(
        couple=couple,
        revealed_at__isnull=False,
        week__lt=week,
        week__gte=week - FOLLOWUP_WINDOW,
    ).order_by("-week")
    entries = (
        CheckInEntry.objects.visible_to(user)
        .filter(checkin=Subquery(previous.values("pk")[:1]))
        .select_related("author", "checkin")
    )
    found = {}
    for entry in entries:  # one query: the check-in is found inside it
        if entry.more_loved.strip():
            found["mine" if entry.author_id == user.pk else "theirs"] = entry
    return found

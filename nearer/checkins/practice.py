"""The weekly check-in (practice 4) in the practice contract (nearer/lib/practices.py)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Entry, Kind, Practice, Reminders, register

from . import calendar, demo, operations

register(
    Practice(
        app="checkins",
        title=_("Weekly check-in"),
        order=10,
        entries=(
            Entry(
                _("Weekly check-in"),
                _(
                    "Three short prompts and a pulse, once a week at a time you agree. Sealed until you’ve both written, then opened together."
                ),
                "checkins:index",
            ),
        ),
        kinds=(
            Kind("checkin_proposed", _("{name} suggested a time for your weekly check-in.")),
            Kind("checkin_agreed", _("Your weekly check-in is set for {date} at {time}.")),
            Kind("checkin_open", _("Both check-ins are in. You can open them together.")),
            Kind("checkin_reminder", _("Your weekly check-in is at {time} today."), reminder=True),
            Kind("checkin_reply", _("{name} answered your check-in.")),
        ),
        reminders=Reminders(
            kind="checkin_reminder",
            lead=dt.timedelta(hours=1),
            url_name="checkins:index",
            sources_in=operations.agreed_plan_ids,
            next_event=operations.next_checkin_at,
        ),
        calendar=calendar.events,
        demo=demo.demo,
        sealed=("checkins.CheckInEntry", "checkins.EntryReply"),
    )
)

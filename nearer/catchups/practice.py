"""Catch-ups (practice 5) in the practice contract (nearer/lib/practices.py)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Entry, Kind, Practice, Reminders, register

from . import calendar, demo, operations

register(
    Practice(
        app="catchups",
        title=_("Catch-ups"),
        order=20,
        entries=(
            Entry(
                _("Catch-ups"),
                _(
                    "A longer, unhurried conversation on a date you pick together, with a short guide for it."
                ),
                "catchups:index",
            ),
        ),
        kinds=(
            Kind("catchup_planned", _("{name} planned a catch-up for {date} at {time}.")),
            Kind("catchup_changed", _("{name} changed your catch-up on {date}.")),
            Kind("catchup_cancelled", _("{name} cancelled the catch-up on {date}.")),
            Kind("catchup_reminder", _("Your catch-up is on {date} at {time}."), reminder=True),
        ),
        reminders=Reminders(
            kind="catchup_reminder",
            lead=dt.timedelta(hours=3),
            url_name="catchups:index",
            sources_in=operations.upcoming_catchup_ids,
            next_event=operations.next_catchup_at,
        ),
        calendar=calendar.events,
        demo=demo.demo,
        sealed=("catchups.CatchUp",),
    )
)

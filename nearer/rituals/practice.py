"""Rituals of connection (practice 7) in the practice contract (nearer/lib/practices.py)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Entry, Kind, Practice, Reminders, register

from . import calendar, operations

register(
    Practice(
        app="rituals",
        title=_("Rituals"),
        order=50,
        entries=(
            Entry(
                _("Rituals"),
                _(
                    "Small moments you can count on, on the days you choose, and a month to look back on."
                ),
                "rituals:index",
            ),
        ),
        kinds=(Kind("ritual_reminder", _("A ritual of yours is at {time}."), reminder=True),),
        reminders=Reminders(
            kind="ritual_reminder",
            lead=dt.timedelta(0),
            url_name="rituals:index",
            sources_in=operations.timed_ritual_ids,
            next_event=operations.next_ritual_at,
        ),
        calendar=calendar.events,
        sealed=("rituals.Ritual",),
    )
)

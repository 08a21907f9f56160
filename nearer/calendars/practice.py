"""The private calendar link (under Me), in the registry (nearer/lib/practices.py): its page
lights up Me, and its sealed token is checked with every other sealed word."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Practice, register

register(
    Practice(
        app="calendars",
        title=_("Calendar"),
        tab="me",
        order=230,
        sealed=("calendars.CalendarFeed",),
    )
)

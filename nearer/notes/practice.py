"""Loving notes and kindness (practice 8) in the practice contract (nearer/lib/practices.py)."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Entry, Kind, Practice, register

from . import demo
from .delivery import deliver_due_notes

register(
    Practice(
        app="notes",
        title=_("Loving notes"),
        order=40,
        entries=(
            Entry(
                _("Loving notes"),
                _(
                    "A few words for your partner, now or later as a surprise, and small kindnesses to try, including what they said would help."
                ),
                "notes:index",
            ),
        ),
        kinds=(Kind("note_arrived", _("{name} left you a note.")),),
        due_jobs=(deliver_due_notes,),
        demo=demo.demo,
        sealed=("notes.Note",),
    )
)

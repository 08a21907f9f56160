"""Soul talk and undistracted time (practices 1 and 10) in the practice contract
(nearer/lib/practices.py)."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Entry, Practice, register

from . import demo

register(
    Practice(
        app="soultalk",
        title=_("Soul talk"),
        tab="together",
        order=60,
        entries=(
            Entry(
                _("Soul talk"),
                _("A few questions to ask each other out loud, phones down."),
                "soultalk:start",
            ),
            Entry(
                _("Time together"),
                _("Twenty minutes a day with phones away, and a quiet tally of the time."),
                "soultalk:time",
            ),
        ),
        demo=demo.demo,
        sealed=("soultalk.Keepsake",),
    )
)

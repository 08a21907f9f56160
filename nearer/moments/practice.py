"""Wins and struggles (practice 13) in the practice contract (nearer/lib/practices.py)."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Entry, Kind, Practice, register

from . import demo

register(
    Practice(
        app="moments",
        title=_("Wins and struggles"),
        tab="talk",
        order=48,
        entries=(
            Entry(
                _("Wins and struggles"),
                _(
                    "Tell your partner something good or something hard, in a line. They answer with gladness, or by listening; your wins gather to look back on."
                ),
                "moments:index",
            ),
        ),
        kinds=(
            Kind("moment_win", _("{name} has good news to tell you.")),
            Kind("moment_struggle", _("{name} shared something hard.")),
            Kind("moment_reply", _("{name} answered what you shared.")),
        ),
        demo=demo.demo,
        sealed=("moments.Moment", "moments.MomentReply"),
    )
)

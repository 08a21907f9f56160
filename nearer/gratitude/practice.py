"""Gratitude (practice 6) in the practice contract (nearer/lib/practices.py)."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Entry, Kind, Practice, register

from . import demo

register(
    Practice(
        app="gratitude",
        title=_("Gratitude"),
        order=30,
        entries=(
            Entry(
                _("Gratitude"),
                _(
                    "One appreciation a day, always with the “because”. Your partner can tell you when it landed."
                ),
                "gratitude:index",
            ),
        ),
        kinds=(Kind("appreciation_received", _("{name} sent you an appreciation.")),),
        demo=demo.demo,
        sealed=("gratitude.Appreciation",),
    )
)

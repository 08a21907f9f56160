"""Share a feeling and "be with me" (practice 12) in the practice contract
(nearer/lib/practices.py). Its index is the Talk hub."""

from django.utils.translation import gettext_lazy as _

from nearer.lib.practices import Entry, Kind, Practice, register

from . import demo

register(
    Practice(
        app="feelings",
        title=_("Feelings"),
        tab="talk",
        order=40,
        entries=(
            Entry(
                _("Share a feeling"),
                _("I feel … because … what I need is … Or one tap: be with me."),
                "feelings:index",
            ),
        ),
        kinds=(
            Kind("feeling_shared", _("{name} shared how they feel.")),
            Kind("presence_asked", _("{name} would like you near: presence, not solutions.")),
            Kind("presence_here", _("{name} is with you.")),
            Kind("feeling_reply", _("{name} answered what you shared.")),
            Kind("feeling_felt", _("{name} told you how your reply landed.")),
        ),
        demo=demo.demo,
        sealed=("feelings.Share", "feelings.ShareReply"),
    )
)

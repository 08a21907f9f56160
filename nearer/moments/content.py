"""Response starters: a few ways to begin a reply, our own words. Each goes in one part of the
reply form (the celebration's or the listening step's); without JavaScript they are examples
to read, with it a tap puts them in their box."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Starter(NamedTuple):
    part: str
    text: str | Promise


STARTERS: dict[str, tuple[Starter, ...]] = {
    "win": (
        Starter("cheer", _("No way — tell me everything!")),
        Starter("cheer", _("I’m so glad for you. You worked for this.")),
        Starter("cheer", _("That made my day too.")),
        Starter("ask", _("What was the best moment?")),
        Starter("ask", _("How did it feel when you found out?")),
        Starter("ask", _("Who else have you told?")),
    ),
    "struggle": (
        Starter("heard", _("That sounds heavy…")),
        Starter("heard", _("It sounds like you’ve been carrying this on your own.")),
        Starter("sense", _("Of course that got to you, because")),
        Starter("sense", _("Anyone would feel worn out after a day like that.")),
        Starter("ask", _("What’s been the hardest part?")),
        Starter("ask", _("How are you feeling about it now?")),
    ),
}

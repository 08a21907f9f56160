"""A guide for an in-depth catch-up: our own words, about an hour, in seven unhurried steps."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    title: str | Promise
    text: str | Promise
    minutes: int
    # This step goes through a few of the eight foundations: the page lists them under it.
    foundations: bool = False


INTRO = _(
    "Most catch-ups take about an hour; anywhere from 45 minutes to an hour and a half is fine. "
    "You don’t have to cover everything. A few steps taken slowly are worth more than all of "
    "them rushed."
)

STEPS = (
    Step(
        _("Settle in"),
        _(
            "Find somewhere you won’t be interrupted and sit where you can see each other. Agree "
            "roughly how long you have, so neither of you needs to watch the clock."
        ),
        5,
    ),
    Step(
        _("Look back over the last few weeks"),
        _(
            "Take turns saying what these weeks have been like for you: what filled them, what "
            "was easy, what was hard. Let each other finish before adding your side."
        ),
        10,
    ),
    Step(
        _("What felt close, and what felt far"),
        _(
            "Each of you names a moment when you felt close, and one when you felt further "
            "apart. Listen to understand rather than to answer, and say back what you heard "
            "before you add anything."
        ),
        15,
    ),
    Step(
        _("A few of the foundations"),
        _(
            "Choose two or three from the list below, whichever feel most alive right now. For "
            "each, ask: how is this for you lately, and what would make it a little better?"
        ),
        15,
        foundations=True,
    ),
    Step(
        _("What’s coming up"),
        _(
            "Look at the weeks ahead together: busy stretches, things you’re looking forward "
            "to, anything one of you is quietly worried about. Where could you lean on each "
            "other?"
        ),
        10,
    ),
    Step(
        _("One small thing to try"),
        _(
            "Pick one small, concrete thing to do for each other or together before your next "
            "catch-up. Small enough that it will really happen."
        ),
        5,
    ),
    Step(
        _("End warmly"),
        _(
            "Tell each other one thing you appreciated about this conversation, or about each "
            "other. Then spend a few easy minutes together before you go back to the day."
        ),
        5,
    ),
)

PAUSE = _(
    "If things get heated, it’s fine to pause and come back to it another day. Nothing here "
    "has to be finished in one go."
)

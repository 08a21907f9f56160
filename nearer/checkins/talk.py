"""The short guided conversation shown once both check-ins are open (our own words)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from nearer.lib.foundations import FOUNDATIONS


@dataclass(frozen=True)
class Step:
    title: str
    text: str


def _names(keys: list[str]) -> str:
    names = [str(FOUNDATIONS[key]).lower() for key in keys]
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(second)s") % {"first": ", ".join(names[:-1]), "second": names[-1]}


def conversation(
    mine: dict[str, int], theirs: dict[str, int], *, has_followups: bool
) -> list[Step]:
    """Five or six steps, the pulse step pointing at where the two of you differ most."""
    steps = [
        Step(
            _("Start with thanks"),
            _(
                "Take turns reading out what you appreciated. The one hearing it only says "
                "thank you: no “but”, no brushing it off. Let it land."
            ),
        )
    ]
    if has_followups:
        steps.append(
            Step(
                _("Look back at last week"),
                _(
                    "You each said whether last week’s wish happened. Where it did, say what it "
                    "meant. Where it didn’t yet, ask what got in the way, kindly. Nobody is "
                    "keeping score."
                ),
            )
        )
    steps.append(
        Step(
            _("Say what would help"),
            _(
                "Take turns with what would help you feel more loved or supported. Before "
                "answering, the listener says back what they heard, “So what would help is…”, "
                "until the other says yes, that’s it."
            ),
        )
    )
    steps.append(Step(_("Look at your pulses together"), _pulse_step(mine, theirs)))
    steps.append(
        Step(
            _("Choose one small thing"),
            _(
                "From “how we could grow closer”, pick one thing to try this week. Small enough "
                "that it will really happen."
            ),
        )
    )
    steps.append(
        Step(
            _("End warmly"),
            _("A hug, a thank-you, or just “I’m glad we did this.” That’s the whole check-in."),
        )
    )
    return steps


def _pulse_step(mine: dict[str, int], theirs: dict[str, int]) -> str:
    """Where the two pulses point, from the foundations both of you rated (any may be left)."""
    rated = [key for key in FOUNDATIONS if key in mine and key in theirs]
    if not rated:
        return _(
            "There are no pulses to set side by side this week. Take turns instead: which "
            "foundation felt closest lately, and which a little further away?"
        )
    if len({mine[key] for key in rated} | {theirs[key] for key in rated}) == 1:
        # Nothing stands out, so name nothing.
        return _(
            "You both gave every foundation the same rating this week, so the numbers don’t "
            "single any out. Take turns sharing one moment that felt close and one that felt a "
            "little further away."
        )
    # A group that takes in every foundation rated is said as such, never as two picked from it.
    everything = len(rated) > 2
    gaps = {key: abs(mine[key] - theirs[key]) for key in rated}
    widest = max(gaps.values())
    both_close = [key for key in rated if mine[key] >= 4 and theirs[key] >= 4]
    if widest >= 2:
        apart = [key for key, gap in gaps.items() if gap == widest]
        question = _(
            "That’s worth a gentle question, not a debate: the one who felt closer asks, “What "
            "would make this a little better for you?”, and listens without fixing it yet."
        )
        if everything and len(apart) == len(rated):
            pulse = _("Your pulses are just as far apart on every foundation this week.")
        else:
            pulse = _("Your pulses differ most on %(names)s.") % {"names": _names(apart[:2])}
        pulse += " " + question
    else:
        low = [key for key in rated if mine[key] + theirs[key] <= 5]
        small_step = _(
            "Ask each other what a small step closer could look like, and listen before "
            "suggesting anything."
        )
        if everything and len(low) == len(rated):
            pulse = _("You both felt further apart on every foundation this week.")
            pulse += " " + small_step
        elif low:
            pulse = _("You both felt further apart on %(names)s this week.") % {
                "names": _names(low[:2])
            }
            pulse += " " + small_step
        else:
            pulse = _(
                "Your pulses are close to each other this week. Pick one foundation and share "
                "a moment that made it feel that way."
            )
    if everything and len(both_close) == len(rated):
        pulse += " " + _(
            "You both felt close on every foundation: say what made it so, so you can do more "
            "of it."
        )
    elif both_close:
        pulse += " " + _(
            "You both felt close on %(names)s: say what made it so, so you can do more of it."
        ) % {"names": _names(both_close[:2])}
    return pulse

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nearer.forms import Textarea
from nearer.lib.foundations import FOUNDATIONS

from .models import FOLLOWUP, PROMPTS, PULSE, WEEKDAY_NAMES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ENTRY_MAX = 2000

# What each foundation asks about, in a few plain words, beside its pulse.
HINTS = {
    "communication": _("Saying what we feel, and really listening"),
    "vulnerability": _("Being able to show the real me"),
    "acceptance": _("Feeling liked as I am, quirks included"),
    "quality_time": _("Time together where we’re really there"),
    "appreciation": _("Noticing and saying what we value"),
    "safety": _("Bringing up feelings without fear"),
    "repair": _("Getting through disagreements kindly"),
    "support": _("Showing up for the hard days and the good news"),
}


class TimeForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=list(WEEKDAY_NAMES.items()),
        coerce=int,
        initial=6,
        error_messages={"invalid_choice": _("Choose a day of the week.")},
    )
    time = forms.TimeField(
        label=_("Time"),
        initial="19:00",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("On your own clock. Your partner sees it on theirs."),
        error_messages={
            "required": _("Choose a time."),
            "invalid": _("Enter a time like 19:30."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _text(key: str, help_text: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=PROMPTS[key],
        required=False,
        max_length=ENTRY_MAX,
        strip=True,
        help_text=help_text,
        widget=Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Keep it under %(limit_value)d characters. Your words are still here.")
        },
    )


class EntryForm(forms.Form):
    """Three prompts and a pulse per foundation; any of them can be left for saying out loud."""

    appreciated = _text("appreciated", _("Something small counts: a moment, a word, a kindness."))
    more_loved = _text(
        "more_loved", _("Something your partner could do this week. Concrete helps.")
    )
    closer = _text("closer", _("An idea for the two of you, big or tiny."))

    def __init__(self, *args: Any, followup_for: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if followup_for:
            self.fields["followup"] = forms.ChoiceField(
                label=_("Did this happen?"),
                choices=list(FOLLOWUP.items()),
                widget=forms.RadioSelect,
                required=False,
                help_text=followup_for,
            )
            self.order_fields(["followup"])
        for key, name in FOUNDATIONS.items():
            self.fields[f"pulse_{key}"] = forms.TypedChoiceField(
                label=name,
                choices=[
                    (
                        value,
                        format_html('{}<span class="visually-hidden"> · {}</span>', value, label),
                    )
                    for value, label in PULSE.items()
                ],
                coerce=int,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "pulse-choice"}),
                help_text=HINTS[key],
                error_messages={
                    "invalid_choice": _("Choose how close you felt here, from 1 to 5."),
                },
            )

    def pulse_fields(self) -> list[forms.BoundField]:
        return [self[f"pulse_{key}"] for key in FOUNDATIONS]

    def text_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in PROMPTS]

    @property
    def pulse(self) -> dict[str, int]:
        """The foundations the person rated; the others are simply not there."""
        values = {key: self.cleaned_data.get(f"pulse_{key}") for key in FOUNDATIONS}
        return {key: value for key, value in values.items() if isinstance(value, int)}

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nearer.forms import DayField, Textarea

NOW, LATER = "now", "later"


class NoteForm(forms.Form):
    """A note, sent now or later. Which button was pressed (`when`) decides which."""

    nonce = forms.UUIDField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Your note"),
        max_length=settings.NEARER_NOTE_MAX_LENGTH,
        widget=Textarea(attrs={"rows": 4}),
        help_text=_("A line is enough: something you noticed, something you miss, a thank you."),
        error_messages={
            "required": _("Write a few words first."),
            "max_length": _("Keep it under %(limit_value)d characters. Your words are still here."),
        },
    )
    day = DayField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Enter a day, like 2027-03-28."),
            "out_of_range": _("Choose a day within the next year."),
        },
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time, like 08:30.")},
    )

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if today is not None:
            self.fields["day"].widget.attrs["min"] = today.isoformat()

    @property
    def later(self) -> bool:
        return self.is_bound and self.data.get("when") == LATER

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("day"), data.get("time")
        data["deliver_at"] = None
        if self.later:
            if "day" not in self.errors and day is None:
                self.add_error("day", _("Choose the day it should arrive, or send it now."))
            if "time" not in self.errors and time is None:
                self.add_error("time", _("Choose the time it should arrive, or send it now."))
            if day is not None and time is not None:
                data["deliver_at"] = dt.datetime.combine(day, time)  # on the author's clock
        elif day is not None or time is not None or self.errors.keys() & {"day", "time"}:
            # Enter in the day or time box presses the first button, "now": a surprise should
            # not go early by accident.
            raise forms.ValidationError(
                _(
                    "You chose a time for it. To have it arrive then, press “Deliver it later”; "
                    "to send it now, clear the day and time."
                )
            )
        return data

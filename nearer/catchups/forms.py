from django import forms
from django.utils.translation import gettext_lazy as _

from nearer.forms import DayField, Textarea

from .models import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES
from .operations import FAR_MESSAGE, TOPIC_MAX_LENGTH

LENGTH_MESSAGE = _("Choose a length between 30 and 240 minutes.")


class WhenForm(forms.Form):
    """Date, time and length, on the person's own clock."""

    day = DayField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choose a date."),
            "invalid": _("That date doesn’t exist. Check the day and the month."),
            "out_of_range": FAR_MESSAGE,
        },
    )
    at = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Choose a time."),
            "invalid": _("Write the time as hours and minutes, for example 19:30."),
        },
    )
    minutes = forms.IntegerField(
        label=_("How long"),
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        initial=DEFAULT_MINUTES,
        help_text=_("Minutes. An hour is a good length; anything from 30 to 240 works."),
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
        error_messages={
            "required": LENGTH_MESSAGE,
            "invalid": LENGTH_MESSAGE,
            "min_value": LENGTH_MESSAGE,
            "max_value": LENGTH_MESSAGE,
        },
    )


class PlanForm(WhenForm):
    topic = forms.CharField(
        label=_("What we might talk about (optional)"),
        required=False,
        max_length=TOPIC_MAX_LENGTH,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("Your partner will see this too. A few words are plenty."),
        error_messages={
            "max_length": _("Keep it to %(limit_value)d characters. Your words are still here."),
        },
    )
    nonce = forms.UUIDField(widget=forms.HiddenInput, required=False)


class RescheduleForm(WhenForm):
    pass

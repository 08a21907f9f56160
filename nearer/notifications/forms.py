from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PRACTICES, REMINDABLE


class PreferencesForm(forms.Form):
    remind = forms.MultipleChoiceField(
        label=_("Remind me about"),
        choices=[(key, PRACTICES[key]) for key in REMINDABLE],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A gentle line in Nearer before each one. Nothing is on until you choose it."),
    )
    email = forms.MultipleChoiceField(
        label=_("Also email me about"),
        choices=list(PRACTICES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Emails only ever say that something is waiting for you in Nearer, never what "
            "anyone wrote."
        ),
    )
    quiet_start = forms.TimeField(
        label=_("Quiet from"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time like 22:00.")},
    )
    quiet_end = forms.TimeField(
        label=_("Quiet until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("No email arrives between these times; it waits until they end."),
        error_messages={"invalid": _("Enter a time like 08:00.")},
    )

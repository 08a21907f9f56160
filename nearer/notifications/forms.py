from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nearer.lib import practices


class PreferencesForm(forms.Form):
    remind = forms.MultipleChoiceField(
        label=_("Remind me about"),
        choices=(),  # the practices with times (set in __init__, from the registry)
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A gentle line in Nearer before each one. Nothing is on until you choose it."),
    )
    email = forms.MultipleChoiceField(
        label=_("Also email me about"),
        choices=(),  # the practices a person can hear about
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        remind, email = self.fields["remind"], self.fields["email"]
        assert isinstance(remind, forms.ChoiceField) and isinstance(email, forms.ChoiceField)
        remind.choices = [(p.app, p.title) for p in practices.remindable()]
        email.choices = [(p.app, p.title) for p in practices.heard_about()]

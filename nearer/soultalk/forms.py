from django import forms
from django.utils.translation import gettext_lazy as _


class StartForm(forms.Form):
    nonce = forms.UUIDField(widget=forms.HiddenInput, required=False)
    minutes = forms.IntegerField(
        label=_("How long"),
        min_value=5,
        max_value=60,
        initial=15,
        help_text=_("Minutes. Fifteen is a good start; you can add more as you go."),
        error_messages={
            "min_value": _("Choose at least 5 minutes."),
            "max_value": _("Choose at most 60 minutes."),
        },
    )
    cards = forms.TypedChoiceField(
        label=_("Questions"),
        choices=[(3, "3"), (4, "4"), (5, "5")],
        coerce=int,
        initial=4,
    )


class KeepsakeForm(forms.Form):
    text = forms.CharField(
        label=_("One line to remember"),
        max_length=280,
        widget=forms.TextInput,
        error_messages={
            "required": _("Write a line first, or simply close this page."),
            "max_length": _(
                "Keep it to one line (%(limit_value)d characters). Your words are still here."
            ),
        },
    )
    shared = forms.BooleanField(
        label=_("Share this line with my partner"),
        required=False,
        help_text=_("If you leave this unticked, only you will see it."),
    )


class TimeTogetherForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("How long"),
        min_value=5,
        max_value=120,
        initial=20,
        help_text=_("Minutes. Twenty is a good daily amount."),
        error_messages={
            "min_value": _("Choose at least 5 minutes."),
            "max_value": _("Choose at most 120 minutes."),
        },
    )
    nonce = forms.UUIDField(widget=forms.HiddenInput, required=False)

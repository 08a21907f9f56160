from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nearer.lib import timezones

from .models import User


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=60,
        help_text=_("What your partner will see. A first name or a nickname is fine."),
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=timezones.choices,
        initial="UTC",
        help_text=_("So your daily question turns over at your midnight."),
    )

    def signup(self, request: object, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save()


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=timezones.choices)

    class Meta:
        model = User
        fields = ["display_name", "time_zone"]

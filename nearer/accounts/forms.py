from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from nearer.lib import timezones

from .models import User
from .validators import validate_plain_name

if TYPE_CHECKING:
    from django.forms.renderers import BaseRenderer
    from django.utils.safestring import SafeString


class TimeZoneSelect(forms.Select):
    """A select of ~430 zones, rendered in Python: one template per option costs ~150 ms."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if key == value else "", label)  # noqa: S308
                for key, label in timezones.choices()
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=60,
        help_text=_("What your partner will see. A first name or a nickname is fine."),
        validators=[validate_plain_name],
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=timezones.choices,
        widget=TimeZoneSelect,
        initial="UTC",
        help_text=_("So your daily question turns over at your midnight."),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save()


class ProfileForm(forms.ModelForm[User]):
    time_zone = forms.ChoiceField(
        label=_("Your time zone"), choices=timezones.choices, widget=TimeZoneSelect
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "listening_hints"]

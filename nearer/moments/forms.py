from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nearer.forms import Textarea

from .models import Kind

LINE_MAX_LENGTH = 200
DETAIL_MAX_LENGTH = 4000


class MomentForm(forms.Form):
    """A win or a struggle: one line, and more if the person wants to say more."""

    nonce = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=[
            (Kind.WIN, _("Good news, big or small")),
            (Kind.STRUGGLE, _("Something hard")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether it’s good news or something hard."),
            "invalid_choice": _("Choose whether it’s good news or something hard."),
        },
    )
    line = forms.CharField(
        label=_("In a line"),
        max_length=LINE_MAX_LENGTH,
        help_text=_("“My talk went well.” “Work was a lot today.” A few words is enough."),
        error_messages={
            "required": _("Write a line first: a few words about what happened."),
            "max_length": _(
                "Keep the line under %(limit_value)d characters (you wrote %(show_value)d). "
                "The rest can go below, under “More, if you like”. Your words are still here."
            ),
        },
    )
    detail = forms.CharField(
        label=_("More, if you like"),
        required=False,
        max_length=DETAIL_MAX_LENGTH,
        widget=Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "That’s longer than we can keep (%(limit_value)d characters; you wrote "
                "%(show_value)d). Your words are still here: trim a little and share again."
            ),
        },
    )

    field_order = ["kind", "line", "detail", "nonce"]


class KeepForm(forms.Form):
    kept = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )

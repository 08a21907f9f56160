from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .content import ideas_by_key
from .models import WEEKDAYS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def idea_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("— write my own below —"))] + [
        (idea.key, idea.title) for idea in ideas_by_key().values()
    ]


class RitualForm(forms.Form):
    idea = forms.ChoiceField(label=_("Start from an idea"), choices=idea_choices, required=False)
    title = forms.CharField(
        label=_("Or in your own words"),
        max_length=120,
        required=False,
        help_text=_("For example: “Tea on the balcony before work”."),
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Which days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day.")},
    )
    time = forms.TimeField(
        label=_("Around what time (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("idea") and not (data.get("title") or "").strip():
            raise forms.ValidationError(_("Pick an idea from the list or write your own."))
        return data

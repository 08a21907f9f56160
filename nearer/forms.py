"""Site-wide form pieces: one shared template for every field, and a date field that stays
within the calendar Nearer can schedule in."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from nearer.lib.schedule import EARLIEST_DAY, LATEST_DAY


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class DayField(forms.DateField):
    """A date a person chooses. A day outside EARLIEST_DAY to LATEST_DAY (a typo of a year,
    or a crafted post) is a form error beside the field ("out_of_range"), so the rest of what
    the person wrote stays in the form and nothing downstream overflows."""

    default_error_messages = {
        "out_of_range": _("Choose a date between the years %(earliest)s and %(latest)s."),
    }

    def validate(self, value: dt.date | None) -> None:
        super().validate(value)
        if value is not None and not EARLIEST_DAY <= value <= LATEST_DAY:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"earliest": EARLIEST_DAY.year, "latest": LATEST_DAY.year},
            )

"""Site-wide form pieces: one shared template for every field, and a date field that stays
within the calendar Nearer can schedule in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from nearer.lib.schedule import EARLIEST_DAY, LATEST_DAY


class Textarea(forms.Textarea):
    """A textarea whose line breaks count once.

    Browsers count a line break as one character against `maxlength` but send it as two
    (CR LF) with the form, so a text that fits the box could be refused for being too long.
    """

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value


class BoundField(forms.BoundField):
    """Text boxes with a length limit say so: an "Up to N characters" hint the box is
    described by (rendered by forms/field.html; site.js adds a live count to it)."""

    @property
    def limit(self) -> int | None:
        widget = self.field.widget
        max_length = getattr(self.field, "max_length", None)
        if not max_length or widget.is_hidden:
            return None
        if isinstance(widget, forms.Textarea):
            return int(max_length)
        # Words, not addresses or passwords: an email box's 320 is no help to anyone.
        kind = widget.attrs.get("type", getattr(widget, "input_type", None))
        return int(max_length) if kind == "text" else None

    @property
    def aria_describedby(self) -> str | None:
        described = super().aria_describedby
        if described is None or not self.auto_id or not self.limit:
            return described
        ids = described.split()
        ids.insert(1 if self.help_text else 0, f"{self.auto_id}_limit")
        return " ".join(ids)


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = BoundField


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

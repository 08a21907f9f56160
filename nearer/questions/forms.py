from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nearer.forms import Textarea


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        widget=Textarea(attrs={"rows": 6}),
        max_length=settings.NEARER_ANSWER_MAX_LENGTH,
        error_messages={
            "required": _("Write a few words first — even one line is enough."),
            "max_length": _(
                "That’s longer than we can keep in one answer (%(limit_value)d characters; "
                "you wrote %(show_value)d). Your words are still here — trim a little and try again."
            ),
        },
        help_text=_("Only you can read this until you have both answered."),
    )

    def for_one(self) -> AnswerForm:
        """Said to someone without a partner in Nearer (yet, or any more)."""
        words = _(
            "Only you can read this. If a partner joins you and answers this question too, "
            "you’ll open both answers together."
        )
        # The bound field keeps its own copy once the form has been validated.
        self.fields["text"].help_text = self["text"].help_text = words
        return self

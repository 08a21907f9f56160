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


GUESS_MAX_LENGTH = 2000


def _guess_field(partner: object, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Your guess at %(name)s’s answer") % {"name": partner},
        widget=Textarea(attrs={"rows": 3}),
        required=required,
        max_length=GUESS_MAX_LENGTH,
        error_messages={
            "required": _("Write your guess first — or leave it: guessing is just for fun."),
            "max_length": _(
                "That’s longer than we can keep in one guess (%(limit_value)d characters; "
                "you wrote %(show_value)d). Your words are still here — trim a little and try again."
            ),
        },
        help_text=_(
            "How well do you know %(name)s? Only if you like. %(name)s sees your guess "
            "beside their answer once you have both answered."
        )
        % {"name": partner},
    )


class GuessForm(forms.Form):
    """A guess at the partner's answer, on its own once one's answer is in."""

    def __init__(
        self, *args: object, partner: object = _("your partner"), **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["guess"] = _guess_field(partner, required=True)


def offer_guess(form: AnswerForm, partner: object) -> AnswerForm:
    """Add an optional guess at the partner's answer to the answer form (a guess day)."""
    form.fields["guess"] = _guess_field(partner, required=False)
    return form

"""The feeling builder ("I feel … because … what I need is …") and "be with me"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nearer.forms import Textarea

from . import content

FEELING_MAX = 80
BECAUSE_MAX = 2000
NEED_MAX = 300

_TOO_LONG = _(
    "Keep it under %(limit_value)d characters (you wrote %(show_value)d). Your words are still here."
)


def need_choices() -> list[tuple[str, str]]:
    return [(need.key, need.text) for need in content.needs()]


def with_word(current: str, word: str) -> str:
    """The feeling box after picking `word`: the word alone when the box is empty, else added
    to what is there (so "just tired" becomes "just tired, lonely"). Picked twice: once."""
    current = current.strip()
    if not current:
        return word
    if word.casefold() in [part.strip().casefold() for part in current.split(",")]:
        return current
    return f"{current}, {word}"


class FeelingForm(forms.Form):
    feeling = forms.CharField(
        label=_("I feel …"),
        max_length=FEELING_MAX,
        help_text=_("Pick a word below, or use your own."),
        widget=forms.TextInput(attrs={"list": "feeling-words", "autocomplete": "off"}),
        error_messages={
            "required": _("Start with how you feel: one word is enough, yours or one from below."),
            "max_length": _TOO_LONG,
        },
    )
    because = forms.CharField(
        label=_("because …"),
        max_length=BECAUSE_MAX,
        required=False,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_("What happened, or what’s on your mind. A line is plenty."),
        error_messages={"max_length": _TOO_LONG},
    )
    need = forms.ChoiceField(
        label=_("what I need is …"),
        choices=need_choices,
        required=False,
        widget=forms.RadioSelect,
    )
    need_own = forms.CharField(
        label=_("… or in my own words"),
        max_length=NEED_MAX,
        required=False,
        error_messages={"max_length": _TOO_LONG},
    )
    nonce = forms.UUIDField(widget=forms.HiddenInput)
    # Set once the gentle nudge after a closed start ("fine", "just tired") has been shown.
    nudged = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        need = cleaned.get("need_own", "").strip()
        if not need and cleaned.get("need"):
            need = dict(need_choices())[cleaned["need"]]
        cleaned["need_words"] = need
        if not need and "need_own" not in self.errors:
            self.add_error(
                "need_own",
                _("Say what would help, even roughly: pick one above or write your own."),
            )
        return cleaned

    @property
    def nudge(self) -> bool:
        """Whether to nudge, gently, for one more feeling word (never a block)."""
        if not self.is_bound or self.data.get("nudged") or self.data.get("as_is"):
            return False
        return content.is_closed_start(str(self.data.get("feeling", "")))


class PresenceForm(forms.Form):
    """ "Be with me": one tap. A feeling is optional."""

    feeling = forms.CharField(
        label=_("A feeling, if you like"),
        max_length=FEELING_MAX,
        required=False,
        widget=forms.TextInput(attrs={"list": "feeling-words", "autocomplete": "off"}),
        error_messages={"max_length": _TOO_LONG},
    )
    nonce = forms.UUIDField(widget=forms.HiddenInput)

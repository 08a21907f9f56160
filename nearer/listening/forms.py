"""The listening step's forms: three short parts, then an optional idea; or, for a partner's
good news, a cheer and a question. Any part may be skipped, never all of them.

Hints (hints.py) are worked out from the bound form for its writer only, when they have not
turned them off; they are never stored with the reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nearer.forms import Textarea

from .hints import hints_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import _StrPromise

    from nearer.accounts.models import User

PART_MAX_LENGTH = 2000

# Parts a hint reads: an idea is advice by design, so it is not flagged for fixing.
HINTED = {
    "heard": _("What I heard"),
    "sense": _("Why it makes sense"),
    "ask": _("One question"),
    "cheer": _("What I feel about it"),
}


@dataclass(frozen=True)
class ShownHint:
    """A hint as the writer sees it: the part it is about, the words noticed, the suggestion."""

    part: str
    label: str
    noticed: str
    message: str


def hints_in(data: Any, user: User | AnonymousUser) -> list[ShownHint]:
    """Hints for the parts of a draft in `data` (a POST), for `user` (none when they turned
    them off)."""
    if not getattr(user, "listening_hints", False):
        return []
    shown = []
    for part, label in HINTED.items():
        text = data.get(part)
        if not isinstance(text, str):
            continue
        text = text[: PART_MAX_LENGTH * 2]
        for hint in hints_for(text):
            shown.append(ShownHint(part, str(label), text[hint.start : hint.end], hint.message))
    return shown


def _part(label: _StrPromise, help_text: _StrPromise, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=PART_MAX_LENGTH,
        widget=Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": _(
                "That part is longer than we can keep (%(limit_value)d characters; you wrote "
                "%(show_value)d). Your words are still here: trim a little and send again."
            ),
        },
    )


class _Reply(forms.Form):
    nonce = forms.UUIDField(widget=forms.HiddenInput)
    empty_message: _StrPromise = _("Write at least one part first.")
    hints_id = "listening-hints"

    def __init__(self, *args: Any, user: User | AnonymousUser | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user

    @property
    def looking_over(self) -> bool:
        """The writer asked to look over their draft (the hints) before sending it."""
        return self.is_bound and "check" in self.data

    @property
    def hints(self) -> list[ShownHint]:
        if not self.is_bound or self.user is None:
            return []
        return hints_in(self.data, self.user)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        parts = [name for name in self.fields if name != "nonce"]
        if not self.errors and not any(cleaned.get(name, "").strip() for name in parts):
            raise forms.ValidationError(self.empty_message, code="empty")
        return cleaned

    @property
    def parts(self) -> dict[str, str]:
        """The written parts, ready for `Listening.parts`."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "nonce" and value.strip()
        }


class ListeningForm(_Reply):
    """What I heard, why it makes sense, one question; then an idea, if they want one."""

    heard = _part(
        _("What I heard"),
        _("Say back what they told you, and the feeling you sense under it: “It sounds like …”"),
    )
    sense = _part(
        _("Why it makes sense"),
        _("“It makes sense you’d feel that way, because …”"),
    )
    ask = _part(
        _("One question to understand more"),
        _("Something open, about them: “What was the hardest part?”"),
    )
    idea = _part(
        _("An idea, if you want one"),
        _("Only if it helps, and only after the rest. It can wait."),
    )
    empty_message = _(
        "Write at least one part before sending. A few words of what you heard is plenty."
    )

    field_order = ["heard", "sense", "ask", "idea", "nonce"]


class CelebrateForm(_Reply):
    """For a partner's good news: how glad you are, and a question that lets them relive it."""

    cheer = _part(
        _("What I feel about it"),
        _("Let it show: “That’s brilliant, I’m so glad for you!”"),
    )
    ask = _part(
        _("A question so they can tell it again"),
        _("“What was the best moment?” “How did it feel when you heard?”"),
    )
    empty_message = _("Write a few words first: even “So glad for you!” is plenty.")

    field_order = ["cheer", "ask", "nonce"]

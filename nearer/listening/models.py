"""A reply through the listening step: the abstract model each practice's replies build on.

The words are sealed as one JSON object of parts under the replier's key. Which parts exist
depends on the form: the listening step writes `heard`, `sense`, `ask` and `idea`; a
celebration (a partner's win) writes `cheer` and `ask`. Any part may be empty, never all.

Replies written before the listening step existed (questions.Response) were plain text; they
read as one part, `said` (docs/decisions/0022).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nearer.accounts.sealing import SealedJSON, Writing

# In the order a reply shows them.
PARTS = ("said", "cheer", "heard", "sense", "ask", "idea")


class SealedParts(SealedJSON):
    """A reply's parts: JSON {part: text}; an older plain-text body reads as {"said": text}."""

    def encode(self, value: Any) -> bytes:
        if isinstance(value, str):
            value = {"said": value}
        if not isinstance(value, dict) or set(value) - set(PARTS):
            raise ValueError(f"a reply is parts of {PARTS}, not {value!r}")
        return super().encode({k: str(v) for k, v in value.items() if str(v).strip()})

    def decode(self, data: bytes) -> dict[str, str]:
        try:
            value = json.loads(data)
        except ValueError:
            value = None
        if isinstance(value, dict) and value and not set(value) - set(PARTS):
            return {k: str(v) for k, v in value.items()}
        return {"said": data.decode("utf-8")}


class FeltHeard(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NOT_YET = "not_yet", _("Not yet")


class Listening(Writing):
    """One reply to what a partner opened up. Concrete models add the thing replied to and a
    constraint `(author, nonce)` unique, so a double-submitted form makes one reply."""

    parts = SealedParts("body")
    created_at = models.DateTimeField(default=timezone.now)
    nonce = models.CharField(max_length=36)
    # The answer of the person replied to: did they feel heard? Seen by the replier too.
    felt_heard = models.CharField(max_length=8, choices=FeltHeard.choices, blank=True)
    felt_heard_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def shown_parts(self) -> list[tuple[str, str]]:
        """(part, text) in reading order, the empty ones left out."""
        parts = self.parts
        return [(part, parts[part]) for part in PARTS if parts.get(part)]

    @property
    def text(self) -> str:
        """All the parts as plain text (one paragraph each)."""
        return "\n\n".join(text for _part, text in self.shown_parts)

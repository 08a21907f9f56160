"""Checks on what a person calls themselves, which their partner sees."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI). They can
# make a name display as something else ("Trojan Source"). The plain marks LRM, RLM and ALM,
# which mixed-script names sometimes need, stay allowed.
DIRECTION_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def validate_plain_name(value: str) -> None:
    """Refuse direction-override and control characters in a display name."""
    if any(ch in DIRECTION_CONTROLS for ch in value):
        raise ValidationError(
            _(
                "Your name has a hidden character that changes which way text runs. "
                "Please type it again without it."
            ),
            code="direction_control",
        )
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValidationError(
            _("Your name can’t contain line breaks or other control characters."),
            code="control_character",
        )

"""The eight foundations of emotional intimacy (docs/product.md)."""

from django.utils.translation import gettext_lazy as _

FOUNDATIONS = {
    "communication": _("Communication"),
    "vulnerability": _("Trust & vulnerability"),
    "acceptance": _("Acceptance"),
    "quality_time": _("Quality time"),
    "appreciation": _("Appreciation"),
    "safety": _("Emotional safety"),
    "repair": _("Conflict & repair"),
    "support": _("Support & celebration"),
}
KEYS = tuple(FOUNDATIONS)

DEPTHS = {1: _("Light"), 2: _("Personal"), 3: _("Vulnerable"), 4: _("Deepest")}

KINDS = (
    "memory",
    "dream",
    "fear",
    "value",
    "need",
    "appreciation",
    "playful",
    "hope",
    "self",
    "relationship",
)

"""Changes to a person's own account that apps above this one follow."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User

# Called after a person saves their profile (name, time zone). Apps above this one register in
# their AppConfig.ready() (notifications: reminders move to the new clock), so this app imports
# none of them.
PROFILE_CHANGED: list[Callable[[User], None]] = []


def on_profile_changed(hook: Callable[[User], None]) -> None:
    if hook not in PROFILE_CHANGED:
        PROFILE_CHANGED.append(hook)


def profile_changed(user: User) -> None:
    for hook in PROFILE_CHANGED:
        hook(user)

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save

if TYPE_CHECKING:
    from nearer.accounts.models import User


def _give_new_person_a_space(
    sender: type, instance: User, created: bool, raw: bool, **kwargs: Any
) -> None:
    """Everyone has a space from the start, so reading a page never has to make one."""
    if created and not raw:
        from .space import ensure_space

        ensure_space(instance)


class CouplesConfig(AppConfig):
    name = "nearer.couples"
    label = "couples"
    verbose_name = "Couples"

    def ready(self) -> None:
        post_save.connect(
            _give_new_person_a_space, sender=settings.AUTH_USER_MODEL, dispatch_uid="couples-space"
        )

"""An email backend for tests that lets a test act in the middle of a send."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend

# Called with each message just before it would be handed to the mail server.
before_send: list[Callable[[EmailMessage], None]] = []


class HookedBackend(EmailBackend):
    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        for message in messages:
            for hook in list(before_send):
                hook(message)
        return super().send_messages(messages)

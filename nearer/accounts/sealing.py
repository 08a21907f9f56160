"""An abstract model for anything a person writes: the text is stored only sealed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nearer.lib import crypto


class SealedText(models.Model):
    """`author` wrote `text`; the database holds only `body`, sealed with the author's key."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.BinaryField(editable=False)

    class Meta:
        abstract = True

    def _aad(self) -> bytes:
        return f"{self._meta.label_lower}:{self.author_id}".encode()

    @property
    def text(self) -> str:
        return crypto.unseal_text(self.body, self.author.data_key, self._aad())

    @text.setter
    def text(self, value: str) -> None:
        self.body = crypto.seal_text(value, self.author.data_key, self._aad())

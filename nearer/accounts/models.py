from __future__ import annotations

import zoneinfo
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _

from nearer.lib import crypto

from .sealing import key_place
from .validators import validate_plain_name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


def master_key() -> bytes:
    return crypto.parse_master_key(settings.NEARER_MASTER_KEY)


class User(AbstractUser):
    """A person. Signs in with an email address; has their own data key for their words."""

    # Django's way to drop AbstractUser's fields, which its types cannot express: no username
    # (people sign in by email) and one display name instead of first and last.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("your name"),
        max_length=60,
        help_text=_("What your partner sees, e.g. a first name or a pet name."),
        validators=[validate_plain_name],
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    listening_hints = models.BooleanField(
        _("Show me gentle notes while I reply"),
        default=True,
        help_text=_(
            "When you answer something your partner opened up, Nearer can point out a word that "
            "might sound like fixing or brushing it off. Only you see the notes; they are not kept."
        ),
    )
    # The person's data key, sealed by the master key. Destroying it destroys their words.
    wrapped_data_key = models.BinaryField(editable=False, null=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    # AbstractUser types `objects` as its username-based manager; ours signs people in by email.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.display_name or f"Person {self.pk}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new person gets a data key, wrapped for them alone (`key_place`): their primary
        key is known only after the INSERT, so the row is inserted, then the key wrapped and
        written, in one transaction."""
        if self.wrapped_data_key:
            super().save(*args, **kwargs)
            return
        master, key = master_key(), crypto.generate_key()
        if self.pk is not None:
            self.wrapped_data_key = crypto.seal(key, master, key_place(self.pk))
            super().save(*args, **kwargs)
        else:
            using = kwargs.get("using") or router.db_for_write(User, instance=self)
            try:
                with transaction.atomic(using=using, savepoint=False):
                    super().save(*args, **kwargs)
                    wrapped = crypto.seal(key, master, key_place(self.pk))
                    User._base_manager.using(using).filter(pk=self.pk).update(
                        wrapped_data_key=wrapped
                    )
            except BaseException:
                self.pk = None  # the transaction is undone: the person is unsaved again
                self._state.adding = True
                raise
            self.wrapped_data_key = wrapped
        self.__dict__["data_key"] = key

    @cached_property
    def data_key(self) -> bytes:
        if not self.wrapped_data_key:
            raise crypto.MasterKeyError("This person has no data key.")
        return crypto.unseal(self.wrapped_data_key, master_key(), key_place(self.pk))

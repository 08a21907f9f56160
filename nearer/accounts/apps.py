from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nearer.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)

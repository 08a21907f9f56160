from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "nearer.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)


class NearerAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with no sign-in of its own (see `admin_site.NearerAdminSite`)."""

    default = False  # named in INSTALLED_APPS; "nearer.accounts" stays AccountsConfig
    default_site = "nearer.accounts.admin_site.NearerAdminSite"

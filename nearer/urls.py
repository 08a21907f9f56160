from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from nearer.accounts import views as account_views

# Every app of ours with a `urls` module brings its pages, in INSTALLED_APPS order: adding a
# practice is its app plus its line there (docs/decisions/0019-practice-contract.md).
APP_URLS = [
    path("", include(f"{config.name}.urls"))
    for config in apps.get_app_configs()
    if config.name.startswith("nearer.") and find_spec(f"{config.name}.urls") is not None
]

urlpatterns = [
    path("", account_views.home, name="home"),
    path("safety/", account_views.safety, name="safety"),
    path("account/", include("allauth.urls")),
    *APP_URLS,
    path("practices/", account_views.practices, name="practices"),
    path("admin/", admin.site.urls),
]

from django.contrib import admin
from django.urls import include, path

from nearer.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("safety/", account_views.safety, name="safety"),
    path("account/", include("allauth.urls")),
    path("", include("nearer.accounts.urls")),
    path("", include("nearer.couples.urls")),
    path("", include("nearer.questions.urls")),
    path("", include("nearer.soultalk.urls")),
    path("", include("nearer.gratitude.urls")),
    path("", include("nearer.closeness.urls")),
    path("", include("nearer.rituals.urls")),
    path("", include("nearer.notifications.urls")),
    path("", include("nearer.checkins.urls")),
    path("", include("nearer.catchups.urls")),
    path("", include("nearer.notes.urls")),
    path("", include("nearer.calendars.urls")),
    path("practices/", account_views.practices, name="practices"),
    path("admin/", admin.site.urls),
]

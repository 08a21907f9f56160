from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("me/calendar/", views.page, name="page"),
    path("me/calendar/new/", views.create, name="create"),
    path("me/calendar/off/", views.revoke, name="revoke"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]

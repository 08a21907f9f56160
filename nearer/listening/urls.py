from django.urls import path

from . import views

app_name = "listening"

urlpatterns = [
    path("listening/hints/", views.hints, name="hints"),
]

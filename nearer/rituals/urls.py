from django.urls import path

from . import views

app_name = "rituals"

urlpatterns = [
    path("practices/rituals/", views.index, name="index"),
    path("practices/rituals/month/", views.month, name="month"),
    path("practices/rituals/<int:pk>/done/", views.done, name="done"),
    path("practices/rituals/<int:pk>/remove/", views.remove, name="remove"),
]

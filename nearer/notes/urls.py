from django.urls import path

from . import views

app_name = "notes"

urlpatterns = [
    path("practices/notes/", views.index, name="index"),
    path("practices/notes/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("practices/notes/<int:pk>/delete/", views.delete, name="delete"),
    path("practices/kindness/", views.kindness, name="kindness"),
]

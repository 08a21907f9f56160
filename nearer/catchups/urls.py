from django.urls import path

from . import views

app_name = "catchups"

urlpatterns = [
    path("practices/catchups/", views.index, name="index"),
    path("practices/catchups/<int:pk>/", views.detail, name="detail"),
    path("practices/catchups/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("practices/catchups/<int:pk>/had/", views.had, name="had"),
]

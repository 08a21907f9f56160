from django.urls import path

from . import views

app_name = "gratitude"

urlpatterns = [
    path("practices/gratitude/", views.gratitude, name="index"),
    path("practices/gratitude/jar/", views.jar, name="jar"),
    path("practices/gratitude/<int:pk>/landed/", views.landed, name="landed"),
    path("practices/gratitude/<int:pk>/delete/", views.delete, name="delete"),
]

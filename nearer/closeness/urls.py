from django.urls import path

from . import views

app_name = "closeness"

urlpatterns = [
    path("thinking-of-you/", views.thinking_of_you, name="thinking_of_you"),
]

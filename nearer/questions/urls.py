from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("questions/", views.history, name="history"),
    path("questions/<int:pk>/", views.detail, name="detail"),
    path("questions/<int:pk>/answer/", views.answer, name="answer"),
    path("questions/<int:pk>/lighter/", views.lighter, name="lighter"),
    path("questions/<int:pk>/share/", views.share, name="share"),
    path("questions/<int:pk>/respond/", views.respond, name="respond"),
    path("questions/<int:pk>/guess/", views.guess, name="guess"),
    path("questions/<int:pk>/felt/", views.felt, name="felt"),
    path("questions/<int:pk>/talked/", views.talked, name="talked"),
    path("questions/depth/", views.depth, name="depth"),
]

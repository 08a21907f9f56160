from django.urls import path

from . import views

app_name = "feelings"

urlpatterns = [
    path("talk/", views.index, name="index"),
    path("talk/feel/", views.feel, name="feel"),
    path("talk/be-with-me/", views.presence, name="presence"),
    path("talk/feelings/", views.history, name="history"),
    path("talk/feelings/<int:pk>/", views.detail, name="detail"),
    path("talk/feelings/<int:pk>/reply/", views.reply, name="reply"),
    path("talk/feelings/<int:pk>/felt/", views.felt, name="felt"),
    path("talk/feelings/<int:pk>/here/", views.here, name="here"),
]

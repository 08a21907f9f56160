from django.urls import path

from . import views

app_name = "moments"

urlpatterns = [
    path("talk/moments/", views.index, name="index"),
    path("talk/moments/<int:pk>/", views.detail, name="detail"),
    path("talk/moments/<int:pk>/reply/", views.reply, name="reply"),
    path("talk/moments/<int:pk>/felt/", views.felt, name="felt"),
    path("talk/moments/<int:pk>/keep/", views.keep, name="keep"),
]

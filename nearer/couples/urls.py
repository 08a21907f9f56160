from django.urls import path

from . import views

app_name = "couples"

urlpatterns = [
    path("partner/", views.partner, name="partner"),
    path("partner/invite/", views.invite, name="invite"),
    path("partner/invite/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("partner/unlink/", views.unlink, name="unlink"),
    path("join/<str:token>/", views.join, name="join"),
]

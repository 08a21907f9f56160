from django.urls import path

from . import views

app_name = "soultalk"

urlpatterns = [
    path("together/", views.start_page, name="start"),
    path("together/start/", views.start, name="begin"),
    path("together/<int:pk>/card/<int:position>/", views.card, name="card"),
    path("together/<int:pk>/extend/", views.extend, name="extend"),
    path("together/<int:pk>/skip/", views.skip, name="skip"),
    path("together/<int:pk>/lighter/", views.lighter, name="lighter"),
    path("together/<int:pk>/done/", views.done, name="done"),
    path("together/<int:pk>/keep/", views.keep, name="keep"),
    path("together/time/", views.time_together, name="time"),
    path("together/time/<int:pk>/", views.time_timer, name="time_timer"),
]

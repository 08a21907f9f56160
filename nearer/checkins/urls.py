from django.urls import path

from . import views

app_name = "checkins"

urlpatterns = [
    path("practices/checkins/", views.index, name="index"),
    path("practices/checkins/time/suggest/", views.propose, name="propose"),
    path("practices/checkins/time/accept/", views.accept, name="accept"),
    path("practices/checkins/time/take-back/", views.withdraw, name="withdraw"),
    path("practices/checkins/time/stop/", views.clear, name="clear"),
    path("practices/checkins/this-week/", views.write, name="write"),
    path("practices/checkins/history/", views.history, name="history"),
    path("practices/checkins/<int:pk>/", views.detail, name="detail"),
    path("practices/checkins/<int:pk>/talked/", views.talked, name="talked"),
    path("practices/checkins/<int:pk>/reply/", views.reply, name="reply"),
    path("practices/checkins/<int:pk>/felt/", views.felt, name="felt"),
]

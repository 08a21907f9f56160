from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "nearer.listening"
    label = "listening"
    verbose_name = "Listening"

from django.apps import AppConfig


class CatchupsConfig(AppConfig):
    name = "nearer.catchups"
    label = "catchups"
    verbose_name = "Catch-ups"

from django.apps import AppConfig


class GratitudeConfig(AppConfig):
    name = "nearer.gratitude"
    label = "gratitude"
    verbose_name = "Gratitude"

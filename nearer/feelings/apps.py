from django.apps import AppConfig


class FeelingsConfig(AppConfig):
    name = "nearer.feelings"
    label = "feelings"
    verbose_name = "Feelings"

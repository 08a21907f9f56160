from django.apps import AppConfig


class ClosenessConfig(AppConfig):
    name = "nearer.closeness"
    label = "closeness"
    verbose_name = "Wordless closeness"

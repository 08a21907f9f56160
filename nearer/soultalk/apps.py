from django.apps import AppConfig


class SoultalkConfig(AppConfig):
    name = "nearer.soultalk"
    label = "soultalk"
    verbose_name = "Soul talk"

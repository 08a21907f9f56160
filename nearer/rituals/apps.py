from django.apps import AppConfig


class RitualsConfig(AppConfig):
    name = "nearer.rituals"
    label = "rituals"
    verbose_name = "Rituals"

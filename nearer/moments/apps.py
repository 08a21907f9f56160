from django.apps import AppConfig


class MomentsConfig(AppConfig):
    name = "nearer.moments"
    label = "moments"
    verbose_name = "Wins and struggles"

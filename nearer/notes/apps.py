from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "nearer.notes"
    label = "notes"
    verbose_name = "Loving notes"

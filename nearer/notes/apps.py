from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "nearer.notes"
    label = "notes"
    verbose_name = "Loving notes"

    def ready(self) -> None:
        from nearer.notifications.registry import register_due_job

        from .delivery import deliver_due_notes

        register_due_job("notes", deliver_due_notes)

from django.apps import AppConfig


class RitualsConfig(AppConfig):
    name = "nearer.rituals"
    label = "rituals"
    verbose_name = "Rituals"

    def ready(self) -> None:
        import datetime as dt

        from nearer.notifications.registry import ReminderSource, register_reminders

        from . import operations

        register_reminders(
            ReminderSource(
                practice="rituals",
                kind="ritual_reminder",
                lead=dt.timedelta(0),
                url_name="rituals:index",
                sources_in=operations.timed_ritual_ids,
                next_event=operations.next_ritual_at,
            )
        )

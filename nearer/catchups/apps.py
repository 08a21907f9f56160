from django.apps import AppConfig


class CatchupsConfig(AppConfig):
    name = "nearer.catchups"
    label = "catchups"
    verbose_name = "Catch-ups"

    def ready(self) -> None:
        import datetime as dt

        from nearer.notifications.registry import ReminderSource, register_reminders

        from . import operations

        register_reminders(
            ReminderSource(
                practice="catchups",
                kind="catchup_reminder",
                lead=dt.timedelta(hours=3),
                url_name="catchups:index",
                sources_in=operations.upcoming_catchup_ids,
                next_event=operations.next_catchup_at,
            )
        )

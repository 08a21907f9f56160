from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "nearer.checkins"
    label = "checkins"
    verbose_name = "Weekly check-in"

    def ready(self) -> None:
        import datetime as dt

        from nearer.notifications.registry import ReminderSource, register_reminders

        from . import operations

        register_reminders(
            ReminderSource(
                practice="checkins",
                kind="checkin_reminder",
                lead=dt.timedelta(hours=1),
                url_name="checkins:index",
                sources_in=operations.agreed_plan_ids,
                next_event=operations.next_checkin_at,
            )
        )

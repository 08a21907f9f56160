from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "nearer.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from nearer.accounts.operations import on_profile_changed
        from nearer.couples.operations import on_space_changed

        from .operations import sync_reminders

        # Linking and unlinking change which rituals, check-ins and catch-ups a person has.
        on_space_changed(sync_reminders)
        # A new time zone moves reminders to the new clock.
        on_profile_changed(sync_reminders)

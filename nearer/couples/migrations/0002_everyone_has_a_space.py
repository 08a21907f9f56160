"""Everyone has a space from the moment their account exists (docs/decisions/0004).

Before, a space was made the first time one was needed, even by opening a page. This gives a
solo space to every account that still has none, so that reading never writes.
"""

from django.db import migrations


def give_spaces(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Couple = apps.get_model("couples", "Couple")
    Membership = apps.get_model("couples", "Membership")
    with_space = Membership.objects.filter(left_at__isnull=True).values("user_id")
    for user_id in User.objects.exclude(pk__in=with_space).values_list("pk", flat=True).iterator():
        couple = Couple.objects.create()
        Membership.objects.create(couple=couple, user_id=user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_display_name_plain"),
        ("couples", "0001_initial"),
    ]

    operations = [migrations.RunPython(give_spaces, migrations.RunPython.noop)]

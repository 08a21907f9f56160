"""Each data key is wrapped for its person alone: associated data "data-key:<pk>" (blob
version 2) instead of the constant b"data-key" (version 1). Reversible; see
nearer/accounts/resealing.py and docs/decisions/0002."""

from django.db import migrations

from nearer.accounts.resealing import rewrap_data_keys_operation


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_display_name_plain"),
    ]

    operations = [
        rewrap_data_keys_operation(),
    ]

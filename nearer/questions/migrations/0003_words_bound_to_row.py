"""Sealed words are bound to their row: blob version 2, associated data
"<model>:<field>:<row pk>:<owner pk>" instead of version 1's "<model>:<owner pk>".
Reversible; see nearer/accounts/resealing.py and docs/decisions/0002."""

from django.db import migrations

from nearer.accounts.resealing import SealedColumn, reseal_words_operation


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0002_answer_shared_at"),
        ("accounts", "0003_data_keys_bound_to_person"),
    ]

    operations = [
        reseal_words_operation(
            SealedColumn("questions.Answer", "body", owner="author"),
            SealedColumn("questions.Response", "body", owner="author"),
        ),
    ]

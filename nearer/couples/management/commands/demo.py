"""`nearer demo`: a demo couple with three weeks of history, so a visitor can look around.

This makes the two people and links them; every practice then writes its own part of their
history (`Practice.demo`, nearer/lib/practices.py).
"""

from __future__ import annotations

import random

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from nearer.accounts.models import User
from nearer.couples.operations import accept_invitation, invite_partner
from nearer.couples.space import space_of
from nearer.lib import practices
from nearer.lib.practices import DemoCouple
from nearer.lib.timezones import local_date

PASSWORD = "nearer-demo-2026"  # noqa: S105 - printed on purpose: a public demo account
PEOPLE = [("alex@demo.nearer.invalid", "Alex"), ("sam@demo.nearer.invalid", "Sam")]


class Command(BaseCommand):
    help = "Create (or re-create) a demo couple with three weeks of history."

    def handle(self, *args: object, **options: object) -> None:
        call_command("loadcontent", verbosity=0)
        with transaction.atomic():
            User.objects.filter(email__in=[email for email, _ in PEOPLE]).delete()
            alex, sam = (
                User.objects.create_user(
                    email=email, password=PASSWORD, display_name=name, time_zone="Europe/London"
                )
                for email, name in PEOPLE
            )
            for person in (alex, sam):
                EmailAddress.objects.create(
                    user=person, email=person.email, verified=True, primary=True
                )
            _invitation, token = invite_partner(inviter=alex)
            accept_invitation(token=token, user=sam)
            couple = DemoCouple(
                alex=alex,
                sam=sam,
                couple=space_of(alex),
                today=local_date(timezone.now(), alex.time_zone),
                rng=random.Random(7),  # noqa: S311
            )
            for practice in practices.practices():
                if practice.demo is not None:
                    practice.demo(couple)
        self.stdout.write("Demo couple ready. Sign in as either partner:")
        for email, name in PEOPLE:
            self.stdout.write(f"  {name}: {email} / {PASSWORD}")

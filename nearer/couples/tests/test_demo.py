from io import StringIO

from django.core.management import call_command

from nearer.accounts.models import User
from nearer.catchups.models import CatchUp
from nearer.checkins.models import CheckIn, CheckInEntry, CheckinPlan
from nearer.couples.space import partner_of
from nearer.gratitude.models import Appreciation
from nearer.notes.models import Note
from nearer.questions.models import Answer, DailyQuestion
from nearer.soultalk.models import Keepsake


def test_demo_creates_a_linked_couple_with_weeks_of_history(db) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    alex = User.objects.get(email="alex@demo.nearer.invalid")
    sam = User.objects.get(email="sam@demo.nearer.invalid")
    assert partner_of(alex) == sam
    assert DailyQuestion.objects.filter(couple__memberships__user=alex).count() >= 14
    assert DailyQuestion.objects.filter(revealed_at__isnull=False).count() >= 7
    assert Answer.objects.filter(author=sam).exists()
    assert Keepsake.objects.count() == 2
    assert Appreciation.objects.received_by(sam).count() == 2
    assert CheckIn.objects.filter(revealed_at__isnull=False).count() == 3
    assert CheckInEntry.objects.requests_for(sam).count() == 3  # this week's is still sealed
    assert CheckinPlan.objects.get().is_agreed
    assert CatchUp.objects.for_user(sam).count() == 2
    assert CatchUp.objects.filter(done_at__isnull=False).count() == 1
    assert Note.objects.received_by(alex).count() == 1
    assert Note.objects.received_by(sam).count() == 1  # the third arrives tomorrow
    assert Note.objects.filter(delivered_at__isnull=True).count() == 1
    assert "alex@demo.nearer.invalid" in out.getvalue()
    assert alex.check_password("nearer-demo-2026")


def test_demo_can_run_twice(db) -> None:
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    assert User.objects.filter(email__endswith="@demo.nearer.invalid").count() == 2

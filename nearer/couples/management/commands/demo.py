"""`nearer demo`: a demo couple with three weeks of history, so a visitor can look around."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from nearer.accounts.models import User
from nearer.couples.models import Couple
from nearer.couples.operations import accept_invitation, invite_partner
from nearer.couples.space import space_of
from nearer.gratitude.models import Appreciation
from nearer.lib.timezones import local_date
from nearer.questions import operations as questions
from nearer.questions.models import Answer, DailyQuestion, Question
from nearer.soultalk.operations import finish_talk, keep_line, start_talk

PASSWORD = "nearer-demo-2026"  # noqa: S105 - printed on purpose: a public demo account
PEOPLE = [("alex@demo.nearer.invalid", "Alex"), ("sam@demo.nearer.invalid", "Sam")]

# Written for the demo: short, memory-shaped answers that sit naturally under memory questions.
ALEX = [
    "The first thing that came to mind was that rainy afternoon we spent reading in the café. I felt completely unhurried.",
    "Probably the summer I learned to cook properly. I burned a lot of rice, and I was proud anyway.",
    "Walking home after the concert, when neither of us wanted the evening to end.",
    "My grandmother’s kitchen. It smelled of oranges and there was always a radio on.",
    "The day I finally said out loud what I wanted to study. My hands were shaking.",
    "Honestly, last Sunday. Nothing special happened, and that was the point.",
    "A long train ride where I watched the fields and didn’t check my phone once.",
    "When a friend turned up with soup while I was ill. I still think about that.",
    "The first time I swam in the sea in October. Freezing, and I loved it.",
    "Getting lost in a city I didn’t know and deciding it didn’t matter.",
    "Laughing so hard at the dinner table that I had to leave the room.",
    "The quiet morning after we moved the furniture around and everything felt new.",
    "The moment I realised I wasn’t afraid of the dark any more.",
    "Teaching my little cousin to ride a bike, and her face when it worked.",
]
SAM = [
    "I remember that café too. You kept reading me the best lines out loud.",
    "Building a treehouse with my neighbour. It was crooked and perfect.",
    "That night on the bridge when we talked until the street lights went off.",
    "Saturday mornings at the market with my dad, choosing the ripest peaches.",
    "Passing my driving test on the third try. I cried in the car park.",
    "The picnic where the wind took every napkin and we didn’t care.",
    "Singing badly in the car on the way to the coast.",
    "A teacher who stayed late to help me and never made me feel slow.",
    "The first snow in the new flat. We just stood at the window.",
    "Finding the old photo box and spending an evening on the floor with it.",
    "The time I fixed the bike myself and rode it round the block three times.",
    "A thunderstorm we watched from the porch, counting the seconds.",
    "My first pay cheque. I bought everyone ice cream.",
    "Hearing you laugh from the next room while I was cooking.",
]
GRATITUDE = [
    (
        9,
        "alex",
        "You fixed the wobbly chair without saying anything",
        "you care for things quietly, and for me the same way",
    ),
    (
        6,
        "sam",
        "You listened to the whole story about my day",
        "you’re curious about the small things in my life",
    ),
    (3, "alex", "You made me laugh when I was stressed", "you always find the light in things"),
    (1, "sam", "You called my sister on her birthday", "you treat the people I love as yours"),
]
# Three past weekly check-ins, each (Alex's words, Sam's words), written for the demo.
CHECKINS = [
    (
        (
            "You brought me coffee on the hard Monday",
            "Ask how the project went, then just listen",
            "A slow breakfast on Sunday",
        ),
        (
            "You laughed at my terrible joke twice",
            "A hug when I get home, before anything else",
            "Try the new walking route",
        ),
    ),
    (
        (
            "You called my mum back when I couldn’t",
            "Less planning talk at dinner",
            "Cook something new together",
        ),
        (
            "You noticed I was tired and took over",
            "Tell me when something I do helps",
            "An evening with no screens",
        ),
    ),
    (
        (
            "You kept the evening free for us",
            "A message at lunch, just saying hi",
            "Book the weekend by the sea",
        ),
        (
            "You asked about my day and waited for the real answer",
            "Sit with me when I’m worried, no fixing",
            "Dance in the kitchen again",
        ),
    ),
]
PULSES = [(4, 3), (4, 4), (5, 4)]

RESPONSES = [
    "I love that you remembered this.",
    "I didn’t know that about you. Tell me more tonight?",
    "That made me smile all afternoon.",
]


class Command(BaseCommand):
    help = "Create (or re-create) a demo couple with three weeks of history."

    def handle(self, *args: object, **options: object) -> None:
        call_command("loadcontent", verbosity=0)
        rng = random.Random(7)  # noqa: S311
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
            couple = space_of(alex)
            today = local_date(timezone.now(), alex.time_zone)
            memories = list(
                Question.objects.active().filter(kind="memory", depth__lte=2).order_by("key")
            )
            rng.shuffle(memories)
            for offset, question in zip(range(21, 0, -1), memories, strict=False):
                day = today - dt.timedelta(days=offset)
                daily = DailyQuestion.objects.create(couple=couple, date=day, question=question)
                if offset % 5 == 0:
                    continue  # a quiet day: that's fine
                questions.save_answer(user=alex, daily=daily, text=ALEX[offset % len(ALEX)])
                if offset % 4 != 1:
                    questions.save_answer(user=sam, daily=daily, text=SAM[offset % len(SAM)])
                    daily.refresh_from_db()
                    if offset % 3 == 0:
                        theirs = Answer.objects.get(daily=daily, author=alex)
                        questions.respond(
                            user=sam,
                            answer=theirs,
                            text=RESPONSES[offset % 3],
                            nonce=str(uuid.uuid4()),
                        )
                    if offset % 2 == 0:
                        questions.mark_talked(user=alex, daily=daily)
            for days_ago, line in (
                (12, "We should go back to that café."),
                (4, "Sam wants to learn the piano."),
            ):
                talk = start_talk(user=alex, minutes=15)
                finish_talk(talk=talk)
                keep_line(user=alex, talk=talk, text=line, shared=True)
                type(talk).objects.filter(pk=talk.pk).update(
                    started_at=timezone.now() - dt.timedelta(days=days_ago)
                )
            for days_ago, author, what, because in GRATITUDE:
                sender = alex if author == "alex" else sam
                item = Appreciation(
                    author=sender,
                    recipient=sam if sender == alex else alex,
                    couple=couple,
                    date=today - dt.timedelta(days=days_ago),
                    created_at=timezone.now() - dt.timedelta(days=days_ago),
                    landed_at=timezone.now() - dt.timedelta(days=days_ago)
                    if days_ago > 2
                    else None,
                )
                item.set_words(what=what, because=because)
                item.save()
            self._checkins(alex, sam, couple)
            self._catchups(alex, sam, couple)
            self._notes(alex, sam)
        self.stdout.write("Demo couple ready. Sign in as either partner:")
        for email, name in PEOPLE:
            self.stdout.write(f"  {name}: {email} / {PASSWORD}")

    def _checkins(self, alex: User, sam: User, couple: Couple) -> None:
        """Sundays at 19:00, three weeks of opened check-ins, and this week's from Alex."""
        from nearer.checkins import operations as checkins
        from nearer.checkins.models import CheckIn, CheckInEntry
        from nearer.lib.foundations import KEYS

        plan = checkins.plan_of(couple)
        checkins.propose_time(user=alex, weekday=6, at=dt.time(19), seen_version=plan.version)
        checkins.accept_time(user=sam, seen_version=plan.version + 1)
        now = timezone.now()
        this_week = checkins.this_week(couple)
        for weeks_ago, words, pulses in zip((3, 2, 1), CHECKINS, PULSES, strict=True):
            when = now - dt.timedelta(weeks=weeks_ago)
            checkin = CheckIn.objects.create(
                couple=couple,
                week=this_week - dt.timedelta(weeks=weeks_ago),
                created_at=when,
                revealed_at=when,
                talked_at=when if weeks_ago > 1 else None,
            )
            for person, (appreciated, more_loved, closer), level in zip(
                (alex, sam), words, pulses, strict=True
            ):
                entry = CheckInEntry(
                    author=person, checkin=checkin, created_at=when, updated_at=when
                )
                entry.set_words(
                    appreciated=appreciated,
                    more_loved=more_loved,
                    closer=closer,
                    pulse=dict.fromkeys(KEYS, level) | {"repair": max(1, level - 2)},
                    followup="" if weeks_ago == 3 else "partly" if person == alex else "yes",
                )
                entry.save()
        checkins.save_entry(
            user=alex,
            appreciated="You made the whole week feel lighter",
            more_loved="Remind me to stop working at seven",
            closer="Try the café by the river",
            pulse=dict.fromkeys(KEYS, 4),
            followup="yes",
        )

    def _catchups(self, alex: User, sam: User, couple: Couple) -> None:
        """One catch-up had three weeks ago, and one planned for next week."""
        from nearer.catchups import operations as catchups
        from nearer.catchups.models import CatchUp

        earlier = timezone.now() - dt.timedelta(weeks=3)
        had = CatchUp(
            author=sam,
            couple=couple,
            starts_at=earlier,
            time_zone=sam.time_zone,
            minutes=60,
            created_at=earlier - dt.timedelta(days=4),
            done_at=earlier + dt.timedelta(hours=1),
        )
        had.text = "How the move went, and the summer"
        had.save()
        soon = timezone.localtime(timezone.now(), alex.zone).date() + dt.timedelta(days=5)
        catchups.plan_catchup(
            user=alex,
            day=soon,
            at=dt.time(19, 30),
            minutes=60,
            topic="How the last month has felt, and what’s coming up",
        )

    def _notes(self, alex: User, sam: User) -> None:
        """A note each way, and one from Alex waiting to arrive tomorrow morning."""
        from nearer.notes import operations as notes

        notes.send_note(
            author=sam,
            text="Thank you for the soup last night. It was the best part of a long week.",
        )
        notes.send_note(author=alex, text="Good luck today 🌿")
        tomorrow = timezone.localtime(timezone.now(), alex.zone).date() + dt.timedelta(days=1)
        notes.send_note(
            author=alex,
            text="Look in the pocket of your blue coat.",
            deliver_at=dt.datetime.combine(tomorrow, dt.time(8)),
        )

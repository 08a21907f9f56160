"""A couple who have used every practice for a while: for page query budgets.

`live_together(alex, sam, days=N)` gives Alex and Sam (already a couple) N days of history in
every practice before today, and the same today whatever N is: Sam has answered today's
question and Alex not yet (a question that comes back: both answered it 130 days ago),
yesterday's answers came with a guess each, Sam has done this week's check-in, three "thinking of you"s and a
few unread notifications are waiting for Alex, a catch-up is coming up, a note is kept for
later. So a page shows the same things after a week as after two years, and its query count
can be compared between the two.

Rows are inserted in bulk, with the words sealed as the operations seal them, so pages can
open them. Needs the question bank.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import models
from django.utils import timezone

from nearer.accounts.models import User
from nearer.accounts.sealing import bulk_create_sealed
from nearer.catchups.models import CatchUp
from nearer.checkins.models import CheckIn, CheckInEntry, CheckinPlan, EntryReply
from nearer.closeness.models import Signal
from nearer.couples.models import Couple, Membership
from nearer.couples.space import space_of
from nearer.feelings.models import Share, ShareReply
from nearer.gratitude.models import Appreciation
from nearer.lib import schedule
from nearer.lib.foundations import KEYS
from nearer.moments.models import Kind, Moment, MomentReply
from nearer.notes.models import Note
from nearer.notifications.models import Notification
from nearer.questions.models import Answer, DailyQuestion, Guess, Question, Response
from nearer.rituals.models import Ritual, RitualDone
from nearer.soultalk.models import Keepsake, Talk, TalkCard, TimeTogether

M = TypeVar("M", bound=models.Model)


# Today's question was asked this many days ago too; what each wrote then; yesterday's guesses.
BACK = 130
THEN = {"Alex": "Back then: the sea, always the sea.", "Sam": "Back then: the mountains in June."}
GUESSED = {
    "Alex": "I guessed you would say the garden.",
    "Sam": "I guessed the bakery on the corner.",
}


@dataclass
class Life:
    alex: User
    sam: User
    couple: Couple
    today: DailyQuestion
    last_checkin: CheckIn  # last week's, opened
    catchup: CatchUp  # coming up
    feeling: Share  # Sam's, yesterday, heard by Alex
    # Wins and struggles: "win" and "struggle" shared by Sam today, "heard" Alex's, answered.
    moments: dict[str, Moment] = field(default_factory=dict)


def _insert(rows: list[M]) -> list[M]:
    if rows:
        bulk_create_sealed(rows, batch_size=500)  # seals the words to each new row
    return rows


def _entry(checkin: CheckIn, author: User, level: int) -> CheckInEntry:
    entry = CheckInEntry(checkin=checkin, author=author, created_at=checkin.created_at)
    entry.set_words(
        appreciated="You listened when it mattered.",
        more_loved="A call at lunch now and then",
        closer="A walk on Sunday",
        pulse=dict.fromkeys(KEYS, level),
    )
    return entry


def live_together(alex: User, sam: User, *, days: int) -> Life:
    """Alex and Sam, a couple, used Nearer every day for `days` days before today."""
    couple = space_of(alex)
    now = timezone.now()
    today = timezone.localdate()
    monday = schedule.week_of(today)
    level_one = Question.objects.active().filter(depth=1)
    # Today's question comes back: asked (and answered by both) once before, BACK days ago.
    comes_back = level_one.filter(reask=True).order_by("key").values_list("pk", flat=True)[0]
    questions = list(level_one.exclude(pk=comes_back).values_list("pk", flat=True))
    pick = itertools.cycle(questions)
    start = now - dt.timedelta(days=days + 1)
    Couple.objects.filter(pk=couple.pk).update(depth_changed_at=start)
    Membership.objects.active().filter(user=sam).update(ready_for_deeper=True)

    def moment(ago: int) -> dt.datetime:
        return now - dt.timedelta(days=ago, hours=1)

    # Every day: the question answered by both, appreciations and notes both ways, a "thinking
    # of you", the morning ritual done, and notifications (read) for what arrived.
    dailies = _insert(
        [
            DailyQuestion(
                couple=couple,
                date=today - dt.timedelta(days=ago),
                question_id=comes_back if ago == BACK else next(pick),
                created_at=moment(ago),
                revealed_at=moment(ago),
                talked_at=moment(ago) if ago % 3 == 0 else None,
            )
            for ago in sorted({*range(1, days + 1), BACK})
        ]
    )
    answers = []
    for daily in dailies:
        for person in (alex, sam):
            answer = Answer(daily=daily, author=person, created_at=daily.created_at)
            if daily.question_id == comes_back:
                answer.text = THEN[person.display_name]
            else:
                answer.text = f"{person} wrote a few honest lines about this one."
            answers.append(answer)
    _insert(answers)
    guesses = []
    for answer in answers[:2]:  # yesterday's: each guessed the other's answer
        guess = Guess(answer=answer, author=answer.author, created_at=answer.created_at)
        guess.text = GUESSED[answer.author.display_name]
        guesses.append(guess)
    _insert(guesses)
    responses = []
    for n, (alexs, sams) in enumerate(zip(answers[::2], answers[1::2], strict=True)):
        if n % 7 == 0:  # now and then they answer each other, through the listening step
            response = Response(answer=alexs, author=sam, nonce=f"r{n}", felt_heard="yes")
            response.parts = {"heard": "It sounds like that day still feels close to you."}
            responses.append(response)
            response = Response(answer=sams, author=alex, nonce=f"a{n}", felt_heard="yes")
            response.parts = {"heard": "You sound proud of it.", "ask": "What did it teach you?"}
            responses.append(response)
    _insert(responses)

    thanks, notes, seen = [], [], []
    for ago in range(1, days + 1):
        for author, recipient in ((alex, sam), (sam, alex)):
            appreciation = Appreciation(
                couple=couple,
                author=author,
                recipient=recipient,
                date=today - dt.timedelta(days=ago),
                created_at=moment(ago),
                landed_at=moment(ago) if ago % 2 else None,
            )
            appreciation.set_words(what="You made tea", because="you notice things")
            thanks.append(appreciation)
            note = Note(
                couple=couple,
                author=author,
                recipient=recipient,
                deliver_at=moment(ago),
                delivered_at=moment(ago),
                created_at=moment(ago),
            )
            note.text = "A short note, sent with love."
            notes.append(note)
    _insert(thanks)
    _insert(notes)
    written: list[Appreciation | Note] = [*thanks, *notes]
    for row in written:
        kind = "appreciation_received" if isinstance(row, Appreciation) else "note_arrived"
        path = "/practices/gratitude/" if kind == "appreciation_received" else "/practices/notes/"
        seen.append(
            Notification(
                user=row.recipient,
                kind=kind,
                key=f"{kind}:{row.pk}",
                actor=row.author,
                url=path,
                created_at=row.created_at,
                read_at=row.created_at,
            )
        )
    _insert(seen)
    _insert(
        [
            Signal(
                couple=couple,
                sender=sender,
                recipient=recipient,
                date=today - dt.timedelta(days=ago),
                sent_at=moment(ago),
            )
            for ago in range(1, days + 1)
            for sender, recipient in ((sam, alex), (alex, sam))
        ]
    )

    # Rituals: one every morning, one on weekdays, one of their own words at the weekend.
    rituals = []
    for title, weekdays, at in (
        ("Coffee together before work", "0123456", dt.time(7, 30)),
        ("A hug at the door", "01234", dt.time(8, 15)),
        ("Our Sunday walk", "6", None),
    ):
        ritual = Ritual(
            couple=couple,
            author=alex,
            days=weekdays,
            time=at,
            time_zone=alex.time_zone,
            created_at=start,
        )
        ritual.text = title
        rituals.append(ritual)
    _insert(rituals)
    _insert(
        [
            RitualDone(ritual=rituals[0], date=today - dt.timedelta(days=ago), marked_by=sam)
            for ago in range(1, days + 1)
        ]
    )

    # Every week: a check-in opened together, a soul talk with a line kept each, an hour of
    # phones-away time. Every month: a catch-up they had.
    weeks = range(1, days // 7 + 1)
    checkins = _insert(
        [
            CheckIn(
                couple=couple,
                week=monday - dt.timedelta(weeks=w),
                created_at=moment(7 * w),
                revealed_at=moment(7 * w - 1),
            )
            for w in weeks
        ]
    )
    entries = _insert(
        [_entry(c, person, 1 + n % 5) for n, c in enumerate(checkins) for person in (alex, sam)]
    )
    entry_replies = []
    for n, entry in enumerate(entries):  # each answers the other's entry
        replier = sam if entry.author_id == alex.pk else alex
        entry_reply = EntryReply(
            entry=entry,
            author=replier,
            nonce=f"e{n}",
            created_at=entry.created_at,
            felt_heard="yes",
        )
        entry_reply.parts = {
            "heard": "It sounds like a call at lunch would help you feel close.",
            "ask": "Which day suits you?",
        }
        entry_replies.append(entry_reply)
    _insert(entry_replies)
    talks = _insert(
        [
            Talk(
                couple=couple,
                started_by=alex,
                first_asker=alex,
                second_asker=sam,
                started_at=moment(7 * w),
                finished_at=moment(7 * w) + dt.timedelta(minutes=20),
            )
            for w in weeks
        ]
    )
    _insert(
        [
            TalkCard(talk=talk, question_id=next(pick), position=position)
            for talk in talks
            for position in range(1, 5)
        ]
    )
    kept = []
    for talk in talks:
        for person, shared in ((alex, True), (sam, talk.pk % 2 == 0)):
            keepsake = Keepsake(talk=talk, author=person, shared=shared, created_at=talk.started_at)
            keepsake.text = "We laughed about the first flat."
            kept.append(keepsake)
    _insert(kept)
    _insert(
        [
            TimeTogether(couple=couple, started_by=sam, started_at=moment(7 * w), minutes=60)
            for w in range(0, days // 7 + 1)
        ]
    )
    had = []
    for month in range(1, days // 30 + 1):
        catchup = CatchUp(
            couple=couple,
            author=alex,
            starts_at=moment(30 * month),
            minutes=60,
            done_at=moment(30 * month),
            created_at=moment(30 * month + 3),
        )
        catchup.text = "How the month felt"
        had.append(catchup)
    _insert(had)

    # Wins and struggles: a win every other day, celebrated; a struggle a week, listened to
    # (every fourth kept on display by its author).
    told, moment_replies = [], []
    for ago in range(2, days + 1):
        if ago % 2 and ago % 7 != 3:
            continue
        kind = Kind.WIN if ago % 2 == 0 else Kind.STRUGGLE
        author = alex if ago % 4 < 2 else sam
        item = Moment(
            couple=couple,
            author=author,
            kind=kind,
            nonce=f"m{ago}",
            created_at=moment(ago),
            answered_at=moment(ago) + dt.timedelta(hours=1),
            kept=kind == Kind.STRUGGLE and ago % 4 == 3,
        )
        item.set_words(line=f"{author} had news {ago} days ago", detail="It felt good to say.")
        told.append(item)
    _insert(told)
    for item in told:
        other = sam if item.author_id == alex.pk else alex
        back = MomentReply(
            moment=item,
            author=other,
            nonce=f"a{item.pk}",
            created_at=item.created_at + dt.timedelta(hours=1),
        )
        back.parts = (
            {"cheer": "So glad for you!", "ask": "What was the best moment?"}
            if item.kind == Kind.WIN
            else {"heard": "It sounds like it weighed on you.", "ask": "What was hardest?"}
        )
        moment_replies.append(back)
    _insert(moment_replies)
    heard = Moment(couple=couple, author=alex, kind=Kind.STRUGGLE, nonce="heard")
    heard.set_words(line="Alex’s week was a lot", detail="")
    heard.save()
    listened = MomentReply(moment=heard, author=sam, nonce="heard", felt_heard="partly")
    listened.parts = {"heard": "It sounds like you’re worn out.", "sense": "Of course."}
    listened.save()
    Moment.objects.filter(pk=heard.pk).update(answered_at=now)

    # Today, the same whatever the history.
    daily = DailyQuestion.objects.create(couple=couple, date=today, question_id=comes_back)
    waiting = Answer(daily=daily, author=sam)
    waiting.text = "Sam's answer, sealed until Alex answers too."
    waiting.save()
    CheckinPlan.objects.update_or_create(
        couple=couple,
        defaults={"weekday": 6, "time": dt.time(19), "time_zone": alex.time_zone, "version": 2},
    )
    this_week = CheckIn.objects.create(couple=couple, week=monday)
    _entry(this_week, sam, 4).save()
    coming = CatchUp(
        couple=couple,
        author=sam,
        starts_at=now + dt.timedelta(days=3),
        minutes=90,
        time_zone=sam.time_zone,
    )
    coming.text = "Plans for the summer"
    coming.save()
    later = Note(couple=couple, author=alex, recipient=sam, deliver_at=now + dt.timedelta(days=2))
    later.text = "For when you land."
    later.save()
    fresh = Appreciation(couple=couple, author=sam, recipient=alex, date=today)
    fresh.set_words(what="You waited up", because="it meant I wasn’t alone")
    fresh.save()
    _insert(
        [
            Signal(couple=couple, sender=sam, recipient=alex, date=today, sent_at=now - ago)
            for ago in (dt.timedelta(minutes=5), dt.timedelta(hours=2), dt.timedelta(hours=5))
        ]
    )
    _insert(
        [
            Notification(
                user=alex,
                kind=kind,
                key=f"today:{kind}",
                actor=sam,
                url=url,
                about_at=coming.starts_at if kind == "catchup_planned" else None,
                created_at=now - dt.timedelta(minutes=n),
            )
            for n, (kind, url) in enumerate(
                [
                    ("appreciation_received", "/practices/gratitude/"),
                    ("catchup_planned", f"/practices/catchups/{coming.pk}/"),
                    ("checkin_proposed", "/practices/checkins/"),
                    ("note_arrived", "/practices/notes/"),
                ],
                start=1,
            )
        ]
    )
    # Every other day a feeling shared, by each in turn, each heard by the other; today one
    # from Sam waits for Alex.
    shares = []
    for ago in range(1, days + 1, 2):
        share = Share(
            couple=couple,
            author=sam if ago % 4 == 1 else alex,
            created_at=moment(ago),
            nonce=f"s{ago}",
        )
        share.words = {"feeling": "stretched thin", "because": "a long week", "need": "rest"}
        shares.append(share)
    waiting_share = Share(
        couple=couple, author=sam, created_at=now - dt.timedelta(minutes=30), nonce="s0"
    )
    waiting_share.words = {"feeling": "nervous", "because": "tomorrow’s interview", "need": "a hug"}
    _insert([*shares, waiting_share])
    replies = []
    for share in shares:
        listener = alex if share.author_id == sam.pk else sam
        reply = ShareReply(
            share=share, author=listener, created_at=share.created_at, nonce=f"h{share.pk}"
        )
        reply.parts = {
            "heard": "It sounds like you’re running on empty.",
            "ask": "What would help?",
        }
        reply.felt_heard = "yes"
        replies.append(reply)
    _insert(replies)
    todays = {}
    for key, kind, line in (
        ("win", Kind.WIN, "Sam’s news today: I got the flat"),
        ("struggle", Kind.STRUGGLE, "Sam’s day was hard"),
    ):
        todays[key] = Moment(couple=couple, author=sam, kind=kind, nonce=key)
        todays[key].set_words(line=line, detail="More about it, in a few lines.")
        todays[key].save()
    last = CheckIn.objects.get(couple=couple, week=monday - dt.timedelta(weeks=1))
    return Life(
        alex=alex,
        sam=sam,
        couple=couple,
        today=daily,
        last_checkin=last,
        catchup=coming,
        feeling=shares[0],
        moments={**todays, "heard": heard},
    )

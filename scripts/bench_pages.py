"""Time the busiest pages with a long history: `python scripts/bench_pages.py [--days N]`.

Builds a throwaway SQLite database in a temporary folder (or uses DATABASE_URL's server with a
test database), gives a couple N days of answered questions, then reports the median and 95th
percentile time and the query count of each page, measured through Django's test client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

import _bench  # first: sets Django up
from django.db import connection
from django.test.utils import CaptureQueriesContext


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with _bench.throwaway_database():
        run(args.days, args.rounds)


def run(days: int, rounds: int) -> None:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from nearer.calendars.operations import create_feed
    from nearer.catchups.models import CatchUp
    from nearer.checkins.models import CheckIn, CheckInEntry
    from nearer.couples.operations import space_of
    from nearer.gratitude.models import Appreciation
    from nearer.lib.foundations import KEYS
    from nearer.notes.models import Note
    from nearer.notifications.models import Notification
    from nearer.questions import operations
    from nearer.questions.content import read_questions
    from nearer.rituals.operations import add_ritual
    from nearer.tests.factories import make_couple, make_user

    operations.load_questions(questions=read_questions())
    a, b = make_user("Alex"), make_user("Sam")
    make_couple(a, b)
    couple = space_of(a)
    now = timezone.now()
    start = dt.date.today() - dt.timedelta(days=days)
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        moment = now - dt.timedelta(days=days - offset)
        daily = operations.daily_question(couple=couple, date=day)
        operations.save_answer(user=a, daily=daily, text="An answer of ordinary length. " * 4)
        operations.save_answer(user=b, daily=daily, text="And the other one, a little longer. " * 5)
        for author, recipient in ((a, b), (b, a)):
            thanks = Appreciation(
                author=author, recipient=recipient, couple=couple, date=day, created_at=moment
            )
            thanks.set_words(what="You made tea", because="you notice things")
            thanks.save()
            note = Note(
                author=author,
                recipient=recipient,
                couple=couple,
                deliver_at=moment,
                delivered_at=moment,
                created_at=moment,
            )
            note.text = "A short note of ordinary length, sent with love."
            note.save()
            Notification.objects.create(
                user=recipient,
                kind="note_arrived",
                key=f"note:{note.pk}",
                actor=author,
                url="/practices/notes/",
                created_at=moment,
            )
        if offset % 7 == 0:
            checkin = CheckIn.objects.create(
                couple=couple, week=day - dt.timedelta(days=day.weekday()), revealed_at=moment
            )
            for person in (a, b):
                entry = CheckInEntry(author=person, checkin=checkin)
                entry.set_words(
                    appreciated="Something I noticed this week. " * 3,
                    more_loved="A call at lunch",
                    closer="A walk",
                    pulse=dict.fromkeys(KEYS, 1 + offset % 5),
                )
                entry.save()
        if offset % 30 == 0:
            catchup = CatchUp(author=a, couple=couple, starts_at=moment, minutes=60)
            catchup.text = "How the month felt"
            catchup.save()
    for idea, at in (("rit-001", dt.time(8)), ("rit-002", dt.time(12)), ("", dt.time(21))):
        add_ritual(user=a, title="" if idea else "Our own", idea_key=idea, days=[0, 2, 4], time=at)
    feed = create_feed(user=a)
    latest = CheckIn.objects.order_by("-week").first()
    client = Client()
    client.force_login(a)
    print(
        f"{connection.vendor}, {days} days of history in every practice, {rounds} requests per page"
    )
    pages = [
        reverse(name)
        for name in (
            "questions:today",
            "questions:history",
            "soultalk:start",
            "accounts:me",
            "checkins:index",
            "checkins:history",
            "catchups:index",
            "gratitude:index",
            "notes:index",
            "notes:kindness",
            "rituals:index",
            "rituals:month",
            "notifications:list",
        )
    ]
    pages.append(reverse("checkins:detail", args=[latest.pk]))
    pages.append(reverse("calendars:feed", kwargs={"token": feed.token}))
    for url in pages:
        client.get(url)
        timings = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        shown = url if len(url) < 32 else url[:29] + "..."
        print(
            f"  {shown:32} median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms   "
            f"{len(queries)} queries"
        )


if __name__ == "__main__":
    main()

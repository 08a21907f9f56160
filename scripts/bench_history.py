"""Time the history queries as the number of couples grows:
`DATABASE_URL=postgres://... python scripts/bench_history.py [--couples 1000,10000]`.

Works in a throwaway test database on DATABASE_URL's PostgreSQL server. One couple with a long
history (`--viewer-days`, answered every day, a check-in and a talk every week) is the person
whose pages are timed; around them, `--couples` other couples with `--days` days of history
each are inserted in bulk (nearer/tests/volume.py), in steps, with ANALYZE after each step.
For every step it reports, for each access query as the pages run it and for the history pages
themselves (through Django's test client), the median time PostgreSQL spends executing (from
EXPLAIN ANALYZE) and the median wall-clock time in the application.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable

import _bench  # first: sets Django up
from django.db import connection
from django.test.utils import CaptureQueriesContext


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--couples", default="1000,10000", help="comma-separated totals")
    parser.add_argument("--days", type=int, default=60, help="days of history per couple")
    parser.add_argument("--viewer-days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: this measures PostgreSQL's plans.")
    with _bench.throwaway_database():
        steps = sorted({int(n) for n in args.couples.split(",")})
        run(steps, args.days, args.viewer_days, args.rounds)


def _median_ms(work: Callable[[], object], rounds: int) -> float:
    """Wall-clock time in the application: building the query, the database, the objects."""
    work()
    timings = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        work()
        timings.append((time.perf_counter() - t0) * 1000)
    return statistics.median(timings)


def _median_db_ms(work: Callable[[], object], rounds: int) -> float:
    """PostgreSQL's own execution time (EXPLAIN ANALYZE) of every SELECT `work` runs, summed:
    what grows with the number of couples, without the noise of the Python side."""
    with CaptureQueriesContext(connection) as captured:
        work()
    selects = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT")]
    timings = []
    with connection.cursor() as cursor:
        for _ in range(rounds):
            total = 0.0
            for sql in selects:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                (plan,) = cursor.fetchone()
                plan = json.loads(plan) if isinstance(plan, str) else plan
                total += plan[0]["Execution Time"]
            timings.append(total)
    return statistics.median(timings)


def run(steps: list[int], days: int, viewer_days: int, rounds: int) -> None:
    from django.db.models import Prefetch
    from django.test import Client
    from django.urls import reverse

    from nearer.checkins.models import CheckIn, CheckInEntry
    from nearer.questions.content import read_questions
    from nearer.questions.models import Answer, DailyQuestion, Response
    from nearer.questions.operations import load_questions
    from nearer.soultalk.models import Keepsake
    from nearer.tests.volume import analyze, seed_couples

    load_questions(questions=read_questions())
    alex, days_seen, weeks_seen = _viewer(viewer_days)
    old_day, old_week = days_seen[0], weeks_seen[0]
    week_ids = [w.pk for w in weeks_seen[-10:]]
    queries: dict[str, Callable[[], object]] = {
        "question history, first page": lambda: list(
            DailyQuestion.objects.history_for(alex)
            .select_related("question")
            .order_by("-date", "-pk")
            .prefetch_related(
                Prefetch("answers", queryset=Answer.objects.visible_to(alex), to_attr="v")
            )[:11]
        ),
        "question detail: the day": lambda: list(
            DailyQuestion.objects.history_for(alex).filter(pk=old_day.pk)
        ),
        "question detail: answers": lambda: list(
            Answer.objects.visible_to(alex).filter(daily=old_day)
        ),
        "question detail: responses": lambda: list(
            Response.objects.visible_to(alex).filter(answer__daily=old_day)
        ),
        "check-in detail: the week": lambda: list(
            CheckIn.objects.history_for(alex).filter(pk=old_week.pk)
        ),
        "check-in detail: entries": lambda: list(
            CheckInEntry.objects.visible_to(alex).filter(checkin=old_week)
        ),
        "check-in history: entries": lambda: list(
            CheckInEntry.objects.visible_to(alex).filter(checkin__in=week_ids)
        ),
        "together: keepsakes": lambda: list(
            Keepsake.objects.visible_to(alex).order_by("-created_at")[:5]
        ),
        "kindness: partner's requests": lambda: list(CheckInEntry.objects.requests_for(alex)[:8]),
    }
    client = Client()
    client.force_login(alex)
    pages = {
        "page /questions/": reverse("questions:history"),
        "page /questions/<old day>/": reverse("questions:detail", args=[old_day.pk]),
        "page /practices/checkins/history/": reverse("checkins:history"),
        "page /practices/checkins/<old week>/": reverse("checkins:detail", args=[old_week.pk]),
        "page /together/": reverse("soultalk:start"),
        "page /practices/kindness/": reverse("notes:kindness"),
    }
    print(
        f"PostgreSQL; the viewer's couple has {viewer_days} days of history; every other couple "
        f"{days} days; median of {rounds} runs, ms"
    )
    results: dict[int, dict[str, float]] = {}
    seeded = 0
    for total in steps:
        t0 = time.perf_counter()
        seed_couples(total - seeded, days=days, weeks=max(1, days // 7))
        seeded = total
        analyze()
        print(f"  seeded {total} couples in {time.perf_counter() - t0:.0f} s", flush=True)
        work = dict(queries)
        for name, url in pages.items():
            work[name] = lambda url=url: _get(client, url)
        results[total] = {
            name: (_median_db_ms(job, rounds), _median_ms(job, rounds))
            for name, job in work.items()
        }
    print("\n  database ms (EXPLAIN ANALYZE, summed over the queries) / application ms (wall)")
    print(f"  {'':36}" + "".join(f"{f'{n} couples':>22}" for n in steps))
    for name in results[steps[0]]:
        cells = "".join(f"{results[n][name][0]:11.2f} /{results[n][name][1]:8.2f}" for n in steps)
        print(f"  {name:36}{cells}")


def _get(client, url: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def _viewer(days: int):  # type: ignore[no-untyped-def]
    """Alex and Sam, answering every day for `days` days, checking in and talking weekly."""
    from django.utils import timezone

    from nearer.accounts.sealing import bulk_create_sealed
    from nearer.checkins.models import CheckIn, CheckInEntry
    from nearer.couples.operations import space_of
    from nearer.lib.foundations import KEYS
    from nearer.questions.models import Answer, DailyQuestion, Question
    from nearer.soultalk.models import Keepsake, Talk
    from nearer.tests.factories import make_couple, make_user

    alex, sam = make_user("Alex"), make_user("Sam")
    make_couple(alex, sam)
    couple = space_of(alex)
    now = timezone.now()
    today = timezone.localdate()
    questions = list(Question.objects.values_list("pk", flat=True)[:days])
    dailies = DailyQuestion.objects.bulk_create(
        DailyQuestion(
            couple=couple,
            date=today - dt.timedelta(days=days - n),
            question_id=questions[n % len(questions)],
            revealed_at=now,
        )
        for n in range(days)
    )
    answers = []
    for daily in dailies:
        for person in (alex, sam):
            answer = Answer(daily=daily, author=person)
            answer.text = "An answer of ordinary length, written with some care. " * 3
            answers.append(answer)
    bulk_create_sealed(answers)
    monday = today - dt.timedelta(days=today.weekday())
    weeks = CheckIn.objects.bulk_create(
        CheckIn(couple=couple, week=monday - dt.timedelta(weeks=days // 7 - n), revealed_at=now)
        for n in range(days // 7)
    )
    entries = []
    for week in weeks:
        for person in (alex, sam):
            entry = CheckInEntry(checkin=week, author=person)
            entry.set_words(
                appreciated="Something I noticed this week.",
                more_loved="A call at lunch",
                closer="A walk",
                pulse=dict.fromkeys(KEYS, 4),
            )
            entries.append(entry)
    bulk_create_sealed(entries)
    talks = Talk.objects.bulk_create(
        Talk(couple=couple, started_by=alex, first_asker=alex, second_asker=sam)
        for _ in range(days // 7)
    )
    keepsakes = []
    for talk in talks:
        for person in (alex, sam):
            keepsake = Keepsake(talk=talk, author=person, shared=True)
            keepsake.text = "The line we kept."
            keepsakes.append(keepsake)
    bulk_create_sealed(keepsakes)
    return alex, dailies, weeks


if __name__ == "__main__":
    main()

"""Time the busiest pages with a long history: `python scripts/bench_pages.py [--days N]`.

Builds a throwaway SQLite database in a temporary folder (or uses DATABASE_URL's server with a
test database), gives a couple N days of answered questions, then reports the median and 95th
percentile time and the query count of each page, measured through Django's test client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nearer.settings")
os.environ["NEARER_TESTING"] = "1"
os.environ.setdefault("NEARER_VAR_DIR", tempfile.mkdtemp(prefix="nearer-bench-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        run(args.days, args.rounds)
    finally:
        runner.teardown_databases(old)


def run(days: int, rounds: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from conftest import make_couple, make_user
    from nearer.couples.operations import space_of
    from nearer.questions import operations
    from nearer.questions.content import read_questions

    operations.load_questions(questions=read_questions())
    a, b = make_user("Alex"), make_user("Sam")
    make_couple(a, b)
    couple = space_of(a)
    start = dt.date.today() - dt.timedelta(days=days)
    for offset in range(days):
        daily = operations.daily_question(couple=couple, date=start + dt.timedelta(days=offset))
        operations.save_answer(user=a, daily=daily, text="An answer of ordinary length. " * 4)
        operations.save_answer(user=b, daily=daily, text="And the other one, a little longer. " * 5)
    client = Client()
    client.force_login(a)
    print(f"{connection.vendor}, {days} days of history, {rounds} requests per page")
    for name in ("questions:today", "questions:history", "soultalk:start", "accounts:me"):
        url = reverse(name)
        client.get(url)
        timings = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"  {url:14} median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms   "
            f"{len(queries)} queries"
        )


if __name__ == "__main__":
    main()

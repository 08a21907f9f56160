"""How fast the worker clears a busy minute: `python scripts/bench_sweep.py [--people N]`.

Builds a throwaway database (SQLite in a temporary folder, or DATABASE_URL's server with a
test database), gives N people a ritual at the same minute with reminders and email on, then
times one sweep: firing every reminder, creating the in-app lines and sending every email
(to Django's in-memory outbox, so the mail server's own speed is left out). A second sweep
checks that nothing is sent twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import _bench  # first: sets Django up
from django.db import connection


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    args = parser.parse_args()
    with _bench.throwaway_database():
        run(args.people)


def run(people: int) -> None:
    import time_machine
    from django.core import mail

    from nearer.notifications import operations
    from nearer.notifications.models import Notification
    from nearer.rituals.operations import add_ritual
    from nearer.tests.factories import make_couple, make_user

    start = dt.datetime(2027, 1, 4, 6, tzinfo=dt.UTC)  # a Monday morning
    t0 = time.perf_counter()
    with time_machine.travel(start, tick=False):
        for n in range(people // 2):
            a, b = make_user(f"A{n}"), make_user(f"B{n}")
            make_couple(a, b)
            for person in (a, b):
                operations.save_preferences(
                    user=person,
                    quiet_start=dt.time(23),
                    quiet_end=dt.time(6),
                    remind=["rituals"],
                    email=["rituals"],
                )
            add_ritual(user=a, title="Coffee", idea_key="", days=[0], time=dt.time(8))
    setup = time.perf_counter() - t0
    moment = dt.datetime(2027, 1, 4, 8, 0, 30, tzinfo=dt.UTC)
    mail.outbox = []
    t0 = time.perf_counter()
    done = operations.sweep(moment)
    took = time.perf_counter() - t0
    again = operations.sweep(moment + dt.timedelta(seconds=30))
    assert done["reminders"] == people == done["emails"] == len(mail.outbox), done
    assert again["reminders"] == again["emails"] == 0, again
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    print(f"{connection.vendor}: {people} people with a ritual at 08:00 (setup {setup:.0f} s)")
    print(
        f"  one sweep: {took:.2f} s for {done['reminders']} reminders and {done['emails']} "
        f"emails = {people / took:.0f} people a second; a second sweep sent nothing"
    )


if __name__ == "__main__":
    main()

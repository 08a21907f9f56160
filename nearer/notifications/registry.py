"""What other apps plug into the sweep: things to remind people of, and jobs that fall due.

Apps register in their `AppConfig.ready()`, so this app never imports theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nearer.couples.models import Couple


@dataclass(frozen=True)
class ReminderSource:
    """Scheduled things of one practice that a person can ask to be reminded of.

    `sources_in(couple)` lists the ids of the couple's current things; `next_event(id, after)`
    is the start of that thing's next occurrence strictly after `after` (None when there is
    none, e.g. a cancelled or past catch-up). The reminder comes `lead` before the start.
    """

    practice: str
    kind: str
    lead: dt.timedelta
    url_name: str
    sources_in: Callable[[Couple], Iterable[int]]
    next_event: Callable[[int, dt.datetime], dt.datetime | None]


REMINDER_SOURCES: dict[str, ReminderSource] = {}

# How the sweep paces each kind of work (its jobs, reminders, emails): rows a batch, and
# seconds before it leaves the rest to the next sweep.
BATCH = 200
SWEEP_BUDGET = 20.0

# Idempotent functions the sweep calls each time, e.g. delivering loving notes that fell due.
# Each takes `now` and returns how many things it did.
DUE_JOBS: dict[str, Callable[[dt.datetime], int]] = {}


def register_reminders(source: ReminderSource) -> None:
    REMINDER_SOURCES[source.practice] = source


def register_due_job(name: str, job: Callable[[dt.datetime], int]) -> None:
    DUE_JOBS[name] = job

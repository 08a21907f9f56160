"""Many couples with some history each, inserted in bulk: for query plans and benchmarks.

`seed_couples` writes rows directly (bulk_create), not through the operations: it is for
volume only. Words are placeholders, not sealed text, so pages must never open these rows —
only the rows of the people a test or benchmark creates through the operations.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from nearer.accounts.models import User
from nearer.checkins.models import CheckIn, CheckInEntry
from nearer.couples.models import Couple, Membership
from nearer.gratitude.models import Appreciation
from nearer.notes.models import Note
from nearer.questions.models import Answer, DailyQuestion, Question, Response
from nearer.soultalk.models import Keepsake, Talk

PLACEHOLDER = b"\x00volume"
M = TypeVar("M", bound=models.Model)
_batches = itertools.count(1)

# The tables a history page reads; ANALYZE-d after seeding so the planner knows their size.
TABLES = [
    User,
    Couple,
    Membership,
    DailyQuestion,
    Answer,
    Response,
    CheckIn,
    CheckInEntry,
    Talk,
    Keepsake,
    Appreciation,
    Note,
]


def _insert(rows: list[M]) -> list[M]:
    """Insert new rows and give them their ids: bulk_create, or on PostgreSQL a COPY (several
    times faster, so a benchmark can seed ten thousand couples in minutes)."""
    if not rows:
        return rows
    model = type(rows[0])
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(rows, batch_size=2000)
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy: it is asked once per value
    meta = model._meta
    table = db.ops.quote_name(meta.db_table)
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = pk
        columns = ", ".join(db.ops.quote_name(f.column) for f in [meta.pk, *fields])
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = [f.get_db_prep_save(getattr(row, f.attname), db) for f in fields]
                copy.write_row([row.pk, *values])
    return rows


def seed_couples(count: int, *, days: int = 14, weeks: int = 2, unlinked_every: int = 8) -> None:
    """`count` couples, each with `days` days of answered questions before today (and a
    response a week), an appreciation a day, a note every third day, and `weeks` weekly
    check-ins and talks with keepsakes.

    Every `unlinked_every`-th couple has since unlinked: its space is ended and both people have
    a solo space with a few days of their own. Needs the question bank loaded.
    """
    batch = next(_batches)
    now = timezone.now()
    today = timezone.localdate()
    question_ids = list(Question.objects.values_list("pk", flat=True)[:200])
    if not question_ids:
        raise RuntimeError("Load the question bank first.")

    users = _insert(
        [
            User(email=f"volume-{batch}-{n}@example.invalid", display_name="V", password="!")
            for n in range(2 * count)
        ]
    )
    pairs = [(users[2 * i], users[2 * i + 1]) for i in range(count)]
    unlinked = [i % unlinked_every == unlinked_every - 1 for i in range(count)]
    couples = _insert([Couple(ended_at=now if gone else None) for gone in unlinked])
    solos = _insert([Couple() for gone in unlinked if gone for _ in range(2)])
    memberships = [
        Membership(couple=couple, user=person, left_at=now if gone else None)
        for couple, pair, gone in zip(couples, pairs, unlinked, strict=True)
        for person in pair
    ]
    gone_people = [
        person for pair, gone in zip(pairs, unlinked, strict=True) if gone for person in pair
    ]
    memberships += [
        Membership(couple=solo, user=person)
        for solo, person in zip(solos, gone_people, strict=True)
    ]
    _insert(memberships)

    spaces: list[tuple[Couple, tuple[User, ...]]] = [
        (couple, pair) for couple, pair in zip(couples, pairs, strict=True)
    ]
    spaces += [(solo, (person,)) for solo, person in zip(solos, gone_people, strict=True)]
    dailies: list[DailyQuestion] = []
    owners: list[tuple[User, ...]] = []
    for n, (couple, people) in enumerate(spaces):
        span = days if len(people) == 2 else max(1, days // 4)
        for d in range(span):
            dailies.append(
                DailyQuestion(
                    couple=couple,
                    date=today - dt.timedelta(days=span - d),
                    question_id=question_ids[(n + d) % len(question_ids)],
                    revealed_at=now if len(people) == 2 else None,
                )
            )
            owners.append(people)
    dailies = _insert(dailies)
    answers = _insert(
        [
            Answer(daily=daily, author=person, body=PLACEHOLDER)
            for daily, people in zip(dailies, owners, strict=True)
            for person in people
        ]
    )
    by_daily: dict[int, list[Answer]] = {}
    for answer in answers:
        by_daily.setdefault(answer.daily_id, []).append(answer)
    _insert(
        [
            Response(answer=pair[0], author=pair[1].author, body=PLACEHOLDER, nonce=str(k))
            for k, pair in enumerate(by_daily.values())
            if len(pair) == 2 and k % 7 == 0
        ]
    )

    monday = today - dt.timedelta(days=today.weekday())
    checkins = _insert(
        [
            CheckIn(couple=couple, week=monday - dt.timedelta(weeks=w + 1), revealed_at=now)
            for couple, people in spaces
            if len(people) == 2
            for w in range(weeks)
        ]
    )
    pair_of = {couple.pk: people for couple, people in spaces}
    _insert(
        [
            CheckInEntry(checkin=checkin, author=person, body=PLACEHOLDER)
            for checkin in checkins
            for person in pair_of[checkin.couple_id]
        ]
    )
    talks = _insert(
        [
            Talk(
                couple=couple,
                started_by=people[0],
                first_asker=people[0],
                second_asker=people[1],
                started_at=now - dt.timedelta(days=w * 7 + 1),
            )
            for couple, people in spaces
            if len(people) == 2
            for w in range(weeks)
        ]
    )
    _insert(
        [
            Keepsake(talk=talk, author=person, body=PLACEHOLDER, shared=k % 2 == 0)
            for talk in talks
            for k, person in enumerate(pair_of[talk.couple_id])
        ]
    )
    _insert(
        [
            Appreciation(
                couple=couple,
                author=people[0],
                recipient=people[1],
                date=today - dt.timedelta(days=d + 1),
                body=PLACEHOLDER,
            )
            for couple, people in spaces
            if len(people) == 2
            for d in range(days)
        ]
    )
    _insert(
        [
            Note(
                couple=couple,
                author=people[k % 2],
                recipient=people[1 - k % 2],
                deliver_at=now - dt.timedelta(days=k * 3 + 1),
                delivered_at=now - dt.timedelta(days=k * 3 + 1),
                body=PLACEHOLDER,
            )
            for couple, people in spaces
            if len(people) == 2
            for k in range(max(1, days // 3))
        ]
    )


def analyze() -> None:
    """Refresh the planner's statistics for the seeded tables (PostgreSQL)."""
    with connection.cursor() as cursor:
        for model in TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

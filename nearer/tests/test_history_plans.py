"""With many couples in the database, no history page reads a whole table (PostgreSQL).

A load test found the question history reading every couple's days on every request: an OR of
two subqueries, which PostgreSQL cannot answer from an index, so it checks every row. Here a
thousand couples are seeded in bulk and the tables ANALYZE-d; then the pages that list or open
history are requested as three people with a varied past, and every query they run, as well as
each access method as a page would use it, is EXPLAIN-ed. A sequential scan over a big table,
or an index scan with no condition (the same read in index order), fails the test: it would
grow with every couple that joins.

A thousand couples stand in for a hundred thousand: at this size, with PostgreSQL's default cost
for a random read (4, set for spinning disks), reading a few thousand rows whole can look
cheaper than twenty index lookups, even where the index is right. The test therefore plans with
`random_page_cost = 1.1`, the usual setting for SSDs. That never hides the fault looked for:
when no index can answer a query, PostgreSQL reads the table whatever the costs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nearer.checkins.models import CheckIn
from nearer.questions.models import DailyQuestion

from .histories import METHODS, Histories, build_histories
from .volume import analyze, seed_couples

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Query plans are PostgreSQL's; SQLite plans differently and serves small sites.",
)

COUPLES = 1000
BIG = 1000  # rows: reading a table this size or larger from end to end fails the test


def _nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _table_sizes() -> dict[str, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        return dict(cursor.fetchall())


def _reads_whole(node: dict) -> bool:
    kind = node["Node Type"]
    if kind.endswith("Seq Scan"):
        return True
    return kind in {"Index Scan", "Index Only Scan"} and "Index Cond" not in node


def whole_table_scans(sql: str, params: tuple | list | None = None) -> list[str]:
    """The big tables the query's plan reads from end to end, e.g. ["questions_answer"]."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    sizes = _table_sizes()
    return [
        node["Relation Name"]
        for node in _nodes(plan[0]["Plan"])
        if _reads_whole(node) and sizes.get(node["Relation Name"], 0) >= BIG
    ]


@pytest.fixture
def busy(bank) -> Histories:
    """A varied history among a thousand other couples, with fresh planner statistics."""
    seed_couples(COUPLES, days=7, weeks=2)
    histories = build_histories()
    analyze()
    sizes = _table_sizes()
    for table in ("questions_dailyquestion", "questions_answer", "checkins_checkin"):
        assert sizes[table] >= BIG, table  # the planner must see the volume
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL random_page_cost = 1.1")  # until the test's transaction ends
    return histories


# Each person opens days and weeks of their own past: a previous couple's, a solo space's and
# the current couple's.
OPENS = {
    "alex": ["p_both", "a_day", "c_both", "pw_both", "cw_both"],
    "sam": ["p_both", "s_day", "pw_both"],
    "kim": ["k_day", "c_both", "cw_both"],
}


def _pages(h: Histories, person: str) -> list[str]:
    before = timezone.localdate().isoformat() + "_1"
    pages = [
        reverse("questions:today"),
        reverse("questions:history"),
        reverse("questions:history") + f"?before={before}",
        reverse("checkins:history"),
        reverse("checkins:history") + f"?before={before}",
        reverse("soultalk:start"),
        reverse("gratitude:index"),
        reverse("notes:index"),
        reverse("notes:kindness"),
    ]
    for name in OPENS[person]:
        app = "checkins" if "w_" in name else "questions"
        pages.append(reverse(f"{app}:detail", args=[h.rows[name].pk]))
    return pages


def test_history_pages_and_access_methods_never_read_a_whole_table(client, busy) -> None:
    found = []
    checked = 0
    for who in OPENS:
        person = getattr(busy, who)
        client.force_login(person)
        for url in _pages(busy, who):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            for query in queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                checked += 1
                if tables := whole_table_scans(sql):
                    found.append(f"{url} as {person}: {tables}\n    {sql[:400]}")
        # Each method as a future page might use it: on its own, or narrowed to a page of days
        # or weeks for those that are only ever used so.
        days = DailyQuestion.objects.history_for(person).values("pk")[:10]
        weeks = CheckIn.objects.history_for(person).values("pk")[:10]
        narrowed: dict[str, dict[str, object]] = {
            "Answer.visible_to": {"daily__in": days},
            "Answer.others_visible_to": {"daily__in": days},
            "Response.visible_to": {"answer__daily__in": days},
            "CheckInEntry.visible_to": {"checkin__in": weeks},
        }
        for name, method in METHODS.items():
            queryset = method(person).filter(**narrowed.get(name, {}))
            sql, params = queryset.query.sql_with_params()
            checked += 1
            if tables := whole_table_scans(sql, params):
                found.append(f"{name} as {person}: {tables}\n    {sql[:400]}")
    assert checked > 100
    assert not found, "Sequential scans over big tables:\n" + "\n".join(found)

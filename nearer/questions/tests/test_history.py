"""The history page: keyset pagination, and a query count that does not grow with history."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nearer.couples.space import space_of
from nearer.questions import operations
from nearer.questions.views import HISTORY_PAGE

START = dt.date(2026, 1, 1)


def _history(couple, a, b, days: int) -> None:
    for offset in range(days):
        daily = operations.daily_question(couple=couple, date=START + dt.timedelta(days=offset))
        operations.save_answer(user=a, daily=daily, text=f"A on day {offset}")
        if offset % 2 == 0:
            operations.save_answer(user=b, daily=daily, text=f"B on day {offset}")


def test_pages_walk_back_by_keyset_without_gaps_or_duplicates(
    client, bank, partner_a, partner_b
) -> None:
    _history(space_of(partner_a), partner_a, partner_b, 25)
    client.force_login(partner_a)
    seen: list[dt.date] = []
    url: str | None = reverse("questions:history")
    while url:
        response = client.get(url)
        page = response.context["page"]
        seen.extend(daily.date for daily in page)
        cursor = response.context["next_cursor"]
        assert "page=" not in (cursor or "")
        url = f"{reverse('questions:history')}?before={cursor}" if cursor else None
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 25


def test_htmx_request_returns_only_the_items(client, bank, partner_a, partner_b) -> None:
    _history(space_of(partner_a), partner_a, partner_b, 12)
    client.force_login(partner_a)
    response = client.get(reverse("questions:history"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert body.count("history__item") == HISTORY_PAGE


def test_query_count_does_not_grow_with_history(client, bank, partner_a, partner_b) -> None:
    couple = space_of(partner_a)
    client.force_login(partner_a)
    _history(couple, partner_a, partner_b, 3)
    client.get(reverse("questions:history"))  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("questions:history"))
    _history_more(couple, partner_a, partner_b)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("questions:history"))
    assert len(response.context["page"]) == HISTORY_PAGE
    assert len(large) == len(small)
    assert len(large) <= 6


def _history_more(couple, a, b) -> None:
    for offset in range(3, 40):
        daily = operations.daily_question(couple=couple, date=START + dt.timedelta(days=offset))
        operations.save_answer(user=a, daily=daily, text="more")
        operations.save_answer(user=b, daily=daily, text="more too")


def test_bad_cursor_answers_400(client, bank, partner_a, partner_b) -> None:
    _history(space_of(partner_a), partner_a, partner_b, 3)
    client.force_login(partner_a)
    for cursor in ("nonsense", "0001-01-01_1", "2027-01-01_²", "2027-01-01_" + "9" * 30):
        response = client.get(reverse("questions:history"), {"before": cursor})
        assert response.status_code == 400
    response = client.get(reverse("questions:history"), {"before": ""})
    assert response.status_code == 200
    assert len(response.context["page"]) == 3


def test_today_page_query_count_does_not_grow_with_history(
    client, bank, partner_a, partner_b
) -> None:
    couple = space_of(partner_a)
    client.force_login(partner_a)
    _history(couple, partner_a, partner_b, 2)
    client.get(reverse("questions:today"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("questions:today"))
    _history_more(couple, partner_a, partner_b)
    client.get(reverse("questions:today"))
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("questions:today"))
    assert len(large) == len(small)

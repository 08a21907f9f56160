"""Error pages in Nearer's look, with a way home and nothing anyone wrote (DEBUG off)."""

from __future__ import annotations

import html

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from nearer.couples.operations import unlink
from nearer.soultalk import operations as soultalk
from nearer.tests.error_urls import SECRET

HOME = reverse("home")
WAY_HOME = f'<a class="button button--primary" href="{HOME}">Go to the start page</a>'


def _looks_like_nearer(body: str, heading: str) -> None:
    assert "nearer/site.css" in body
    assert f">{html.escape(heading, quote=False)}</h1>" in body
    assert WAY_HOME in body
    assert reverse("safety") in body  # and safety is one step away, as on every page
    assert "data-quick-exit" in body
    for leaked in (SECRET, html.escape(SECRET), "Traceback", "Not Found", "Forbidden"):
        assert leaked not in body


@pytest.fixture(autouse=True)
def _no_debug(settings) -> None:
    settings.DEBUG = False


@pytest.mark.urls("nearer.tests.error_urls")
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/fails/bad/", 400, "That didn’t quite work"),
        ("/fails/forbidden/", 403, "This isn’t open to you"),
        (f"/nowhere/?words={SECRET}", 404, "We couldn’t find that"),
        ("/fails/broken/", 500, "Something went wrong on our side"),
    ],
)
def test_each_error_has_its_page(client: Client, partner_a, url, status, heading) -> None:
    client.force_login(partner_a)
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == status
    _looks_like_nearer(response.content.decode(), heading)


def test_the_500_page_needs_no_database_nor_request_context() -> None:
    """No `db` fixture: any query while rendering would fail this test."""
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    _looks_like_nearer(response.content.decode(), "Something went wrong on our side")


def test_an_expired_form_has_its_own_page(partner_a) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner_a)
    response = client.post(reverse("accounts:me"), {"display_name": SECRET, "time_zone": "UTC"})
    assert response.status_code == 403
    body = response.content.decode()
    _looks_like_nearer(body, "This form has expired")
    assert "CSRF" not in body


def test_an_old_soul_talk_card_after_unlinking_is_a_gentle_not_found(
    client: Client, bank, partner_a, partner_b
) -> None:
    talk = soultalk.start_talk(user=partner_a, minutes=15, cards=3)
    card = talk.cards.first()
    assert card is not None
    question = card.question.text
    unlink(user=partner_b)
    client.force_login(partner_a)
    response = client.get(reverse("soultalk:card", args=[talk.pk, 1]))
    assert response.status_code == 404
    body = response.content.decode()
    _looks_like_nearer(body, "We couldn’t find that")
    assert html.escape(question, quote=False) not in body
    assert "Sam" not in body


def test_a_not_found_for_htmx_carries_the_note_site_js_shows(client: Client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.get("/nowhere/", HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<article class="card error-page" data-error-page>' in body
    assert WAY_HOME in body

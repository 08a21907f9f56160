"""Bad input and bad luck in a real browser: every htmx form shows what went wrong, in place,
with the words still there; boxes say their limit and when a paste was cut; a lost page has a
way home."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from nearer.accounts.models import User
from nearer.couples.operations import space_of
from nearer.questions import operations
from nearer.questions.models import Answer, Response
from tests.browser.browser_steps import PHONE, field, log_in

pytestmark = pytest.mark.browser

LIMIT = settings.NEARER_ANSWER_MAX_LENGTH
# Screenshots for people reviewing a change; set NEARER_SHOTS to a folder to keep them.
SHOTS = os.environ.get("NEARER_SHOTS", "")


def _shot(target: Page | Locator, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret would inject a style, which our CSP (rightly) refuses.
        target.screenshot(path=str(Path(SHOTS) / f"{name}.png"), caret="initial")


def _mark_page(page: Page) -> None:
    """A flag that survives an htmx swap but not a page load."""
    page.evaluate("window.nearerSamePage = true")


def _still_same_page(page: Page) -> None:
    assert page.evaluate("window.nearerSamePage === true"), "the page was reloaded"


def test_the_answer_box_counts_says_when_a_paste_is_cut_and_shows_its_errors(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, _sam_user = couple
    page = new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"]).new_page()
    log_in(page, alex_user)
    _mark_page(page)
    box = field(page, "Your answer")
    hint = page.locator("#id_text_limit")

    # The limit is shown and read out with the box; what is left follows the typing.
    expect(hint).to_have_text("Up to 5,000 characters. 5,000 left")
    expect(box).to_have_accessible_description(re.compile(r"Up to 5,000 characters"))
    box.press_sequentially("Hello")
    expect(hint).to_have_text("Up to 5,000 characters. 4,995 left")

    # A 20,000-character paste goes in cut to fit, and the page says so.
    page.evaluate("text => navigator.clipboard.writeText(text)", "pasted words " * 1540)
    box.press("ControlOrMeta+V")
    expect(page.get_by_role("status").filter(has_text="What you pasted")).to_have_text(
        "What you pasted was too long to fit, so only its first 4,995 characters went in. "
        "The rest is still on your clipboard."
    )
    expect(hint).to_have_text("Up to 5,000 characters. 0 left")
    assert len(box.input_value()) == LIMIT
    _shot(page.locator("#daily-card"), "answer-paste-cut")

    # Only spaces: the message shows in place (htmx swaps the 422 in).
    box.fill("   ")
    page.get_by_role("button", name="Save my answer").click()
    expect(page.locator("#id_text_error")).to_have_text(
        "Write a few words first — even one line is enough."
    )
    expect(box).to_be_focused()
    expect(page.get_by_text("Saved.")).to_have_count(0)

    # Too long (a browser that ignores maxlength, or an old page): refused, words kept.
    box.evaluate("box => box.removeAttribute('maxlength')")
    too_long = "x" * (LIMIT + 1)
    box.fill(too_long)
    page.get_by_role("button", name="Save my answer").click()
    expect(page.locator("#id_text_error")).to_contain_text(
        "That’s longer than we can keep in one answer (5000 characters; you wrote 5001)."
    )
    expect(box).to_have_value(too_long)
    expect(page.locator("#id_text_limit")).to_have_text("Up to 5,000 characters. 1 over the limit")
    expect(page.get_by_text("Saved.")).to_have_count(0)
    assert not Answer.objects.exists()

    box.fill("A few honest words.")
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    _still_same_page(page)
    assert Answer.objects.get().text == "A few honest words."


def test_a_response_shows_its_error_and_trouble_never_loses_the_words(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
    live_server: LiveServer,
) -> None:
    alex_user, sam_user = couple
    daily = operations.daily_question(
        couple=space_of(alex_user), date=timezone.localdate(timezone.now())
    )
    operations.save_answer(user=alex_user, daily=daily, text="Alex: the long walk home.")
    operations.save_answer(user=sam_user, daily=daily, text="Sam: the kitchen dance.")
    page = new_context().new_page()
    log_in(page, alex_user)
    _mark_page(page)
    reply = field(page, "What I heard")
    send = page.get_by_role("button", name="Send to Sam")
    alert = page.locator(".htmx-alert")

    reply.fill("   ")
    send.click()
    expect(page.locator(".listening .form-errors")).to_contain_text(
        "Write at least one part before sending."
    )

    words = "That walk made me smile all week."
    reply.fill(words)

    # Trouble on our side: a gentle word beside the form, the words untouched.
    def server_trouble(route: Route) -> None:
        route.fulfill(status=500, body="<h1>Server Error (500)</h1>", content_type="text/html")

    page.route("**/respond/", server_trouble)
    send.click()
    expect(alert).to_have_text(re.compile(r"^Something went wrong on our side"))
    expect(alert).to_have_attribute("role", "alert")
    expect(reply).to_have_value(words)
    page.unroute("**/respond/")

    # No connection: the same care.
    page.route("**/respond/", lambda route: route.abort())
    send.click()
    expect(alert).to_have_text(re.compile(r"^We couldn’t reach Nearer"))
    expect(reply).to_have_value(words)
    page.unroute("**/respond/")

    # Something gone meanwhile: our own not-found note, with its way home, beside the form.
    page.route("**/respond/", lambda route: route.continue_(url=f"{live_server.url}/gone/"))
    send.click()
    expect(alert).to_contain_text("We couldn’t find that")
    expect(alert.get_by_role("link", name="Go to the start page")).to_have_attribute("href", "/")
    expect(reply).to_have_value(words)
    expect(page.locator("h1.question")).to_have_count(0)  # not a whole page swapped in
    _shot(page.locator("#daily-card"), "response-not-found-note")
    page.unroute("**/respond/")

    # Signed out meanwhile (the session ended): no sign-in page swapped over the words.
    session = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    send.click()
    expect(alert).to_have_text(re.compile(r"^You’ve been signed out, so this wasn’t sent\."))
    expect(reply).to_have_value(words)
    page.context.add_cookies(session)

    send.click()
    expect(page.locator(".reply").filter(has_text=words)).to_be_visible()
    expect(alert).to_have_count(0)
    _still_same_page(page)
    assert Response.objects.get().parts == {"heard": words}


def test_a_lost_page_looks_like_nearer_and_leads_home(
    couple: tuple[User, User], new_context: Callable[..., BrowserContext]
) -> None:
    alex_user, _sam_user = couple
    page = new_context(viewport=PHONE).new_page()
    log_in(page, alex_user)
    response = page.goto("/together/999999/card/1/")
    assert response is not None and response.status == 404
    expect(page).to_have_title("Not here · Nearer")
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn’t find that")
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    _shot(page, "not-found")
    page.get_by_role("link", name="Go to the start page").click()
    expect(page).to_have_url(re.compile(r"/today/$"))

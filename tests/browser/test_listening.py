"""The listening step in two browsers: a partner's fixing draft gets a hint, is rewritten as a
reflection and sent; the sharer says they felt heard, and the listener sees it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from nearer.accounts.models import User
from nearer.couples.operations import space_of
from nearer.questions import operations
from nearer.questions.models import Response
from tests.browser.browser_steps import PHONE, field, log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

ALEX_SAYS = "Work has been relentless and I come home with nothing left. 😮‍💨"
FIXING = "You should just tell your boss you need a lighter week."
HEARD = "It sounds like you’re running on empty, and it’s been going on for a while."


def test_a_fixing_draft_gets_a_hint_is_rewritten_and_the_sharer_feels_heard(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    daily = operations.daily_question(
        couple=space_of(alex_user), date=timezone.localdate(timezone.now())
    )
    operations.save_answer(user=alex_user, daily=daily, text=ALEX_SAYS)
    operations.save_answer(user=sam_user, daily=daily, text="A slow week, mostly good.")
    alex = new_context().new_page()
    sam = new_context(viewport=PHONE).new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Sam reads Alex's answer and starts by fixing: a hint, for Sam only, as they type.
    expect(sam.locator(".answer--theirs .answer__text")).to_have_text(ALEX_SAYS)
    heard = field(sam, "What I heard")
    heard.press_sequentially(FIXING[:24])
    heard.press_sequentially(FIXING[24:])
    hints = sam.locator("#listening-hints")
    expect(hints).to_contain_text("A thought before you send")
    expect(hints).to_contain_text("This reads like advice.")
    expect(hints.locator(".hint__noticed")).to_have_text("You should")
    no_horizontal_scroll(sam)

    # Sam rewrites it as a reflection: the hint goes, and the reply is sent.
    heard.fill("")
    heard.press_sequentially(HEARD)
    expect(hints).not_to_contain_text("This reads like advice.")
    field(sam, "One question to understand more").fill("What’s the hardest part of the day?")
    sam.get_by_role("button", name="Send to Alex").click()
    mine = sam.locator(".reply")
    expect(mine).to_contain_text(HEARD)
    expect(mine.locator(".reply__who")).to_have_text("You replied")
    assert Response.objects.get().parts == {
        "heard": HEARD,
        "ask": "What’s the hardest part of the day?",
    }

    # Alex reads the reply (no hint is ever shown to them) and says they felt heard.
    alex.reload()
    theirs = alex.locator(".reply")
    expect(theirs).to_contain_text(HEARD)
    expect(theirs.locator(".reply__who")).to_have_text("Sam replied")
    expect(alex.get_by_text("This reads like advice.")).to_have_count(0)
    felt = alex.get_by_role("group", name="Did you feel heard?")
    felt.get_by_role("button", name="Yes").click()
    expect(alex.get_by_text("Thank you. They’ll see how it landed.")).to_be_visible()
    expect(
        alex.get_by_role("group", name="Did you feel heard?").get_by_role("button", name="Yes")
    ).to_have_attribute("aria-pressed", "true")

    # Sam sees that Alex felt heard.
    sam.reload()
    expect(sam.get_by_role("status").filter(has_text="They felt heard.")).to_be_visible()
    assert Response.objects.get().felt_heard == "yes"

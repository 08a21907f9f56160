"""Good news, celebrated: Alex shares a win, Sam celebrates it with a question, Alex reads it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import time_machine
from playwright.sync_api import BrowserContext, expect

from nearer.accounts.models import User
from tests.browser.browser_steps import PHONE, field, log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

WIN = "I finished the first draft 📖 — « enfin » & שלום"
MORE = "All 212 pages. I printed it just to hold it."
CHEER = "That’s enormous, I’m so proud of you!"


def test_a_win_is_celebrated_with_a_question(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context(viewport=PHONE).new_page()
    sam = new_context(viewport=PHONE).new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Alex shares good news, in a line and a little more.
    alex.goto("/talk/moments/")
    expect(alex.get_by_role("heading", level=1)).to_have_text("Wins and struggles")
    no_horizontal_scroll(alex)
    alex.get_by_label("Good news, big or small").check()
    field(alex, "In a line").fill(WIN)
    field(alex, "More, if you like").fill(MORE)
    alex.get_by_role("button", name="Share with Sam").click()
    expect(alex.get_by_role("status")).to_contain_text("Shared.")
    wins = alex.get_by_role("region", name="Our wins")
    expect(wins.locator(".moment__line")).to_have_text(WIN)

    # Sam is told on Today, without a word of it, and opens it.
    sam.goto("/today/")
    waiting = sam.get_by_role("complementary", name="Waiting for you")
    news = waiting.get_by_role("link", name="Alex has good news to tell you.")
    expect(news).to_be_visible()
    news.click()
    expect(sam.get_by_role("heading", level=1)).to_have_text(WIN)
    expect(sam.get_by_text(MORE)).to_be_visible()
    expect(sam.get_by_role("heading", name="Celebrate with Alex")).to_be_visible()
    no_horizontal_scroll(sam)

    # A starter fills the question; Sam writes the cheer in their own words and sends.
    sam.get_by_role("button", name="What was the best moment?").click()
    question = field(sam, "A question so they can tell it again")
    expect(question).to_have_value("What was the best moment?")
    field(sam, "What I feel about it").fill(CHEER)
    sam.get_by_role("button", name="Send to Alex").click()
    card = sam.locator("#moment-card")
    expect(card.get_by_text("You replied")).to_be_visible()
    expect(card.get_by_text(CHEER)).to_be_visible()
    expect(sam.get_by_role("heading", name="Celebrate with Alex")).to_have_count(0)
    expect(sam).to_have_url(re.compile(r"/talk/moments/\d+/$"))  # swapped in place by htmx

    # Alex reads it, from Today, and finds it again in the wins to look back on.
    alex.goto("/today/")
    alex.get_by_role("link", name="Sam answered what you shared.").click()
    expect(alex.get_by_text("Sam replied")).to_be_visible()
    expect(alex.get_by_text(CHEER)).to_be_visible()
    expect(alex.get_by_text("What was the best moment?")).to_be_visible()
    no_horizontal_scroll(alex)
    alex.goto("/talk/moments/")
    wins = alex.get_by_role("region", name="Our wins")
    expect(wins).to_contain_text(CHEER)
    expect(wins).to_contain_text("Sam said")

"""Two partners, two browsers: agree a weekly check-in time, check in, open it together;
an appreciation sent by one lands with the other."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import time_machine
from playwright.sync_api import BrowserContext, Page, expect

from nearer.accounts.models import User
from tests.browser.browser_steps import PHONE, field, log_in, no_horizontal_scroll, shows_in_html

pytestmark = pytest.mark.browser

ALEX = {
    "Something I appreciated about you this week": "You waited up for me 🌙 — « merci » & 東京",
    "What would help me feel more loved or supported": "A call on Wednesday, even five minutes",
    "How we could grow closer": "Cook something new together",
}
SAM = {
    "Something I appreciated about you this week": "You noticed I was tired before I said it",
    "What would help me feel more loved or supported": "Ask about the new job, not just the hours",
    "How we could grow closer": "A walk on Saturday without phones",
}


def _check_in(page: Page, words: dict[str, str], pulse: int) -> None:
    page.goto("/practices/checkins/")
    page.get_by_role("link", name="Write my check-in").click()
    for label, text in words.items():
        field(page, label).fill(text)
    pulses = page.locator(".pulse-fields fieldset")
    expect(pulses).to_have_count(8)
    for index in range(8):
        pulses.nth(index).get_by_role("radio", name=re.compile(rf"^{pulse}\b")).check()
    page.get_by_role("button", name="Seal my check-in").click()


def test_agree_a_time_check_in_and_open_it_together(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex_user.time_zone = "Europe/London"
    alex_user.save()
    sam_user.time_zone = "America/New_York"
    sam_user.save()
    alex = new_context(viewport=PHONE).new_page()
    sam = new_context().new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    # Alex suggests Sundays at 19:00 on Alex's clock.
    alex.get_by_role("navigation", name="Main").get_by_role("link", name="Practices").click()
    alex.get_by_role("link", name="Weekly check-in").click()
    expect(alex.get_by_role("heading", level=1)).to_have_text("Weekly check-in")
    field(alex, "Day").select_option(label="Sunday")
    field(alex, "Time").fill("19:00")
    alex.get_by_role("button", name="Suggest it to Sam").click()
    expect(
        alex.get_by_text("You suggested Sundays at 19:00. It’s waiting for Sam.")
    ).to_be_visible()
    no_horizontal_scroll(alex)

    # Sam sees it on Sam's own clock and accepts.
    sam.goto("/notifications/")
    sam.get_by_role("link", name="Alex suggested a time for your weekly check-in.").click()
    expect(sam.get_by_text("Alex suggested Sundays at 14:00, your time.")).to_be_visible()
    expect(sam.get_by_text("That’s Sunday 19:00 on Europe/London time.")).to_be_visible()
    sam.get_by_role("button", name="Accept this time").click()
    expect(sam.get_by_role("status").first).to_contain_text("Agreed.")
    expect(sam.locator("#weekly-time .lede")).to_have_text("Sundays at 14:00")
    alex.reload()
    expect(alex.locator("#weekly-time .lede")).to_have_text("Sundays at 19:00")

    # Alex checks in first: sealed, and Sam sees none of it.
    _check_in(alex, ALEX, pulse=4)
    expect(
        alex.get_by_text("Your check-in is in. It opens when Sam has done theirs too.")
    ).to_be_visible()
    no_horizontal_scroll(alex)
    sam.goto("/practices/checkins/")
    for text in ALEX.values():
        assert not shows_in_html(sam, text)

    # Sam checks in: both open, side by side, with the guided talk.
    _check_in(sam, SAM, pulse=5)
    expect(sam.get_by_role("heading", name="Talk it through")).to_be_visible()
    for text in (*ALEX.values(), *SAM.values()):
        expect(sam.get_by_text(text, exact=True)).to_be_visible()
    expect(sam.locator(".pulse-table tbody tr")).to_have_count(8)

    # Alex hears that both are in, opens them, and they talk it through.
    alex.goto("/today/")
    alex.get_by_role("link", name="Both check-ins are in. You can open them together.").click()
    for text in (*ALEX.values(), *SAM.values()):
        expect(alex.get_by_text(text, exact=True)).to_be_visible()
    no_horizontal_scroll(alex)
    alex.get_by_role("button", name="We talked it through").click()
    expect(alex.get_by_text("You talked this one through together.")).to_be_visible()
    alex.get_by_role("link", name="All check-ins").click()
    expect(alex.get_by_role("heading", name="Your pulse, week by week")).to_be_visible()
    no_horizontal_scroll(alex)


def test_an_appreciation_is_sent_and_lands(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    midday: time_machine.Coordinates,
) -> None:
    alex_user, sam_user = couple
    alex = new_context().new_page()
    sam = new_context().new_page()
    log_in(alex, alex_user)
    log_in(sam, sam_user)

    alex.goto("/practices/gratitude/")
    field(alex, "Something I appreciate about you").fill("You made tea without being asked 🍵")
    field(alex, "…because").fill("you notice when I’m tired before I say it")
    alex.get_by_role("button", name="Send to Sam").click()
    expect(alex.get_by_text("Sent. It’s waiting for your partner in Nearer.")).to_be_visible()

    sam.goto("/today/")
    sam.get_by_role("link", name="Alex sent you an appreciation.").click()
    card = sam.locator(".appreciation-card").first
    expect(card).to_contain_text("You made tea without being asked 🍵")
    expect(card).to_contain_text("because you notice when I’m tired before I say it")
    card.get_by_role("button", name="This landed").click()
    expect(sam.get_by_text("You said this landed.")).to_be_visible()

    alex.reload()
    expect(alex.get_by_text("Sam said this landed.")).to_be_visible()

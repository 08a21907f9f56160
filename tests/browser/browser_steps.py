"""Steps the journeys share: signing up, verifying, signing in, reading a page."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page, WebError, expect

if TYPE_CHECKING:
    from django.core.mail import EmailMessage

    from nearer.accounts.models import User

PASSWORD = "quiet evening by the river 42"
PHONE = {"width": 375, "height": 740}
TODAY = re.compile(r"/today/$")
WAITING = "Your answer is in. It opens when your partner has answered too."


def can_sign_in(user: User) -> User:
    """Give a factory-made user our password and a verified email address."""
    from nearer.tests.factories import add_verified_email

    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    add_verified_email(user)
    return user


def field(page: Page, label: str) -> Locator:
    """The form control with exactly this visible label (Django adds a colon)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def sign_up(page: Page, *, email: str, name: str, time_zone: str) -> None:
    """Fill allauth's sign-up form (we are on it) and send it."""
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    field(page, "Email").fill(email)
    field(page, "Your name").fill(name)
    field(page, "Your time zone").select_option(time_zone)
    field(page, "Password").fill(PASSWORD)
    # The rules for a password are read out with the field, not only shown near it.
    expect(field(page, "Password")).to_have_accessible_description(
        re.compile("at least 8 characters")
    )
    field(page, "Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()


def verification_link(outbox: list[EmailMessage], email: str) -> str:
    messages = [m for m in outbox if m.to == [email]]
    assert len(messages) == 1, f"expected one email to {email}, got {len(messages)}"
    match = re.search(r"https?://\S+/account/confirm-email/\S+/", messages[0].body)
    assert match, messages[0].body
    return match.group(0)


def verify_email(page: Page, outbox: list[EmailMessage], email: str) -> None:
    """Open the link from the email and press the button (confirming is a POST)."""
    page.goto(verification_link(outbox, email))
    expect(page.get_by_role("heading", name="Confirm Email Address")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()


def log_in(page: Page, user: User) -> None:
    page.goto("/account/login/")
    field(page, "Email").fill(user.email)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(TODAY)


def question_text(page: Page) -> str:
    return page.locator("#daily-card .question").inner_text().strip()


def answer(page: Page, text: str) -> None:
    field(page, "Your answer").fill(text)
    page.get_by_role("button", name="Save my answer").click()


def no_horizontal_scroll(page: Page, width: int = PHONE["width"]) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px > {width}px"


def shows_in_html(page: Page, text: str) -> bool:
    """Whether `text` is anywhere in the page's HTML, as the server escaped it."""
    return html.escape(text, quote=False) in page.content()


class PageProblems:
    """Console errors and uncaught exceptions seen in any page of a test's browser contexts."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        context.on("console", self._on_console)
        context.on("weberror", self._on_weberror)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_weberror(self, weberror: WebError) -> None:
        self.page_errors.append(f"{weberror.error.name}: {weberror.error.message}")

    @property
    def csp_violations(self) -> list[str]:
        return [text for text in self.console_errors if "Content Security Policy" in text]

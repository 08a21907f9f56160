"""Pages load under the strict Content-Security-Policy without a single violation.

Every journey is watched for CSP violations (see conftest.py); this one tours the pages with
scripts on, asks for a clean console, and shows that the watch does catch a violation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from nearer.accounts.models import User
from tests.browser.browser_steps import PageProblems, answer, log_in

pytestmark = pytest.mark.browser


def test_pages_load_without_csp_violations(
    couple: tuple[User, User],
    new_context: Callable[..., BrowserContext],
    page_problems: PageProblems,
) -> None:
    alex_user, _sam_user = couple
    page = new_context().new_page()
    for path in ("/", "/account/signup/", "/account/login/", "/safety/"):
        page.goto(path)
    log_in(page, alex_user)
    answer(page, "Written with htmx doing the posting.")  # an htmx swap, scripts running
    expect(page.get_by_text("Saved.")).to_be_visible()
    for path in ("/me/", "/partner/", "/questions/", "/together/"):
        page.goto(path)
    page.get_by_role("button", name="Deal the cards").click()
    expect(page.locator("[data-timer-remaining]")).to_have_text(re.compile(r"^\d+:\d{2}$"))

    assert page.locator("link[rel=stylesheet]").evaluate("link => link.sheet.cssRules.length") > 0
    assert page_problems.csp_violations == []
    assert page_problems.console_errors == []
    assert page_problems.page_errors == []

    # The watch is real: an inline script, which the policy forbids, is reported.
    with page.expect_console_message(lambda m: m.type == "error"):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.inlineRan = true'; document.body.append(s); }"
        )
    assert page.evaluate("window.inlineRan === undefined")
    assert len(page_problems.csp_violations) == 1
    page_problems.console_errors.clear()  # expected; don't fail the check on the way out

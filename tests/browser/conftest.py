"""Playwright journeys against pytest-django's live server, in the system Chromium.

The live server runs in a thread of this process, so Django's locmem outbox (`mailoutbox`)
and time-machine reach it. Every page is watched for Content-Security-Policy violations and
uncaught script errors; a test fails if any show up.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from playwright.sync_api import BrowserContext
from pytest_django.live_server_helper import LiveServer

from tests.browser.browser_steps import PageProblems, can_sign_in

if TYPE_CHECKING:
    from nearer.accounts.models import User

CHROMIUM = os.environ.get("NEARER_CHROMIUM", "/usr/bin/chromium")
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    """Let the ORM work in this thread while a journey runs (setup, call and teardown).

    Playwright's sync API keeps an event loop running in the test thread, which Django's async
    safety check would refuse. Only for these tests, not for the whole session: subprocesses of
    other tests inherit the environment, and `check --deploy` rightly rejects this variable.
    """
    if HERE not in item.path.parents:
        return (yield)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        return (yield)
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM} (set NEARER_CHROMIUM to its path); "
        "browser journeys skipped"
    )
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    """Relative URLs in page.goto() go to the live server.

    Overriding pytest-playwright's own fixture also keeps its instance-method fixture (deprecated
    in pytest 9, and deprecation warnings are errors here) from ever running.
    """
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # Same clock and language everywhere, whatever the machine says.
    return {**browser_context_args, "timezone_id": "UTC", "locale": "en-GB"}


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def new_context(
    new_context: Callable[..., BrowserContext], page_problems: PageProblems
) -> Iterator[Callable[..., BrowserContext]]:
    """pytest-playwright's factory, with every context watched for CSP violations and errors."""

    def _new_context(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        page_problems.watch(context)
        return context

    yield _new_context
    assert page_problems.csp_violations == [], "Content-Security-Policy violations"
    assert page_problems.page_errors == [], "uncaught script errors"


@pytest.fixture
def bank(transactional_db: None, live_server: LiveServer) -> None:
    """The real question bank, in the committed rows the live server reads.

    It is loaded once for the session, and again after each live-server test's flush (the root
    conftest's django_db_setup); this only makes sure.
    """
    from nearer.questions.models import Question
    from nearer.tests.factories import load_bank

    if not Question.objects.exists():
        load_bank()


@pytest.fixture
def midday() -> Iterator[time_machine.Coordinates]:
    """The clock keeps running, but from the next 12:00 UTC: no day turns over mid-journey.

    Only ever forward, so cookies and sessions the browser holds stay valid.
    """
    now = dt.datetime.now(dt.UTC)
    noon = now.replace(hour=12, minute=0, second=0, microsecond=0)
    if noon < now:
        noon += dt.timedelta(days=1)
    with time_machine.travel(noon, tick=True) as traveller:
        yield traveller


@pytest.fixture
def couple(bank: None, partner_a: User, partner_b: User) -> tuple[User, User]:
    """Alex and Sam from the root conftest, linked, with verified emails and a password."""
    return can_sign_in(partner_a), can_sign_in(partner_b)

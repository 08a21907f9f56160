"""Behind a trusted proxy, the lockout counts each person's own address, not the proxy's."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings

from nearer.accounts.middleware import ClientAddressMiddleware
from nearer.accounts.tests.test_accounts import _user_id
from nearer.tests.factories import PASSWORD, make_verified_user

PROXY = "10.1.0.2"


def _seen(remote: str, forwarded: str | None, proxies: list[str]) -> str:
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    seen = {}

    def view(req: HttpRequest) -> HttpResponse:
        seen["addr"] = req.META["REMOTE_ADDR"]
        return HttpResponse()

    with override_settings(NEARER_TRUSTED_PROXIES=proxies):
        ClientAddressMiddleware(view)(request)
    return seen["addr"]


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "expected"),
    [
        # No proxy trusted: the header means nothing.
        (PROXY, "203.0.113.5", [], PROXY),
        # From the trusted proxy: the address it saw.
        (PROXY, "203.0.113.5", [PROXY], "203.0.113.5"),
        # A client's own forged entry sits to the left of what the proxy added.
        (PROXY, "1.2.3.4, 203.0.113.5", [PROXY], "203.0.113.5"),
        # Two proxies in a row, both trusted (a network).
        ("10.1.0.9", "203.0.113.5, 10.1.0.3", ["10.1.0.0/16"], "203.0.113.5"),
        # "*": only the hop the last proxy added.
        (PROXY, "1.2.3.4, 203.0.113.5", ["*"], "203.0.113.5"),
        # Someone else sending the header directly is ignored.
        ("198.51.100.7", "203.0.113.5", [PROXY], "198.51.100.7"),
        # Garbage is never taken as an address.
        (PROXY, "not-an-address", [PROXY], PROXY),
        (PROXY, "junk, 203.0.113.5", [PROXY], "203.0.113.5"),
        ("::1", "2001:db8::7", ["::1"], "2001:db8::7"),
        (PROXY, None, [PROXY], PROXY),
    ],
)
def test_the_address_seen(remote, forwarded, proxies, expected) -> None:
    assert _seen(remote, forwarded, proxies) == expected


def _login(client: Client, password: str, behind: str):
    return client.post(
        "/account/login/",
        {"login": "alex@example.com", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=behind,
    )


def test_through_a_trusted_proxy_one_guesser_locks_only_themselves(db, settings) -> None:
    settings.NEARER_TRUSTED_PROXIES = [PROXY]
    make_verified_user("Alex", "alex@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "wrong", "198.51.100.66")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"
    assert _login(Client(), PASSWORD, "198.51.100.66").status_code == 429

    # The person themselves, behind the same proxy, still signs in.
    alex = Client()
    assert _login(alex, PASSWORD, "203.0.113.5").status_code == 302
    assert _user_id(alex) is not None

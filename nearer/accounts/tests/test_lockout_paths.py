"""Every way of typing a password shares one lockout, keyed on (account, IP).

The outside test found the admin's own login form recorded failures under no account, and the
right password still signed in after the lock. The admin now has no password form of its own;
these tests try each path that checks a password.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from nearer.accounts.adapter import lockout_username
from nearer.accounts.models import User
from nearer.accounts.tests.test_accounts import _login, _user_id
from nearer.tests.factories import PASSWORD, make_verified_user

IP = "10.0.0.7"


@pytest.fixture
def operator(db) -> User:
    user = make_verified_user("Operator", "op@example.com")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def _admin_login(client: Client, login: str, password: str, ip: str = IP):
    return client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": login, "password": password},
        REMOTE_ADDR=ip,
    )


def _reauthenticate(client: Client, password: str, ip: str = IP):
    return client.post(reverse("account_reauthenticate"), {"password": password}, REMOTE_ADDR=ip)


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_admin_has_no_password_form_of_its_own(operator) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        response = _admin_login(client, "op@example.com", "wrong")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    # Not even the right password signs in there: it only ever leads to the normal sign-in.
    response = _admin_login(client, "op@example.com", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/"
    assert _user_id(client) is None
    assert client.get("/admin/").status_code == 302


def test_staff_reach_the_admin_through_the_normal_sign_in(operator) -> None:
    client = Client()
    first = client.get("/admin/", follow=True)
    assert first.redirect_chain[-1][0] == reverse("account_login") + "?next=/admin/"
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": "op@example.com", "password": PASSWORD},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Once signed in, the admin's login page just goes on to the admin.
    assert client.get(reverse("admin:login") + "?next=/admin/").headers["Location"] == "/admin/"


def test_the_admin_is_not_shown_to_people_who_are_not_staff(partner_a) -> None:
    client = _signed_in(partner_a)
    assert client.get("/admin/", follow=True).status_code == 404
    assert client.get(reverse("admin:login")).status_code == 404


def test_the_admin_login_never_redirects_off_site(operator) -> None:
    client = _signed_in(operator)
    response = client.get(reverse("admin:login") + "?next=https://evil.example/")
    assert response["Location"] == "/admin/"


def test_a_lock_from_the_sign_in_page_holds_in_the_admin_and_reauthentication(operator) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "op@example.com", "wrong-🙈", IP)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("op@example.com", IP)

    # The right password, on every path, from that IP: refused.
    locked = Client()
    assert _login(locked, "op@example.com", PASSWORD, IP).status_code == 429
    assert _user_id(locked) is None
    assert _admin_login(locked, "op@example.com", PASSWORD).status_code == 302
    assert _user_id(locked) is None
    assert locked.get("/admin/").status_code == 302

    session = _signed_in(operator)  # signed in before the lock, now asked to confirm
    assert _reauthenticate(session, PASSWORD).status_code == 429

    # The same account from elsewhere is untouched (nobody can lock a person out everywhere).
    elsewhere = Client()
    assert _login(elsewhere, "op@example.com", PASSWORD, "10.0.0.8").status_code == 302


def test_failures_on_reauthentication_count_towards_the_same_lock(operator) -> None:
    session = _signed_in(operator)
    half = settings.AXES_FAILURE_LIMIT // 2
    for _ in range(half):
        assert _reauthenticate(session, "wrong").status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - half):
        _login(Client(), "OP@example.com", "wrong", IP)
    assert AccessAttempt.objects.get().username == "op@example.com"

    assert _login(Client(), "op@example.com", PASSWORD, IP).status_code == 429
    assert _reauthenticate(session, PASSWORD).status_code == 429


def test_every_credentials_shape_keys_the_same_account(rf) -> None:
    request = rf.post("/", {})
    for credentials in (
        {"email": "Alex@Example.com"},
        {"login": "alex@example.com "},
        {"username": "ALEX@example.com"},
    ):
        assert lockout_username(request, credentials) == "alex@example.com"
    assert lockout_username(rf.post("/", {"username": "Alex@example.com"}), None) == (
        "alex@example.com"
    )
    assert lockout_username(request, {}) is None

"""Display names that cannot disguise themselves; sign-up that does not tell who has an account
(issue 7, item 6)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from nearer.accounts.models import User
from nearer.accounts.tests.test_accounts import SIGNUP
from nearer.tests.factories import PASSWORD, make_verified_user

OVERRIDES = [
    "\u202e",
    "\u202d",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
]


class CountingHasher(MD5PasswordHasher):
    """The suite's fast hasher, counting how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password: str, salt: str) -> str:
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("control", OVERRIDES)
def test_sign_up_refuses_a_name_with_a_direction_override(db, client, control) -> None:
    name = f"Sam{control}evil.exe"
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": name})
    assert response.status_code == 200
    assert "changes which way text runs" in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    # What the person typed is kept for them to correct.
    assert SIGNUP["email"] in response.content.decode()


def test_the_profile_refuses_it_too_and_keeps_the_old_name(client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(
        reverse("accounts:me"), {"display_name": "Al\u2067ex", "time_zone": "UTC"}
    )
    assert response.status_code == 200
    assert "changes which way text runs" in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.display_name == "Alex"


@pytest.mark.parametrize(
    "name", ["Noa 🌻", "نور", "דנה", "Zoë\u200fKim", "👩🏽\u200d🚀 Ada", "Li Wei 李伟"]
)
def test_names_in_any_script_with_emoji_and_marks_are_kept_exactly(client, partner_a, name):
    client.force_login(partner_a)
    response = client.post(reverse("accounts:me"), {"display_name": name, "time_zone": "UTC"})
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert partner_a.display_name == name


def test_control_characters_are_refused(client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(reverse("accounts:me"), {"display_name": "Al\x00ex", "time_zone": "UTC"})
    assert response.status_code == 200
    partner_a.refresh_from_db()
    assert partner_a.display_name == "Alex"


def test_a_taken_address_costs_sign_up_the_same_password_work(db, client, settings, mailoutbox):
    """The slow part of a new account is hashing the password; a taken address must pay it too,
    or the answer's speed tells whether someone has an account (timed in bench_signup.py)."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0
    assert client.post(reverse("account_signup"), SIGNUP).status_code == 302
    for_new = CountingHasher.calls
    assert for_new >= 1

    make_verified_user("Sam", "sam@example.com", password=PASSWORD)
    CountingHasher.calls = 0
    sent = len(mailoutbox)
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "sam@example.com"})
    # The same answer as for a new address, the same hashing, and no second account.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert CountingHasher.calls == for_new
    assert User.objects.filter(email="sam@example.com").count() == 1
    assert len(mailoutbox) == sent + 1  # the owner is told someone tried
    assert mailoutbox[-1].to == ["sam@example.com"]

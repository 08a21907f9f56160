"""Accounts: allauth sign-up, verification, sign-in and reset; the profile page; the password
hasher; the django-axes lockout; and words that never reach an email or a log line."""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid

import argon2
import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nearer.accounts.hashers import NearerArgon2PasswordHasher
from nearer.accounts.models import User
from nearer.questions.models import Answer
from nearer.soultalk.models import Talk
from nearer.tests.factories import PASSWORD, make_couple, make_verified_user

SIGNUP = {
    "email": "noa@example.com",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "display_name": "Noa 🌻",
    "time_zone": "Europe/Lisbon",
}
CONFIRM = re.compile(r"https?://[^/\s]+(/account/confirm-email/\S+)")
RESET = re.compile(r"https?://[^/\s]+(/account/password/reset/key/\S+)")


def _user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def _login(client, login: str, password: str, ip: str = "127.0.0.1"):
    return client.post(
        reverse("account_login"), {"login": login, "password": password}, REMOTE_ADDR=ip
    )


# --- Sign-up and email verification ------------------------------------------------------------
# `db` comes before `mailoutbox` in the arguments: the database fixture resets Django's outbox,
# so the fixture taken the other way round would hold a list that no longer receives mail.


def test_sign_up_sends_a_verification_email_and_keeps_the_details(db, client, mailoutbox):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="noa@example.com")
    assert (user.display_name, user.time_zone) == ("Noa 🌻", "Europe/Lisbon")
    assert user.check_password(PASSWORD)
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["noa@example.com"]
    assert mail.subject.startswith("Nearer: ")
    assert CONFIRM.search(mail.body)
    assert _user_id(client) is None


def test_an_unverified_account_cannot_be_used(db, client, mailoutbox) -> None:
    client.post(reverse("account_signup"), SIGNUP)
    assert client.get(reverse("questions:today"))["Location"].startswith(reverse("account_login"))
    other_browser = Client()
    response = _login(other_browser, "noa@example.com", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert _user_id(other_browser) is None
    assert other_browser.get(reverse("accounts:me")).status_code == 302


def test_the_confirmation_link_shows_a_page_then_confirms_and_signs_in(
    db, client, bank, mailoutbox
) -> None:
    client.post(reverse("account_signup"), SIGNUP)
    link = CONFIRM.search(mailoutbox[0].body)
    assert link
    path = link.group(1)

    page = client.get(path)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert not EmailAddress.objects.get(email="noa@example.com").verified  # GET changes nothing
    assert _user_id(client) is None

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("questions:today")
    address = EmailAddress.objects.get(email="noa@example.com")
    assert address.verified
    assert _user_id(client) == str(address.user_id)
    assert client.get(reverse("questions:today")).status_code == 200


def test_sign_up_with_an_unknown_time_zone_explains_and_keeps_the_rest(
    db, client, mailoutbox
) -> None:
    response = client.post(reverse("account_signup"), {**SIGNUP, "time_zone": "Mars/Olympus"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in body
    assert 'value="noa@example.com"' in body
    assert "Noa 🌻" in body
    assert not User.objects.filter(email="noa@example.com").exists()
    assert mailoutbox == []


# --- Sign-in, sign-out, password reset ---------------------------------------------------------


def test_sign_in_and_sign_out(client, db) -> None:
    alex = make_verified_user("Alex", "alex@example.com")
    wrong = _login(client, "alex@example.com", "not-the-password")
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    assert _user_id(client) is None

    response = _login(client, "alex@example.com", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("questions:today")
    assert _user_id(client) == str(alex.pk)

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _user_id(client) is None
    assert client.get(reverse("accounts:me")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(db, client, mailoutbox) -> None:
    make_verified_user("Alex", "alex@example.com")
    response = client.post(reverse("account_reset_password"), {"email": "alex@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alex@example.com"]
    link = RESET.search(mailoutbox[0].body)
    assert link

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new = "a-brand-new-lighthouse-42"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new, "password2": new},
    )
    assert done.status_code == 302
    assert User.objects.get(email="alex@example.com").check_password(new)
    assert _login(Client(), "alex@example.com", new).status_code == 302


def test_password_reset_for_an_unknown_address_sends_no_link(db, client, mailoutbox) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.status_code == 302  # the same answer: no way to tell who has an account
    assert not any(RESET.search(mail.body) for mail in mailoutbox)


# --- The profile page ----------------------------------------------------------------------------


def test_profile_page_shows_and_edits_name_and_time_zone(client, partner_a) -> None:
    client.force_login(partner_a)
    page = client.get(reverse("accounts:me")).content.decode()
    assert 'value="Alex"' in page
    assert '<option value="UTC" selected>' in page

    response = client.post(
        reverse("accounts:me"), {"display_name": "Alexandra 🌻", "time_zone": "Asia/Kolkata"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:me")
    partner_a.refresh_from_db()
    assert (partner_a.display_name, partner_a.time_zone) == ("Alexandra 🌻", "Asia/Kolkata")
    page = client.get(reverse("accounts:me")).content.decode()
    assert "Saved." in page
    assert '<option value="Asia/Kolkata" selected>' in page


def test_profile_unknown_time_zone_gets_a_clear_error_and_nothing_is_lost(
    client, partner_a
) -> None:
    client.force_login(partner_a)
    response = client.post(
        reverse("accounts:me"), {"display_name": "Alexandra 🌻", "time_zone": "Mars/Olympus"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in body
    assert 'value="Alexandra 🌻"' in body  # what they typed is still there
    partner_a.refresh_from_db()
    assert (partner_a.display_name, partner_a.time_zone) == ("Alex", "UTC")


def test_profile_needs_a_name(client, partner_a) -> None:
    client.force_login(partner_a)
    response = client.post(reverse("accounts:me"), {"display_name": "", "time_zone": "Asia/Tokyo"})
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert '<option value="Asia/Tokyo" selected>' in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.time_zone == "UTC"


def test_profile_is_for_signed_in_people(client) -> None:
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('accounts:me')}"
    assert client.post(reverse("accounts:me"), {"display_name": "x"}).status_code == 302


# --- The password hasher -------------------------------------------------------------------------


def test_hasher_is_argon2id_lighter_than_djangos_default_and_verifies() -> None:
    hasher = NearerArgon2PasswordHasher()
    encoded = hasher.encode("correct horse 🐎", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    params = argon2.extract_parameters(encoded.removeprefix("argon2"))
    assert params.type is argon2.Type.ID
    assert Argon2PasswordHasher.memory_cost == 102400  # Django's default, for comparison
    assert params.memory_cost < Argon2PasswordHasher.memory_cost
    assert (params.memory_cost, params.time_cost, params.parallelism) == (32768, 3, 2)
    assert hasher.verify("correct horse 🐎", encoded)
    assert not hasher.verify("correct horse", encoded)


def test_production_hashers_hash_with_it_and_upgrade_old_hashes(settings) -> None:
    settings.PASSWORD_HASHERS = [
        h for h in settings.PASSWORD_HASHERS if not h.endswith("MD5PasswordHasher")
    ]
    encoded = make_password("s3cret-enough")
    assert "$m=32768,t=3,p=2$" in encoded
    old = Argon2PasswordHasher().encode("s3cret-enough", Argon2PasswordHasher().salt())
    upgraded: list[str] = []
    assert check_password("s3cret-enough", old, setter=upgraded.append)
    assert upgraded == ["s3cret-enough"]  # re-hashed with the tuned parameters on next login


# --- django-axes: lockout by (username, IP) ------------------------------------------------------


@pytest.fixture
def alex_and_sam(db) -> tuple[User, User]:
    return make_verified_user("Alex", "alex@example.com"), make_verified_user(
        "Sam", "sam@example.com"
    )


def _fail_until_locked(ip: str = "10.0.0.1", login: str = "alex@example.com") -> Client:
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(attacker, login, "wrong-password-🙈", ip)
        assert _user_id(attacker) is None
    assert response.status_code in {200, 429}
    return attacker


def test_lockout_is_for_that_person_from_that_ip(alex_and_sam) -> None:
    alex, sam = alex_and_sam
    attacker = _fail_until_locked()

    locked = _login(attacker, "alex@example.com", PASSWORD, "10.0.0.1")
    assert locked.status_code == 429
    assert "Too many tries" in locked.content.decode()
    assert _user_id(attacker) is None
    # Same person typed differently: still the same lock.
    assert _login(Client(), "Alex@Example.com", PASSWORD, "10.0.0.1").status_code == 429

    elsewhere = Client()
    assert _login(elsewhere, "alex@example.com", PASSWORD, "10.0.0.2").status_code == 302
    assert _user_id(elsewhere) == str(alex.pk)

    same_house = Client()
    assert _login(same_house, "sam@example.com", PASSWORD, "10.0.0.1").status_code == 302
    assert _user_id(same_house) == str(sam.pk)


def test_one_short_of_the_limit_still_signs_in(alex_and_sam) -> None:
    browser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(browser, "alex@example.com", "wrong", "10.0.0.1")
    assert _login(browser, "alex@example.com", PASSWORD, "10.0.0.1").status_code == 302


def test_lockout_lifts_after_the_cool_off(alex_and_sam) -> None:
    start = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        _fail_until_locked()
        assert _login(Client(), "alex@example.com", PASSWORD, "10.0.0.1").status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert _login(Client(), "alex@example.com", PASSWORD, "10.0.0.1").status_code == 302


# --- Words never reach emails or logs ------------------------------------------------------------

WORDS = [
    "Ich habe Angst, dich zu verlieren 🕯️ 失去你",
    "Thank you for the soup when I was ill 🍲 спасибо",
    "Le jour du lac, je me suis senti chez moi 🏞️",
]
BAD_PASSWORD = "my-partners-birthday-🎂-0412"


def test_emails_and_logs_never_hold_what_a_person_wrote(
    db, client, bank, caplog, mailoutbox
) -> None:
    for name in ("", "django", "django.db.backends", "django.request", "axes", "nearer"):
        caplog.set_level(logging.DEBUG, logger=name)
    with CaptureQueriesContext(connection) as queries:  # every SQL query is logged too
        _journey(client, mailoutbox)

    # The journey really happened, and really was logged and mailed.
    assert Answer.objects.get(author__email="noa@example.com").text == WORDS[0]
    assert "questions_answer" in caplog.text
    assert "AXES" in caplog.text
    assert len(mailoutbox) >= 2

    logged = caplog.text + "\n".join(repr(r.args) for r in caplog.records)
    logged += "\n".join(q["sql"] for q in queries.captured_queries)
    mailed = "\n".join(f"{m.subject}\n{m.body}" for m in mailoutbox)
    for secret in [*WORDS, BAD_PASSWORD, PASSWORD]:
        for fragment in (secret, secret[:16]):
            assert fragment not in logged, f"{fragment!r} was logged"
            assert fragment not in mailed, f"{fragment!r} was emailed"


def _journey(client, mailoutbox) -> None:
    """Sign up, link, answer, respond, keep a line, mistype a password, reset it."""
    client.post(reverse("account_signup"), SIGNUP)
    link = CONFIRM.search(mailoutbox[0].body)
    assert link
    client.post(link.group(1))
    noa = User.objects.get(email="noa@example.com")
    sam = make_verified_user("Sam", "sam.words@example.com")
    make_couple(noa, sam)
    _login(Client(), "noa@example.com", BAD_PASSWORD, "10.0.0.9")

    daily = client.get(reverse("questions:today")).context["daily"]
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": WORDS[0]})
    client.post(
        reverse("questions:answer", args=[daily.pk]),
        {"text": WORDS[0] * 400},  # too long: the error path logs a 422
        HTTP_HX_REQUEST="true",
    )
    client.force_login(sam)
    client.post(reverse("questions:answer", args=[daily.pk]), {"text": "Sam’s answer"})
    client.post(
        reverse("questions:respond", args=[daily.pk]),
        {
            "answer": Answer.objects.get(author=noa).pk,
            "text": WORDS[1],
            "nonce": str(uuid.uuid4()),
        },
    )
    client.post(reverse("soultalk:begin"), {"minutes": 15, "cards": 3})
    client.post(
        reverse("soultalk:done", args=[Talk.objects.get().pk]), {"text": WORDS[2], "shared": "on"}
    )
    client.post(reverse("account_reset_password"), {"email": "noa@example.com"})

"""Invitation by link: single use, 7 days, revocable, one couple per person, shown once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from nearer.couples import operations
from nearer.couples.models import Couple, Invitation, Membership
from nearer.questions import operations as questions
from nearer.questions.models import Answer
from nearer.tests.factories import make_daily, make_user

LINK = re.compile(r"https?://[^\"'\s]+/join/([A-Za-z0-9_-]+)/")
START = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def alex(db):
    return make_user("Alex", email="alex.inviter@example.com")


@pytest.fixture
def newcomer(db):
    return make_user("Noa", email="noa@example.com")


def _invite(client, user) -> str:
    """Create a link through the partner page, as a person would; returns the token."""
    client.force_login(user)
    response = client.post(reverse("couples:invite"))
    assert response.status_code == 302
    assert response["Location"] == reverse("couples:partner")
    page = client.get(reverse("couples:partner"))
    match = LINK.search(page.content.decode())
    assert match, "the partner page shows the new link"
    return match.group(1)


def _join_url(token: str) -> str:
    return reverse("couples:join", args=[token])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _active(user) -> list[Membership]:
    return list(Membership.objects.active().filter(user=user))


# --- Creating and showing the link -----------------------------------------------------------


def test_the_partner_page_shows_the_link_once(client, alex) -> None:
    token = _invite(client, alex)
    again = client.get(reverse("couples:partner")).content.decode()
    assert token not in again
    assert "we only show its link once" in again
    assert "Cancel this link" in again  # the open invitation can still be cancelled
    assert Invitation.objects.pending().from_user(alex).count() == 1


def test_only_the_tokens_hash_is_stored(client, alex) -> None:
    token = _invite(client, alex)
    invitation = Invitation.objects.from_user(alex).get()
    assert invitation.token_hash != token
    assert not Invitation.objects.filter(token_hash__contains=token[:16]).exists()
    assert Invitation.objects.by_token(token).get() == invitation


def test_a_new_link_revokes_the_previous_one(client, alex, newcomer) -> None:
    first = _invite(client, alex)
    second = _invite(client, alex)
    assert first != second
    assert Invitation.objects.pending().from_user(alex).count() == 1
    client.force_login(newcomer)
    old = client.get(_join_url(first))
    assert old.status_code == 400
    assert "was cancelled" in old.content.decode()
    assert client.post(_join_url(first)).status_code == 400
    assert operations.partner_of(newcomer) is None
    client.post(_join_url(second))
    assert operations.partner_of(newcomer) == alex


def test_a_linked_person_cannot_create_a_link(client, partner_a, partner_b) -> None:
    client.force_login(partner_a)
    response = client.post(reverse("couples:invite"), follow=True)
    assert "already linked" in response.content.decode()
    assert not Invitation.objects.pending().exists()


# --- Accepting ---------------------------------------------------------------------------------


def test_accepting_links_the_two_accounts(client, alex, newcomer) -> None:
    token = _invite(client, alex)
    solo_space = operations.space_of(newcomer)
    client.force_login(newcomer)
    page = client.get(_join_url(token))
    assert page.status_code == 200
    assert "Alex would like to share Nearer with you" in page.content.decode()
    assert "Link with Alex" in page.content.decode()

    response = client.post(_join_url(token))
    assert response.status_code == 302
    assert response["Location"] == reverse("questions:today")
    assert operations.partner_of(newcomer) == alex
    assert operations.partner_of(alex) == newcomer
    assert operations.space_of(newcomer) == operations.space_of(alex)
    invitation = Invitation.objects.from_user(alex).get()
    assert invitation.accepted_by == newcomer
    assert invitation.status == "used"
    # The newcomer moved: one active space each, the old solo one left behind.
    assert [m.couple for m in _active(newcomer)] == [operations.space_of(alex)]
    assert Membership.objects.get(user=newcomer, couple=solo_space).left_at is not None


def test_words_from_a_solo_space_stay_private_after_joining(client, bank, alex, newcomer) -> None:
    private = questions.save_answer(
        user=newcomer, daily=make_daily(newcomer), text="Noa alone 🌒 before Alex"
    )
    token = _invite(client, alex)
    client.force_login(newcomer)
    client.post(_join_url(token))
    assert not Answer.objects.visible_to(alex).filter(pk=private.pk).exists()
    assert Answer.objects.visible_to(newcomer).filter(pk=private.pk).exists()


def test_double_submitting_accept_creates_one_membership(client, alex, newcomer) -> None:
    token = _invite(client, alex)
    client.force_login(newcomer)
    first = client.post(_join_url(token))
    second = client.post(_join_url(token))
    assert first.status_code == 302
    # The second click lands on the same place, not on an error page.
    assert second.status_code == 302
    assert second["Location"] == reverse("questions:today")
    couple = operations.space_of(alex)
    assert Membership.objects.filter(couple=couple).count() == 2
    assert Membership.objects.filter(couple=couple, user=newcomer).count() == 1
    assert len(_active(newcomer)) == 1


def test_a_used_link_tells_a_third_person_clearly(client, alex, newcomer) -> None:
    token = _invite(client, alex)
    client.force_login(newcomer)
    client.post(_join_url(token))
    third = make_user("Lee", email="lee@example.com")
    client.force_login(third)
    for response in (client.get(_join_url(token)), client.post(_join_url(token))):
        assert response.status_code == 400
        assert "already been used" in response.content.decode()
    assert operations.partner_of(third) is None
    assert operations.partner_of(alex) == newcomer
    assert Membership.objects.filter(couple=operations.space_of(alex)).count() == 2


def test_a_used_link_tells_an_anonymous_visitor_too(client, alex, newcomer) -> None:
    token = _invite(client, alex)
    client.force_login(newcomer)
    client.post(_join_url(token))
    client.logout()
    response = client.get(_join_url(token))
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert "pending_invite" not in client.session


def test_own_invitation_is_refused(client, alex) -> None:
    token = _invite(client, alex)
    for response in (client.get(_join_url(token)), client.post(_join_url(token))):
        assert response.status_code == 400
        assert "your own invitation" in response.content.decode()
    assert Invitation.objects.from_user(alex).get().status == "pending"
    assert Membership.objects.filter(couple=operations.space_of(alex)).count() == 1


def test_an_already_linked_person_is_refused(client, alex, outsider) -> None:
    token = _invite(client, alex)
    robins = operations.space_of(outsider)
    client.force_login(outsider)
    for response in (client.get(_join_url(token)), client.post(_join_url(token))):
        assert response.status_code == 400
        assert "already linked with a partner" in response.content.decode()
    assert operations.space_of(outsider) == robins
    partner = operations.partner_of(outsider)
    assert partner is not None
    assert partner.display_name == "Kai"
    assert Invitation.objects.from_user(alex).get().status == "pending"


def test_an_unknown_link_gets_a_clear_message(client, newcomer) -> None:
    client.force_login(newcomer)
    response = client.get(_join_url("not-a-real-token"))
    assert response.status_code == 400
    assert "couldn’t find that invitation" in response.content.decode()


def test_a_person_is_in_at_most_one_space(alex, newcomer) -> None:
    operations.space_of(newcomer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(couple=operations.space_of(alex), user=newcomer)
    assert len(_active(newcomer)) == 1


def test_a_space_takes_no_third_member(client, alex, newcomer) -> None:
    """Even an old link forced open again cannot add a third person to a couple."""
    stale, stale_token = operations.invite_partner(inviter=alex)
    _fresh, token = operations.invite_partner(inviter=alex)
    operations.accept_invitation(token=token, user=newcomer)
    Invitation.objects.filter(pk=stale.pk).update(revoked_at=None)
    third = make_user("Lee", email="lee@example.com")
    client.force_login(third)
    response = client.post(_join_url(stale_token))
    assert response.status_code == 400
    assert "can no longer be used" in response.content.decode()
    assert Membership.objects.active().filter(couple=operations.space_of(alex)).count() == 2
    assert operations.partner_of(third) is None


# --- Expiry and revoking -------------------------------------------------------------------------


def test_a_link_expires_after_7_days(client, alex, newcomer) -> None:
    with time_machine.travel(START, tick=False):
        token = _invite(client, alex)
    client.force_login(newcomer)
    with time_machine.travel(START + dt.timedelta(days=7) - dt.timedelta(minutes=1), tick=False):
        assert client.get(_join_url(token)).status_code == 200
    with time_machine.travel(START + dt.timedelta(days=7, seconds=1), tick=False):
        for response in (client.get(_join_url(token)), client.post(_join_url(token))):
            assert response.status_code == 400
            assert "has expired" in response.content.decode()
        client.force_login(alex)
        assert "Cancel this link" not in client.get(reverse("couples:partner")).content.decode()
    assert operations.partner_of(newcomer) is None


def test_a_link_can_be_revoked(client, alex, newcomer) -> None:
    token = _invite(client, alex)
    invitation = Invitation.objects.from_user(alex).get()
    response = client.post(reverse("couples:revoke", args=[invitation.pk]))
    assert response.status_code == 302
    assert "The invitation link no longer works." in _messages(response)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "Cancel this link" not in client.get(reverse("couples:partner")).content.decode()
    client.force_login(newcomer)
    for response in (client.get(_join_url(token)), client.post(_join_url(token))):
        assert response.status_code == 400
        assert "was cancelled" in response.content.decode()
    assert operations.partner_of(newcomer) is None


def test_no_one_can_revoke_someone_elses_invitation(client, alex, outsider, newcomer) -> None:
    _invite(client, alex)
    invitation = Invitation.objects.from_user(alex).get()
    for person in (outsider, newcomer):
        client.force_login(person)
        response = client.post(reverse("couples:revoke", args=[invitation.pk]), follow=True)
        assert response.status_code == 200
        assert "no longer open" in response.content.decode()
        invitation.refresh_from_db()
        assert invitation.status == "pending"


# --- Anonymous visitors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "couples:partner"),
        ("post", "couples:invite"),
        ("post", "couples:revoke"),
        ("get", "couples:unlink"),
        ("post", "couples:unlink"),
    ],
)
def test_anonymous_is_sent_to_login(client, alex, partner_a, partner_b, method, name) -> None:
    operations.invite_partner(inviter=alex)
    invitation = Invitation.objects.from_user(alex).get()
    url = reverse(name, args=[invitation.pk]) if name == "couples:revoke" else reverse(name)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('account_login')}?next=")
    assert Invitation.objects.from_user(alex).count() == 1
    assert Invitation.objects.from_user(alex).get().status == "pending"
    assert operations.partner_of(partner_a) == partner_b


def test_anonymous_sees_the_invitation_and_accepting_needs_an_account(client, alex) -> None:
    _, token = operations.invite_partner(inviter=alex)
    page = client.get(_join_url(token))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Alex would like to share Nearer with you" in body
    assert f"{reverse('account_signup')}?next=" in body
    assert client.session["pending_invite"] == token

    response = client.post(_join_url(token))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={_join_url(token)}"
    assert Invitation.objects.from_user(alex).get().status == "pending"


def test_the_link_is_remembered_through_sign_in_and_offered_once(
    client, bank, alex, newcomer
) -> None:
    _, token = operations.invite_partner(inviter=alex)
    client.get(_join_url(token))
    client.force_login(newcomer)
    first = client.get(reverse("questions:today"))
    assert first.status_code == 302
    assert first["Location"] == _join_url(token)
    assert "pending_invite" not in client.session
    assert client.get(reverse("questions:today")).status_code == 200  # only once
    assert operations.partner_of(newcomer) is None  # nothing happens without their consent


def test_the_link_is_remembered_through_sign_up_and_email_verification(
    db, client, bank, alex, mailoutbox
) -> None:
    _, token = operations.invite_partner(inviter=alex)
    client.get(_join_url(token))
    signup = client.post(
        f"{reverse('account_signup')}?next={_join_url(token)}",
        {
            "email": "noa.new@example.com",
            "password1": "quiet-harbour-lantern-7",
            "password2": "quiet-harbour-lantern-7",
            "display_name": "Noa",
            "time_zone": "Europe/Lisbon",
        },
    )
    assert signup.status_code == 302
    assert len(mailoutbox) == 1
    path = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+)", mailoutbox[0].body)
    assert path
    confirmed = client.post(path.group(1), follow=True)
    # Signed in now, and taken straight back to the invitation, which waits for their click.
    assert confirmed.redirect_chain[-1][0] == _join_url(token)
    assert "Link with Alex" in confirmed.content.decode()
    assert client.session["pending_invite"] == token
    client.post(_join_url(token))
    noa = Membership.objects.active().get(user__email="noa.new@example.com").user
    assert operations.partner_of(noa) == alex
    assert noa.display_name == "Noa"
    assert "pending_invite" not in client.session
    assert client.get(reverse("questions:today")).status_code == 200


def test_pending_invite_is_forgotten_when_the_link_no_longer_works(
    client, bank, alex, newcomer
) -> None:
    _, token = operations.invite_partner(inviter=alex)
    client.get(_join_url(token))
    Invitation.objects.update(revoked_at=timezone.now())
    client.force_login(newcomer)
    assert client.get(reverse("questions:today"))["Location"] == _join_url(token)
    assert client.get(_join_url(token)).status_code == 400
    assert client.get(reverse("questions:today")).status_code == 200
    assert Couple.objects.filter(memberships__user=newcomer).count() == 1


def test_an_error_on_an_invitation_page_logs_no_token(
    client, partner_a, caplog, monkeypatch
) -> None:
    import logging

    from nearer.couples import operations as couples_ops

    _invitation, token = couples_ops.invite_partner(inviter=partner_a)
    caplog.set_level(logging.DEBUG)

    def broken(*args, **kwargs):
        raise RuntimeError("something went wrong")

    monkeypatch.setattr("nearer.couples.operations.check_invitation", broken)
    client.raise_request_exception = False
    assert client.get(f"/join/{token}/").status_code == 500
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/join/[redacted]/" in logged
    assert token not in logged

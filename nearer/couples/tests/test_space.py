"""The couple at the ground floor: everyone has a space from the start, a request reads it once,
and reading it never writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nearer.accounts.models import User
from nearer.couples import operations
from nearer.couples.models import Couple, Membership
from nearer.couples.space import partner_of, read_space, space_of
from nearer.rituals.models import Ritual
from nearer.rituals.operations import add_ritual
from nearer.tests.factories import make_couple, make_user


def _membership_reads(queries: list[dict[str, str]]) -> list[str]:
    """Queries that read whole membership rows (a space), not a subquery or a list of ids."""
    return [q["sql"] for q in queries if q["sql"].startswith('SELECT "couples_membership"."id"')]


def test_a_new_account_has_a_solo_space_at_once(db) -> None:
    person = make_user("Noor")
    memberships = list(Membership.objects.filter(user=person))
    assert len(memberships) == 1
    assert memberships[0].left_at is None
    assert read_space(person).couple == memberships[0].couple
    assert read_space(person).partner is None


def test_reading_pages_makes_no_space(client, bank) -> None:
    person = make_user("Noor")
    couples_before = Couple.objects.count()
    client.force_login(person)
    for name in ("questions:today", "couples:partner", "accounts:me", "rituals:index"):
        assert client.get(reverse(name)).status_code == 200
    assert Couple.objects.count() == couples_before
    assert Membership.objects.filter(user=person).count() == 1


def test_an_account_written_without_its_space_gets_one_when_first_read(db) -> None:
    """Rows written directly (bulk loading) skip the signal; the first read repairs that."""
    person = User.objects.bulk_create([User(email="bulk@example.com", display_name="Bulk")])[0]
    assert not Membership.objects.filter(user=person).exists()
    couple = space_of(person)
    assert Membership.objects.active().get(user=person).couple == couple


def test_space_and_partner_in_one_query(partner_a, partner_b) -> None:
    with CaptureQueriesContext(connection) as queries:
        space = read_space(partner_a)
    assert len(queries) == 1
    assert space.partner == partner_b
    assert space.shared
    assert read_space(partner_b).couple == space.couple


@pytest.mark.parametrize("url_name", ["questions:today", "couples:partner", "accounts:me"])
def test_a_request_reads_the_space_once(client, partner_a, partner_b, bank, url_name) -> None:
    client.force_login(partner_a)
    client.get(reverse(url_name))  # the day's question is chosen on the first visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response.context["request"].space.partner == partner_b
    assert len(_membership_reads(queries.captured_queries)) == 1


def test_space_of_and_partner_of_answer_from_the_request(rf, partner_a, partner_b) -> None:
    from nearer.couples.space import SpaceMiddleware

    request = rf.get("/")
    request.user = User.objects.get(pk=partner_a.pk)
    SpaceMiddleware(lambda r: HttpResponse())(request)
    with CaptureQueriesContext(connection) as queries:
        assert request.space.partner == partner_b
        assert space_of(request.user) == request.space.couple
        assert partner_of(request.user) == partner_b
    assert len(queries) == 1


def test_linking_and_unlinking_forget_the_remembered_space(rf, partner_a, partner_b) -> None:
    from nearer.couples.space import SpaceMiddleware

    request = rf.get("/")
    request.user = User.objects.get(pk=partner_a.pk)
    SpaceMiddleware(lambda r: HttpResponse())(request)
    shared = space_of(request.user)
    operations.unlink(user=request.user)
    assert space_of(request.user) != shared
    assert partner_of(request.user) is None


def test_space_queryset_owner_partner_other_couple_and_anonymous(partner_a, partner_b) -> None:
    from django.contrib.auth.models import AnonymousUser

    ritual = add_ritual(user=partner_a, title="Tea at seven", idea_key="", days=[0], time=None)
    other = make_user("Robin")
    make_couple(other, make_user("Kai"))
    assert list(Ritual.objects.in_space_of(partner_a)) == [ritual]
    assert list(Ritual.objects.in_space_of(partner_b)) == [ritual]
    assert list(Ritual.objects.in_space_of(other)) == []
    assert list(Ritual.objects.in_space_of(AnonymousUser())) == []
    operations.unlink(user=partner_b)
    assert list(Ritual.objects.in_space_of(partner_b)) == []


def test_the_space_carries_both_memberships_in_the_same_query(partner_a, partner_b, solo) -> None:
    Membership.objects.active().filter(user=partner_b).update(ready_for_deeper=True)
    with CaptureQueriesContext(connection) as queries:
        alex, sam = read_space(partner_a), read_space(partner_b)
    assert len(queries) == 2
    assert [m.user for m in alex.memberships] == [partner_a, partner_b]  # their own first
    assert [m.user for m in sam.memberships] == [partner_b, partner_a]
    assert {m.couple_id for m in alex.memberships} == {alex.couple.pk}
    assert not alex.ready_for_deeper
    assert sam.ready_for_deeper
    alone = read_space(solo)
    assert [m.user for m in alone.memberships] == [solo]
    assert not alone.ready_for_deeper

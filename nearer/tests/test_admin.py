"""Operators administer accounts but never see anyone's words in the admin."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.urls import reverse

from nearer.accounts.tests.sealed_rows import opened, strings, write_one_of_each
from nearer.lib.practices import sealed_models  # as each practice declares them
from nearer.questions import operations
from nearer.questions.models import Answer
from nearer.tests.factories import make_user

WORDS = "Only for my partner’s eyes 🌙"


def test_no_model_holding_words_is_in_the_admin() -> None:
    assert Answer in sealed_models()
    for model in sealed_models():
        assert model not in admin.site._registry, model


def test_admin_pages_never_show_words(client, bank, partner_a, partner_b) -> None:
    from nearer.couples.space import space_of

    daily = operations.daily_question(
        couple=space_of(partner_a),
        date=dt.date(2026, 5, 1),
    )
    operations.save_answer(user=partner_a, daily=daily, text=WORDS)
    operations.save_answer(user=partner_b, daily=daily, text=WORDS + " too")
    operator = make_user("Operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    for name in admin.site._registry:
        info = (name._meta.app_label, name._meta.model_name)
        listing = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert listing.status_code == 200
        assert "partner’s eyes" not in listing.content.decode()
    for obj in (daily, partner_a, space_of(partner_a)):
        info = (obj._meta.app_label, obj._meta.model_name)
        page = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        assert page.status_code == 200
        assert "partner’s eyes" not in page.content.decode()


def test_admin_pages_never_show_any_sealed_words(client, bank, partner_a, partner_b) -> None:
    rows = write_one_of_each(partner_a, partner_b)
    assert {type(row) for row in rows} == set(sealed_models())
    words = [
        text
        for row in rows
        for value in opened(type(row)._default_manager.get(pk=row.pk)).values()
        for text in strings(value)
        if text
    ]
    operator = make_user("Operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages = [reverse("admin:{}_{}_changelist".format(*info))]
        pages += [
            reverse("admin:{}_{}_change".format(*info), args=[pk])
            for pk in model._default_manager.order_by("-pk").values_list("pk", flat=True)[:3]
        ]
        for url in pages:
            page = client.get(url)
            assert page.status_code == 200, url
            content = page.content.decode()
            for text in words:
                assert text not in content, (url, text)

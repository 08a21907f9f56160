from collections.abc import Mapping

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return True


def lockout_username(request: HttpRequest, credentials: Mapping[str, object] | None) -> str | None:
    """The account django-axes counts failed logins against (with the IP address).

    allauth passes the address as `email`; axes itself passes `login` on success; the form posts
    `login`; anything calling Django's `authenticate(username=...)` (the user model's username
    field is the email) passes `username`. Every path keys the same way, lower-cased, so "Alex@…"
    and "alex@…" are the same person wherever they were typed.
    """
    credentials = credentials or {}
    post = getattr(request, "POST", {}) if request is not None else {}
    login = (
        credentials.get("email")
        or credentials.get("login")
        or credentials.get("username")
        or post.get("login")
        or post.get("username")
    )
    if not login:
        return None
    return str(login).strip().lower() or None

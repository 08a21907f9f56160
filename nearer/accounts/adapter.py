from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: object) -> bool:
        return True


def lockout_username(request: HttpRequest, credentials: dict[str, object] | None) -> str | None:
    """The account django-axes counts failed logins against (with the IP address).

    allauth passes the address as `email`; axes itself passes `login` on success; the form posts
    `login`. Lower-cased, so "Alex@…" and "alex@…" are the same person.
    """
    credentials = credentials or {}
    login = credentials.get("email") or credentials.get("login") or request.POST.get("login")
    if not login:
        return None
    return str(login).strip().lower() or None

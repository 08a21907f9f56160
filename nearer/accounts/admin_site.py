"""The operators' admin, reached only through Nearer's own sign-in.

Django's admin has a password form of its own. Guessing passwords there went around the
sign-in lockout (docs/decisions/0006), so the admin keeps no sign-in of its own: its login page
sends people to the normal sign-in, which the lockout covers, and someone signed in who is not
staff gets the ordinary "not found" page rather than a hint that an admin exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class NearerAdminSite(AdminSite):
    site_header = "Nearer administration"
    site_title = "Nearer administration"

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        index = reverse("admin:index", current_app=self.name)
        wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            wanted = index
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect(wanted)
            raise Http404
        return redirect_to_login(wanted, login_url=reverse("account_login"))

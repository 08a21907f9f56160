"""The sign-up form (allauth's, with `forms.SignupDetailsForm` as its base for the extra fields).

A module of its own: allauth builds its sign-up form on `SignupDetailsForm`, so a subclass of
allauth's form cannot live in the module allauth imports for that base.
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse

from nearer.lib.crypto import generate_key


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, taking as long for a taken address as for a new one.

    With a taken address allauth only emails the owner; it skipped hashing the password, the slow
    part of making an account, so the answer came back several times faster and told anyone
    timing it that the address has an account. Hashing it anyway (and throwing the hash away)
    does the same slow work on both paths (scripts/bench_signup.py measures the two).
    """

    def try_save(self, request: HttpRequest) -> tuple[AbstractBaseUser | None, HttpResponse | None]:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
            generate_key()  # a new account's data key, never stored
        result: tuple[AbstractBaseUser | None, HttpResponse | None] = super().try_save(request)
        return result

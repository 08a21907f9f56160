"""The real URLs plus a few that fail on purpose, for the error page tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from nearer.urls import urlpatterns as site

SECRET = "Sam’s words about the hospital night"


def bad(request: HttpRequest) -> HttpResponse:
    raise BadRequest(SECRET)


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET)


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


urlpatterns = [
    path("fails/bad/", bad),
    path("fails/forbidden/", forbidden),
    path("fails/broken/", broken),
    *site,
]

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class TimezoneMiddleware:
    """Show times in the signed-in person's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Nothing Nearer serves to a signed-in person may be kept by a browser or a proxy.

    After signing out or a quick exit on a shared device, the back button or the cache must not
    bring back a partner's words. Signed-in responses always get `Cache-Control: no-store`
    (whatever a view set); pages for people not signed in get it too unless their view chose a
    policy of its own (the calendar feed, which calendar apps fetch without a session). Static
    files never reach this middleware (WhiteNoise answers them first).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        response = self.get_response(request)
        user = getattr(request, "user", None)  # signing in or out replaces it
        signed_in = signed_in or bool(user is not None and user.is_authenticated)
        if signed_in or not response.has_header("Cache-Control"):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            add_never_cache_headers(response)
        return response

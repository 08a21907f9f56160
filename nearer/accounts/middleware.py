import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from nearer.lib.proxies import TrustedProxies


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
        response = self.get_response(request)
        user = getattr(request, "user", None)  # after the view: signing in or out replaces it
        signed_in = user is not None and user.is_authenticated
        if signed_in or not response.has_header("Cache-Control"):
            del response["Cache-Control"]  # a view's own policy yields, when signed in
            add_never_cache_headers(response)
        return response


class ClientAddressMiddleware:
    """Behind a trusted proxy, the person's own address is the one the proxy saw.

    Every request through a TLS proxy arrives from the proxy's address. The sign-in lockout
    (django-axes, keyed on account and address) and allauth's per-address limits would then
    treat everyone as one person: anyone could lock an account for everybody. When the request
    comes from an address in NEARER_TRUSTED_PROXIES, REMOTE_ADDR becomes the nearest address in
    X-Forwarded-For that is not itself a trusted proxy (with "*", the one the last proxy added).
    From anyone else the header means nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.proxies = TrustedProxies.parse(settings.NEARER_TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and self.proxies.trusts(request.META.get("REMOTE_ADDR", "")):
            hops = [hop.strip() for hop in forwarded.split(",")]
            if self.proxies.anyone:
                hops = hops[-1:]
            for hop in reversed(hops):
                try:
                    ipaddress.ip_address(hop)
                except ValueError:
                    break  # not an address: believe nothing further along
                request.META["REMOTE_ADDR"] = hop
                if not self.proxies.trusts(hop):
                    break
        return self.get_response(request)

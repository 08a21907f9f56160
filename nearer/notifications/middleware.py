from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .operations import mark_seen


class SeenMiddleware:
    """Opening the page a notification points to counts as having seen it, so "Waiting for
    you" never lists something the person has already dealt with."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
            and not getattr(request, "htmx", False)
        ):
            mark_seen(user=user, path=request.path)
        return response

from django.http import HttpRequest

from nearer.lib import practices


def nearer(request: HttpRequest) -> dict[str, object]:
    """The tab of the main navigation this page belongs to, as its app's practice declares."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"nav_tab": ""}
    if match.url_name == "practices" and not match.namespace:
        return {"nav_tab": "practices"}
    return {"nav_tab": practices.tab_of(match.namespace or "")}

from django.http import HttpRequest


def nearer(request: HttpRequest) -> dict[str, object]:
    match = getattr(request, "resolver_match", None)
    return {"nav_section": getattr(match, "namespace", "") if match else ""}

"""System checks for how the site is reached (run by `nearer check --deploy` and `nearer serve`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def https_without_trusted_proxy(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """An https address served through a TLS proxy that nobody trusts never looks secure."""
    if not settings.SITE_URL.startswith("https") or settings.NEARER_TRUSTED_PROXIES:
        return []
    return [
        checks.Warning(
            "NEARER_SITE_URL is https but no proxy is trusted, so every request looks like "
            "plain http: no HSTS header is sent, and with NEARER_SSL_REDIRECT on every request "
            "is redirected again and again.",
            hint=(
                "Set NEARER_TRUSTED_PROXIES to the address of the proxy that terminates TLS "
                "(it must set X-Forwarded-Proto)."
            ),
            id="nearer.W001",
        )
    ]

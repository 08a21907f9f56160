"""Which addresses are trusted proxies (NEARER_TRUSTED_PROXIES): read once, asked by both the
server (gunicorn believes their X-Forwarded-Proto) and Django (their X-Forwarded-For)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class TrustedProxies:
    anyone: bool  # "*": every address is a proxy
    networks: tuple[Network, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> TrustedProxies:
        """IP addresses or networks, or "*"; ValueError names an entry that is neither."""
        anyone, networks = False, []
        for entry in entries:
            if entry == "*":
                anyone = True
                continue
            try:
                networks.append(ipaddress.ip_network(entry))
            except ValueError:
                raise ValueError(
                    f"NEARER_TRUSTED_PROXIES: {entry!r} is not an IP address or network "
                    "(e.g. 127.0.0.1, 10.0.0.0/8), nor *."
                ) from None
        return cls(anyone, tuple(networks))

    def trusts(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return self.anyone or any(ip in network for network in self.networks)

"""The client's address behind reverse proxies: one rule, applied once for the whole app.

X-Forwarded-For is believed only when the connection comes from a configured proxy, and then
only as far as the proxies go: the client is the rightmost entry that is not itself a proxy,
which is the address the outermost trusted proxy saw. Entries to its left were written by the
client and prove nothing (nginx appends to whatever header the client sent).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(spec: str) -> tuple[Network, ...]:
    """Parse a comma-separated list of proxy addresses or networks ("172.28.0.10, ::1")."""
    networks = []
    for item in spec.split(","):
        if not item.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(
                f"{item.strip()!r} is not a proxy address or network (a wildcard would let "
                "any client choose the address the rate limits count)"
            ) from exc
    return tuple(networks)


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str, forwarded_for: str, trusted: Sequence[Network]) -> str:
    """The client's address: `peer` itself unless it is a trusted proxy, else the rightmost
    X-Forwarded-For entry that is not a trusted proxy."""
    if not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if _is_trusted(hop, trusted):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            return peer  # a proxy wrote garbage there: it is the last address we can vouch for
    return hops[0] if hops else peer


class ClientAddress:
    """Pure ASGI middleware: set scope["client"] to the client's address by the rule above,
    in place, so the routes, the rate limits and the server's access log all see it."""

    def __init__(self, app: ASGIApp, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite the client of HTTP requests that came through a trusted proxy."""
        client = scope.get("client")
        if scope["type"] == "http" and client and self.trusted:
            forwarded = Headers(scope=scope).get("x-forwarded-for", "")
            address = client_address(client[0], forwarded, self.trusted)
            if address != client[0]:
                scope["client"] = (address, client[1])
        await self.app(scope, receive, send)

"""Where the broker is: the nodes of an ``AMQP_URI`` and py-amqp's arguments for one of them."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlparse


def broker_uris(amqp_uri: str) -> list[str]:
    """``amqp://a:5672/;amqp://b:5672/``: the brokers of one cluster, tried in turn (the
    failover syntax kombu, hence nameko's consumers, already accept)."""
    return [uri.strip() for uri in amqp_uri.split(";") if uri.strip()]


def connection_params(amqp_uri: str) -> dict[str, Any]:
    """py-amqp keyword arguments for an ``amqp://user:pass@host:port/vhost`` URI."""
    parts = urlparse(amqp_uri)
    vhost = unquote(parts.path[1:]) if len(parts.path) > 1 else "/"
    return {
        "host": f"{parts.hostname or 'localhost'}:{parts.port or 5672}",
        "userid": unquote(parts.username or "guest"),
        "password": unquote(parts.password or "guest"),
        "virtual_host": vhost,
    }

"""The image's HEALTHCHECK: ``python -m web_api.healthcheck`` exits 0 when the container's
service answers ``GET /health`` with 200, else 1 (Docker counts it unhealthy).

The address is ``HEALTHCHECK_URL`` when set, else the one ``<SVC>_HTTP_ADDRESS`` variable the
container is given (docker-compose.yml sets it for each service): ``0.0.0.0:8001`` is asked as
``http://127.0.0.1:8001/health``."""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping

TIMEOUT_SECONDS = 3.0


def health_url(environ: Mapping[str, str]) -> str:
    """The URL to ask; ``ValueError`` when the environment names no single address."""
    if environ.get("HEALTHCHECK_URL"):
        return environ["HEALTHCHECK_URL"]
    addresses = sorted({v for k, v in environ.items() if k.endswith("_HTTP_ADDRESS") and v})
    if len(addresses) != 1:
        raise ValueError(f"set HEALTHCHECK_URL: found {len(addresses)} *_HTTP_ADDRESS variables")
    host, _, port = addresses[0].rpartition(":")
    if host in ("", "0.0.0.0", "*"):
        host = "127.0.0.1"
    elif host in ("::", "[::]"):
        host = "[::1]"
    return f"http://{host}:{int(port)}/health"


def healthy(url: str, timeout: float = TIMEOUT_SECONDS) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (our own URL)
            return int(response.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def main(environ: Mapping[str, str] | None = None) -> int:
    try:
        url = health_url(os.environ if environ is None else environ)
    except ValueError as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 1
    if healthy(url):
        return 0
    print(f"healthcheck: {url} did not answer 200", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

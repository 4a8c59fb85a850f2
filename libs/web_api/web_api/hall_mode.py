"""Development mode, and the secrets every service refuses outside it.

``HALL_MODE=development`` (set by ``make up`` and by the test stacks, nowhere else) lets a service
run on the secrets published in this repository: the tokens of ``deploy/access/dev-tokens.json``,
the ``COMPLAINANT_KEY`` default of complaints' config.yml, notify's ``dev-service-notify`` and
its SMS gateway's ``dev-sms-key``, and notify's login to a mail relay without TLS. In
any other mode (config.yml's default is ``production``) a service refuses them, and refuses to
run without them, at start: the dependency's ``setup`` logs one CRITICAL line naming the setting
and raises ``UnsafeSecret``, so ``nameko run`` exits non-zero before it serves anything.
How to create real ones: ``deploy/access/README.md``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

HALL_MODE_KEY = "HALL_MODE"
DEVELOPMENT = "development"
DEV_TOKENS_PATH = Path("deploy") / "access" / "dev-tokens.json"
DEV_SERVICE_TOKEN = "dev-service-notify"


class UnsafeSecret(RuntimeError):
    """A secret missing, or one whose value is public, outside development mode: no start."""


def mode(config: Mapping[str, Any]) -> str:
    return str(config.get(HALL_MODE_KEY) or "").strip().lower() or "production"


def is_development(config: Mapping[str, Any]) -> bool:
    return mode(config) == DEVELOPMENT


def refuse_outside_development(config: Mapping[str, Any], setting: str, problem: str) -> None:
    """Outside development mode: log why and raise ``UnsafeSecret``; in it: a warning only."""
    if is_development(config):
        log.warning("%s %s: accepted only because %s=%s", setting, problem, HALL_MODE_KEY, DEVELOPMENT)
        return
    message = (
        f"{setting} {problem}: refusing to start in {HALL_MODE_KEY}={mode(config)} "
        f"(only {HALL_MODE_KEY}={DEVELOPMENT} runs on development secrets; "
        "deploy/access/README.md says how to create real ones)"
    )
    log.critical(message)
    raise UnsafeSecret(message)


def development_token_hashes(repo_root: Path | None) -> frozenset[str]:
    """The SHA-256 of every published development token (empty when the file is not there)."""
    if repo_root is None:
        return frozenset()
    try:
        data = json.loads((repo_root / DEV_TOKENS_PATH).read_text("utf-8"))
    except (OSError, ValueError):
        return frozenset()
    return frozenset(str(entry.get("sha256")) for entry in data.get("tokens", []) if isinstance(entry, dict))

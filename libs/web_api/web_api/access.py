"""Who is calling: bearer tokens that name a member of staff (or an agency) and their role.

A token file holds only the SHA-256 of each token, never the token, so it can be mounted,
backed up and reviewed without handing out logins::

    {"tokens": [{"sha256": "<hex of sha256(token)>", "subject": "S01", "name": "李四",
                 "role": "window_staff", "department": "market_regulation", "window": "W03"}]}

A service declares ``access = Access()`` and, in an entrypoint,
``principal = self.access.require(request, "window_staff", "window_head")``. Tokens are minted
with ``python -m web_api.access mint --file F --role R --subject S --name N``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from nameko.extensions import DependencyProvider

import refusals
from web_api import hall_mode
from web_api.principals import DEPARTMENT_ROLES, ROLES, Principal
from web_api.token_file import FIELDS, TokenFileError, TokenRegistry, entry_problems, token_hash

__all__ = [
    "DEPARTMENT_ROLES",
    "FIELDS",
    "ROLES",
    "Access",
    "Forbidden",
    "Gate",
    "Principal",
    "TokenFileError",
    "TokenRegistry",
    "Unauthenticated",
    "bearer_token",
    "entry_problems",
    "repo_root",
    "resolve_tokens_file",
    "token_hash",
]

log = logging.getLogger(__name__)

ACCESS_TOKENS_FILE_KEY = "ACCESS_TOKENS_FILE"

CHALLENGE = (("WWW-Authenticate", 'Bearer realm="hall"'),)


class Unauthenticated(refusals.Unauthenticated):
    """No usable bearer token: 401, with the challenge RFC 6750 asks for."""

    # the edge's own refusal, so it may say its status; status_of maps the kind to the same 401
    status = 401
    headers = CHALLENGE

    def __init__(self, message: str = "请先登录 (a bearer token is required)", details: Any = None) -> None:
        super().__init__(message, details)


class Forbidden(refusals.Forbidden):
    """A known caller whose role (or department) may not do this: 403."""

    status = 403  # as Unauthenticated's: the same status status_of gives the kind


def bearer_token(request: Any) -> str | None:
    """The token of ``Authorization: Bearer <token>``; None when there is no header at all."""
    header: str | None = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise Unauthenticated("登录凭据格式有误 (the Authorization header must be 'Bearer <token>')")
    return token


class Gate:
    """What an entrypoint sees as ``self.access``: who is calling, and may they."""

    def __init__(self, registry: TokenRegistry):
        self.registry = registry

    def optional(self, request: Any) -> Principal | None:
        """The caller, or None when no token is sent; a token that is sent must be valid."""
        token = bearer_token(request)
        if token is None:
            return None
        principal = self.registry.principal_for(token)
        if principal is None:
            raise Unauthenticated("登录凭据无效或已停用 (the bearer token is not recognised)")
        return principal

    def require(self, request: Any, *roles: str) -> Principal:
        """The caller, who must hold one of ``roles`` (any role when none are given).

        Raises ``Unauthenticated`` (401) or ``Forbidden`` (403).
        """
        unknown = [role for role in roles if role not in ROLES]
        if unknown:
            raise ValueError(f"unknown roles {unknown}")
        principal = self.optional(request)
        if principal is None:
            raise Unauthenticated()
        if roles and principal.role not in roles:
            raise Forbidden(
                f"当前岗位无权进行此操作 (role {principal.role} may not do this; "
                f"allowed: {', '.join(roles)})",
                {"role": principal.role, "allowed": list(roles)},
            )
        return principal


def repo_root(start: Path) -> Path | None:
    """The nearest folder above ``start`` that holds ``services/``."""
    for folder in start.resolve().parents:
        if (folder / "services").is_dir():
            return folder
    return None


def resolve_tokens_file(configured: str) -> Path:
    """An absolute path as is; a relative one against the working directory, then the repo root."""
    path = Path(configured)
    if path.is_absolute():
        return path
    root = repo_root(Path(__file__))
    candidates = [Path.cwd() / path, *([root / path] if root else [])]
    return next((candidate for candidate in candidates if candidate.is_file()), candidates[0])


class Access(DependencyProvider):
    """Loads the token file named by ``ACCESS_TOKENS_FILE`` once, at container setup.

    Without the key every request is refused (401): a service never runs open by accident.
    Outside development mode (``web_api.hall_mode``) a missing file, or one holding a published
    development token, stops the service at start.
    """

    def setup(self) -> None:
        config = self.container.config
        configured = str(config.get(ACCESS_TOKENS_FILE_KEY) or "").strip()
        if not configured:
            hall_mode.refuse_outside_development(config, ACCESS_TOKENS_FILE_KEY, "is not set")
            log.warning("%s is not set: every request needing a token is refused", ACCESS_TOKENS_FILE_KEY)
            self.gate = Gate(TokenRegistry())
            return
        registry = TokenRegistry.load(resolve_tokens_file(configured))
        published = hall_mode.development_token_hashes(repo_root(Path(__file__))) & set(registry.principals)
        if published:
            hall_mode.refuse_outside_development(
                config,
                ACCESS_TOKENS_FILE_KEY,
                f"({configured}) holds {len(published)} published development tokens",
            )
        log.info("%d access tokens loaded from %s", len(registry), configured)
        self.gate = Gate(registry)

    def get_dependency(self, worker_ctx: Any) -> Gate:
        return self.gate


if __name__ == "__main__":
    from web_api.access_cli import main

    raise SystemExit(main())

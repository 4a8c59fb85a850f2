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

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from nameko.extensions import DependencyProvider

import refusals
from web_api import hall_mode

log = logging.getLogger(__name__)

ACCESS_TOKENS_FILE_KEY = "ACCESS_TOKENS_FILE"

ROLES = (
    "window_staff",
    "window_head",
    "lead_window",
    "reviewer",
    "complaints_office",
    "supervision",
    "operator",
    "agency",
    "service",  # another of the hall's services on an internal path (notify reading a contact)
)
# a reviewer or a window always works for one department; the hall's offices work for none
DEPARTMENT_ROLES = ("window_staff", "window_head", "lead_window", "reviewer")
FIELDS = ("sha256", "subject", "name", "role", "department", "window")
CHALLENGE = (("WWW-Authenticate", 'Bearer realm="hall"'),)


@dataclass(frozen=True)
class Principal:
    """The caller a token stands for.

    >>> Principal("S01", "李四", "window_staff", "market_regulation", "W03").acts_for("market_regulation")
    True
    """

    subject: str  # a staff id (S01) or an account id (OP1, AG1)
    name: str
    role: str
    department: str | None = None
    window: str | None = None

    def acts_for(self, department: str) -> bool:
        """True when this principal works for ``department``; operators act for none."""
        return self.role != "operator" and self.department is not None and self.department == department


class Unauthenticated(refusals.Unauthenticated):
    """No usable bearer token: 401, with the challenge RFC 6750 asks for."""

    headers = CHALLENGE

    def __init__(self, message: str = "请先登录 (a bearer token is required)", details=None):
        super().__init__(message, details)


class Forbidden(refusals.Forbidden):
    """A known caller whose role (or department) may not do this: 403."""


class TokenFileError(ValueError):
    """A token file that cannot be used; the message lists every bad entry."""


def token_hash(token: str) -> str:
    """The hex SHA-256 a token file stores in place of the token.

    >>> token_hash("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def entry_problems(entry) -> list[str]:
    """What is wrong with one entry of a token file (empty when it is usable)."""
    if not isinstance(entry, dict):
        return ["is not an object"]
    problems = [f"unknown field {key!r}" for key in entry if key not in FIELDS]
    digest = entry.get("sha256")
    if not (isinstance(digest, str) and len(digest) == 64 and set(digest) <= set("0123456789abcdef")):
        problems.append("sha256 must be 64 lowercase hex digits")
    for key in ("subject", "name"):
        if not (isinstance(entry.get(key), str) and entry[key].strip()):
            problems.append(f"missing {key}")
    for key in ("department", "window"):
        if entry.get(key) is not None and not (isinstance(entry[key], str) and entry[key].strip()):
            problems.append(f"{key} must be a non-empty string")
    role = entry.get("role")
    if role not in ROLES:
        problems.append(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    elif role in DEPARTMENT_ROLES and not entry.get("department"):
        problems.append(f"a {role} needs a department")
    return problems


def describe(index: int, entry) -> str:
    subject = entry.get("subject") if isinstance(entry, dict) else None
    named = isinstance(subject, str) and subject.strip()
    return f"entry {index}" + (f" (subject {subject})" if named else "")


class TokenRegistry:
    """The principals of a token file, looked up by the hash of the presented token.

    Looking a hash up in a dict leaks at most timing about the *hash*, which an attacker cannot
    steer towards a valid token, so no constant-time comparison of tokens is needed.
    """

    def __init__(self, principals: dict[str, Principal] | None = None):
        self.principals = dict(principals or {})

    @classmethod
    def from_data(cls, data, source: str = "token file") -> TokenRegistry:
        """Validate a parsed token file; every bad entry is named in one ``TokenFileError``."""
        if not isinstance(data, dict) or not isinstance(data.get("tokens"), list):
            raise TokenFileError(f'{source}: expected {{"tokens": [...]}}')
        problems, principals = [], {}
        for index, entry in enumerate(data["tokens"]):
            found = entry_problems(entry)
            if not found and entry["sha256"] in principals:
                found = [f"duplicate sha256 (same token as subject {principals[entry['sha256']].subject})"]
            if found:
                problems.append(f"{describe(index, entry)}: {'; '.join(found)}")
                continue
            principals[entry["sha256"]] = Principal(**{k: v for k, v in entry.items() if k != "sha256"})
        if problems:
            raise TokenFileError("\n  ".join([f"{source}: bad token entries", *problems]))
        return cls(principals)

    @classmethod
    def load(cls, path: str | Path) -> TokenRegistry:
        path = Path(path)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise TokenFileError(f"{path}: cannot read a token file ({exc})") from exc
        return cls.from_data(data, str(path))

    def principal_for(self, token: str) -> Principal | None:
        return self.principals.get(token_hash(token)) if token else None

    def __len__(self) -> int:
        return len(self.principals)


def bearer_token(request) -> str | None:
    """The token of ``Authorization: Bearer <token>``; None when there is no header at all."""
    header = request.headers.get("Authorization")
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

    def optional(self, request) -> Principal | None:
        """The caller, or None when no token is sent; a token that is sent must be valid."""
        token = bearer_token(request)
        if token is None:
            return None
        principal = self.registry.principal_for(token)
        if principal is None:
            raise Unauthenticated("登录凭据无效或已停用 (the bearer token is not recognised)")
        return principal

    def require(self, request, *roles: str) -> Principal:
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

    def setup(self):
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

    def get_dependency(self, worker_ctx) -> Gate:
        return self.gate


if __name__ == "__main__":
    from web_api.access_cli import main

    raise SystemExit(main())

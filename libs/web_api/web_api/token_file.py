"""A token file: the SHA-256 of each bearer token and the principal it names, validated whole."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from web_api.principals import DEPARTMENT_ROLES, ROLES, Principal

FIELDS = ("sha256", "subject", "name", "role", "department", "window")


class TokenFileError(ValueError):
    """A token file that cannot be used; the message lists every bad entry."""


def token_hash(token: str) -> str:
    """The hex SHA-256 a token file stores in place of the token.

    >>> token_hash("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def entry_problems(entry: object) -> list[str]:
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


def describe(index: int, entry: object) -> str:
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
    def from_data(cls, data: object, source: str = "token file") -> TokenRegistry:
        """Validate a parsed token file; every bad entry is named in one ``TokenFileError``."""
        if not isinstance(data, dict) or not isinstance(data.get("tokens"), list):
            raise TokenFileError(f'{source}: expected {{"tokens": [...]}}')
        problems: list[str] = []
        principals: dict[str, Principal] = {}
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

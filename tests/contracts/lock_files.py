"""Read the hashed locks scripts/lock writes with pip-compile (``name==version \\`` then one
``--hash=sha256:...`` line per file of that release)."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: str) -> dict[str, str]:
    """``{canonical name: version}`` of a lock file at the repository root."""
    return {name: version for name, (version, _) in pinned_with_hashes(lock).items()}


def pinned_with_hashes(lock: str) -> dict[str, tuple[str, list[str]]]:
    """``{canonical name: (version, [sha256 hashes])}``."""
    found: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (REPO_ROOT / lock).read_text().splitlines():
        pin = PIN.match(line)
        if pin:
            current = canonical(pin.group(1))
            found[current] = (pin.group(2).rstrip(" \\"), [])
        elif current and line.strip().startswith("--hash=sha256:"):
            found[current][1].append(line.strip().removeprefix("--hash=sha256:").rstrip(" \\"))
    return found


def top_level(requirements_in: str) -> dict[str, str]:
    """``{canonical name: specifier}`` of the requirements an .in file names itself."""
    found = {}
    for line in (REPO_ROOT / requirements_in).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name = re.match(r"[A-Za-z0-9._-]+", line).group(0)
            found[canonical(name)] = line[len(name) :].strip()
    return found

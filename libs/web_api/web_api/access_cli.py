"""``python -m web_api.access``: mint bearer tokens and list who holds one.

    $ python -m web_api.access mint --file tokens.json --role window_staff --subject S01 \\
          --name 李四 --department market_regulation --window W03
    kX3...   (printed once: only its hash is written to tokens.json)
    $ python -m web_api.access list --file tokens.json
    S01  李四  window_staff  market_regulation  W03
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from pathlib import Path

from web_api.access import ROLES, TokenFileError, TokenRegistry, token_hash


def mint(
    path: Path, role: str, subject: str, name: str, department: str | None = None, window: str | None = None
) -> str:
    """Append the hash of a new random token to ``path`` (created if absent); return the token.

    The whole file is validated before it is written, so a bad entry never lands in it.
    """
    data = json.loads(path.read_text("utf-8")) if path.exists() else {"tokens": []}
    TokenRegistry.from_data(data, str(path))
    token = secrets.token_urlsafe(24)
    entry = {"sha256": token_hash(token), "subject": subject, "name": name, "role": role}
    entry.update({key: value for key, value in (("department", department), ("window", window)) if value})
    data["tokens"].append(entry)
    TokenRegistry.from_data(data, str(path))
    draft = path.with_name(path.name + ".tmp")
    draft.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    os.replace(draft, path)
    return token


def listing(path: Path) -> list[str]:
    """One line per holder, without hashes."""
    registry = TokenRegistry.load(path)
    return [
        "\t".join(value or "-" for value in (p.subject, p.name, p.role, p.department, p.window))
        for p in registry.principals.values()
    ]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m web_api.access", description=__doc__.splitlines()[0])
    commands = root.add_subparsers(dest="command", required=True)
    minting = commands.add_parser("mint", help="print a new token once and store its hash")
    minting.add_argument("--file", required=True, type=Path)
    minting.add_argument("--role", required=True, choices=ROLES)
    minting.add_argument("--subject", required=True, help="staff id or account id")
    minting.add_argument("--name", required=True)
    minting.add_argument("--department")
    minting.add_argument("--window")
    listed = commands.add_parser("list", help="list token holders (no hashes)")
    listed.add_argument("--file", required=True, type=Path)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "mint":
            token = mint(args.file, args.role, args.subject, args.name, args.department, args.window)
            print(token)
            print(
                f"stored the hash for {args.subject} in {args.file}; the token is not shown again",
                file=sys.stderr,
            )
        else:
            print("\n".join(listing(args.file)))
    except (TokenFileError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0

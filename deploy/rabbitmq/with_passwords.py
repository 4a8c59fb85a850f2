"""Write the definitions the broker loads: deploy/rabbitmq/definitions.json with passwords.

definitions.json (generated from the code, committed) holds every broker account with no
password: none of them can log in. At deployment this script writes a copy in which each
account whose password is given gets its hash (``rabbit_password_hashing_sha256``); an account
without one stays unable to log in.

    python3 with_passwords.py definitions.json /out/definitions.json \
        [--secrets-dir /run/secrets/rabbitmq] [--require admin,intake,...] \
        [--cookie-dir /nodes/rabbitmq1 --cookie-dir /nodes/rabbitmq2 ...]

A password is read from the environment variable ``RABBITMQ_PASSWORD_<USER>`` (user name in
capitals: ``RABBITMQ_PASSWORD_JOINT_REVIEW``, ``RABBITMQ_PASSWORD_DEPT_HEALTH``), else from
the file ``<secrets dir>/<user>`` (its first line). ``--require`` names accounts that must get
one (compose requires the operator and the four services). ``--cookie-dir``: the data folder of
a node of the cluster, where the cluster's one Erlang cookie (``RABBITMQ_ERLANG_COOKIE``,
required then) is written as ``.erlang.cookie``, readable by its owner only. Standard library only: it runs in
a bare ``python`` image before the broker starts (docker-compose.yml, ``rabbitmq-definitions``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
from pathlib import Path

RABBITMQ_UID = 999  # the rabbitmq user of the official image


def password_hash(password: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else os.urandom(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def password_of(user: str, secrets_dir: Path | None, environ=os.environ) -> str | None:
    value = environ.get(f"RABBITMQ_PASSWORD_{user.upper()}")
    if not value and secrets_dir is not None and (secrets_dir / user).is_file():
        lines = (secrets_dir / user).read_text().splitlines()
        value = lines[0].strip() if lines else None
    return value or None


def with_passwords(definitions: dict, secrets_dir: Path | None, environ=os.environ) -> tuple[dict, list]:
    """The definitions with the given passwords hashed in, and the users left without one."""
    result = json.loads(json.dumps(definitions))
    missing = []
    for user in result["users"]:
        password = password_of(user["name"], secrets_dir, environ)
        if password is None:
            user["password_hash"] = ""
            missing.append(user["name"])
        else:
            user["password_hash"] = password_hash(password)
            user["hashing_algorithm"] = "rabbit_password_hashing_sha256"
    return result, missing


def write_cookie(cookie: str, folder: Path) -> Path:
    """``<folder>/.erlang.cookie`` holding ``cookie``, mode 0400, owned by the image's rabbitmq
    user (999) when written as root; an existing cookie is replaced (a new cookie everywhere)."""
    path = folder / ".erlang.cookie"
    folder.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.chmod(0o600)
    path.write_text(cookie)
    path.chmod(0o400)
    if os.geteuid() == 0:
        os.chown(path, RABBITMQ_UID, RABBITMQ_UID)
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("definitions", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--secrets-dir", type=Path, help="a file per account, named after it")
    parser.add_argument("--require", default="", help="comma-separated accounts that need one")
    parser.add_argument("--cookie-dir", type=Path, action="append", default=[], help="a node's data folder")
    args = parser.parse_args(argv)
    cookie = os.environ.get("RABBITMQ_ERLANG_COOKIE", "").strip()
    if args.cookie_dir and not cookie:
        print("set RABBITMQ_ERLANG_COOKIE: the cluster's Erlang cookie (deploy/README.md)", file=sys.stderr)
        return 2
    definitions, missing = with_passwords(json.loads(args.definitions.read_text()), args.secrets_dir)
    required = [name for name in args.require.split(",") if name]
    absent = [name for name in required if name in missing]
    if absent:
        print(
            f"no password for {', '.join(absent)}: set RABBITMQ_PASSWORD_<USER> or write "
            f"<secrets dir>/<user> (deploy/README.md)",
            file=sys.stderr,
        )
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(definitions, ensure_ascii=False, indent=2) + "\n")
    args.output.chmod(0o644)
    for folder in args.cookie_dir:
        print(f"wrote {write_cookie(cookie, folder)}")
    print(f"wrote {args.output}; accounts without a password (cannot log in): {', '.join(missing) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

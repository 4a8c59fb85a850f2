"""``hall tokens``: mint a bearer token (printed once; only its hash is stored) and list who holds
one (``web_api.access_cli``: the file is validated as a whole before it is written)."""

from __future__ import annotations

from pathlib import Path

import click

from hall_cli.output import USAGE, Refused, output

TOKEN_FILE = click.option(
    "--file",
    "path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ACCESS_TOKENS_FILE",
    help="the token file (default: $ACCESS_TOKENS_FILE)",
)


@click.group("tokens")
def tokens() -> None:
    """Bearer tokens of staff, agencies and services (operators; 访问令牌)."""


def _roles() -> list[str]:
    from web_api.access import ROLES

    return list(ROLES)


@tokens.command("mint")
@TOKEN_FILE
@click.option("--role", required=True, type=click.Choice(_roles()))
@click.option("--subject", required=True, help="staff id or account id, e.g. S01")
@click.option("--name", required=True, help="the holder's name, e.g. 李四")
@click.option("--department", help="department code, for department roles")
@click.option("--window", help="window, e.g. W03")
def mint(path: Path, role: str, subject: str, name: str, department: str | None, window: str | None) -> None:
    """Print a new token once and store its hash; the token is not shown again."""
    from web_api.access import TokenFileError
    from web_api.access_cli import mint as mint_token

    try:
        token = mint_token(path, role, subject, name, department, window)
    except (TokenFileError, ValueError) as error:
        raise Refused(
            "token_file_invalid", f"令牌文件有误，未写入 (nothing written): {error}", USAGE
        ) from None
    out = output()
    out.result({"token": token, "subject": subject, "role": role, "file": str(path)}, [token])
    out.note(f"stored the hash for {subject} in {path}; the token is not shown again")


@tokens.command("list")
@TOKEN_FILE
def list_tokens(path: Path) -> None:
    """Who holds a token: subject, name, role, department, window (never a hash)."""
    from web_api.access import TokenFileError, TokenRegistry

    try:
        registry = TokenRegistry.load(path)
    except (TokenFileError, OSError, ValueError) as error:
        raise Refused(
            "token_file_invalid", f"无法读取令牌文件 (cannot read the token file): {error}", USAGE
        ) from None
    fields = ("subject", "name", "role", "department", "window")
    holders = [{field: getattr(p, field) for field in fields} for p in registry.principals.values()]
    output().result(holders, ("\t".join(h[f] or "-" for f in fields) for h in holders))

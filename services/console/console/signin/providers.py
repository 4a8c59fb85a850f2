"""Who may sign in: today a hall token; the seam where a government single sign-on plugs in.

A provider turns what the sign-in form sent into the principal and the bearer token the
console calls the services with. An SSO provider would instead redirect to the identity
provider and, on its callback, exchange the assertion for the person's token; the pages and the
session store do not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from web_api.principals import ROLES, Principal
from web_api.token_file import TokenRegistry

# the roles that work in the console: every role of a person. ``service`` (another service),
# ``agency`` (a subscriber reading events) and ``console`` (the console's own token) have no pages
NOT_PEOPLE = ("agency", "service", "console")
CONSOLE_ROLES = tuple(role for role in ROLES if role not in NOT_PEOPLE)


class SignInRefused(Exception):
    """The form's credentials open no console session; ``message`` is for the person."""

    def __init__(self, message: str, field: str = "token"):
        super().__init__(message)
        self.message = message
        self.field = field


class SignInProvider(Protocol):
    def authenticate(self, form: Mapping[str, str]) -> tuple[Principal, str]: ...


class TokenSignIn:
    """Sign in with a hall access token (the same token file as the services)."""

    def __init__(self, registry: TokenRegistry):
        self.registry = registry

    def authenticate(self, form: Mapping[str, str]) -> tuple[Principal, str]:
        token = (form.get("token") or "").strip()
        if not token:
            raise SignInRefused("请输入登录令牌")
        principal = self.registry.principal_for(token)
        if principal is None:
            raise SignInRefused("登录令牌无效或已停用，请核对后重试")
        if principal.role not in CONSOLE_ROLES:
            raise SignInRefused("该账号不能登录工作台（仅供系统对接使用）")
        return principal, token

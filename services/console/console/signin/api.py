"""Signing in and out."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from console.signin.providers import SignInRefused, TokenSignIn
from console.web.menus import home_of
from console.web.pages import ConsolePages, page
from console.web.views import redirect, render


def safe_next(target: str | None) -> str | None:
    r"""Only a path of this site: never ``//elsewhere`` or ``https://…`` (an open redirect), nor
    one with a control character (browsers drop tabs and newlines: ``/\t/evil`` is ``//evil``).

    >>> safe_next("/cases?status=open"), safe_next("//evil.example"), safe_next("https://x")
    ('/cases?status=open', None, None)
    >>> safe_next("/\t/evil.example"), safe_next("/\\evil.example"), safe_next("/a\nb")
    (None, None, None)
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in target):
        return None
    return target


class SignInPages(ConsolePages):
    @page("GET", "/login", roles=None)
    def login_form(self, request: Any, visitor: Any) -> Response:
        """The sign-in form; a visitor already signed in goes to their home page."""
        if visitor is not None:
            return redirect(home_of(visitor.role))
        return render(
            request,
            "signin/login.html",
            next=safe_next(request.args.get("next")),
            signed_out=request.args.get("signed_out") == "1",
        )

    @page("POST", "/login", roles=None)
    def login(self, request: Any, visitor: Any) -> Response:
        """Sign in with a hall token: a new session, its cookie, and the page asked for."""
        target = safe_next(request.form.get("next"))
        try:
            principal, token = TokenSignIn(self.access.registry).authenticate(request.form)
        except SignInRefused as refused:
            errors = {refused.field: refused.message}
            return render(request, "signin/login.html", status=422, errors=errors, next=target)
        response = redirect(target or home_of(principal.role))
        self.sessions.sign_in(response, principal, token)
        return response

    @page("POST", "/logout", roles=())
    def logout(self, request: Any, visitor: Any) -> Response:
        """Sign out: the session ends on the server, whoever still holds its cookie."""
        response = redirect("/login?signed_out=1")
        self.sessions.sign_out(request, response)
        return response

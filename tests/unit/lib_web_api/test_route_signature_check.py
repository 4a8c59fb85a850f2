"""The HTTP edge checks a route's values against its method as nameko did, reading the method's
signature once per route instead of once per request (issue 17: CPU per case)."""

import inspect
import weakref

import pytest
from nameko.exceptions import IncorrectSignature

from web_api import ApiHandler
from web_api.idempotency import idempotent


class Routes:
    def show(self, request, case_id):
        return case_id

    @idempotent
    def accept(self, request):
        return request


class Container:
    service_cls = Routes
    shared_extensions: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
    config: dict = {}


def bound(method_name: str) -> ApiHandler:
    container = Container()
    handler = ApiHandler("GET", "/x").bind(container, method_name)
    handler._keep = container  # bind keeps only a weak proxy
    return handler


def test_values_that_do_not_fit_the_route_are_refused_on_every_request():
    handler = bound("show")
    for _ in range(3):
        handler.check_signature(("request",), {"case_id": 7})
        with pytest.raises(IncorrectSignature):
            handler.check_signature(("request",), {"case_no": 7})
        with pytest.raises(IncorrectSignature):
            handler.check_signature(("request", 1), {"case_id": 7})


def test_a_decorated_route_is_checked_against_its_wrapper_as_nameko_did():
    handler = bound("accept")
    handler.check_signature(("request",), {"anything": 1})  # keyed(self, request, *args, **kwargs)
    with pytest.raises(IncorrectSignature):
        handler.check_signature((), {})


def test_the_signature_is_read_once_per_route_not_per_request(monkeypatch):
    reads = []
    real = inspect.signature
    monkeypatch.setattr(inspect, "signature", lambda *a, **k: reads.append(a) or real(*a, **k))
    monkeypatch.setattr(
        inspect, "getfullargspec", lambda *a, **k: reads.append(a) or pytest.fail("per request")
    )
    handler = bound("show")
    for case_id in range(50):
        handler.check_signature(("request",), {"case_id": case_id})
    assert len(reads) == 1

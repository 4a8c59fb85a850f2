from types import SimpleNamespace

from service_metrics import outcome_of
from web_api import ApiError


def test_a_4xx_response_counts_as_a_client_error_not_a_service_error():
    assert outcome_of(SimpleNamespace(status_code=422), None) == "client_error"


def test_a_refused_request_raised_as_api_error_counts_as_a_client_error():
    exc = ApiError("bad")
    assert outcome_of(None, (type(exc), exc, None)) == "client_error"


def test_an_unexpected_exception_is_an_error():
    exc = RuntimeError("boom")
    assert outcome_of(None, (type(exc), exc, None)) == "error"


def test_a_5xx_response_is_an_error_and_a_2xx_is_ok():
    assert outcome_of(SimpleNamespace(status_code=503), None) == "error"
    assert outcome_of(SimpleNamespace(status_code=201), None) == "ok"

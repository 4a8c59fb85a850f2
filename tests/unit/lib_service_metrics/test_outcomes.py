from types import SimpleNamespace

from service_metrics import CALLS, DURATION, EntrypointMetrics, outcome_of
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


class Worker:
    """A worker context: hashable, as nameko's are."""

    def __init__(self, entrypoint: str) -> None:
        self.entrypoint = SimpleNamespace(method_name=entrypoint)


def sample(metric, name: str, **labels) -> float:
    found = [
        s.value for s in metric.collect()[0].samples if s.name == name and s.labels.items() >= labels.items()
    ]
    return found[0] if found else 0.0


def test_each_workers_call_and_duration_land_in_its_own_series_with_the_children_kept(monkeypatch):
    # the children of the series are kept per (entrypoint, outcome): a stale one would count here
    metrics = EntrypointMetrics()
    metrics.container = SimpleNamespace(service_name="svc_metrics_test")
    metrics.setup()
    looked_up = []
    real = CALLS.labels
    monkeypatch.setattr(CALLS, "labels", lambda *a: looked_up.append(a) or real(*a))
    outcomes = {"ok": SimpleNamespace(status_code=200), "client_error": SimpleNamespace(status_code=422)}
    for _ in range(5):
        for entrypoint in ("accept_case", "show_case"):
            for result in outcomes.values():
                worker = Worker(entrypoint)
                metrics.worker_setup(worker)
                metrics.worker_result(worker, result)
    for entrypoint in ("accept_case", "show_case"):
        mine = {"service": "svc_metrics_test", "entrypoint": entrypoint}
        for outcome in outcomes:
            assert sample(CALLS, "hall_entrypoint_calls_total", **mine, outcome=outcome) == 5
        assert sample(DURATION, "hall_entrypoint_duration_seconds_count", **mine) == 10
    assert len(looked_up) == 4  # once per (entrypoint, outcome), not once per worker

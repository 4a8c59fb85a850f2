"""One naming convention for every metric the code exports (docs/CONVENTIONS.md, Metrics):
``hall_`` first; a library's metric (the same in every service) carries a ``service`` label;
a service's own metric is ``hall_<service>_...``; a ratio gauge ends in ``_ratio``; labels come
from a bounded vocabulary, never an id or anything about a person."""

from exported_metrics import exported

SHARED_LIBRARIES = {"reliable_events", "service_metrics"}
SERVICES = {"intake", "joint_review", "complaints", "notify", "console"}
# every label the code may use, each a bounded set of values (a code, a name of the code, a year
# clamped by intake.dependencies.provisional_label); an id, a case number or a person is never one
BOUNDED_LABELS = {
    "service", "entrypoint", "outcome", "queue", "consumer", "cause",
    "kind", "year", "department", "verdict", "channel", "reason", "category", "destination",
    "satisfaction", "tier", "status", "notice_type", "from_channel", "to_channel",
}  # fmt: skip


def test_the_code_exports_metrics_of_every_service_and_library():
    owners = {metric.owner for metric in exported().values()}
    assert SHARED_LIBRARIES | {"intake", "joint_review", "complaints", "notify"} <= owners


def test_every_metric_starts_with_hall_and_a_service_metric_with_its_service():
    for name, metric in exported().items():
        assert name.startswith("hall_"), f"{metric.module}: {name} does not start with hall_"
        if metric.owner in SHARED_LIBRARIES:
            assert "service" in metric.labels, f"{name}: a library's metric needs the service label"
        else:
            assert metric.owner in SERVICES, metric
            assert name.startswith(f"hall_{metric.owner}_"), f"{name}: not hall_{metric.owner}_..."


def test_ratios_end_in_ratio_and_nothing_ends_in_rate():
    for name, metric in exported().items():
        assert not name.endswith("_rate"), f"{name}: a ratio is named ..._ratio"
        documented = metric.kind == "gauge" and " / " in metric.help
        assert documented == name.endswith("_ratio"), f"{name}: a part / whole gauge is ..._ratio, only it"


def test_labels_are_bounded():
    for name, metric in exported().items():
        assert set(metric.labels) <= BOUNDED_LABELS, (
            f"{name}: unbounded labels {set(metric.labels) - BOUNDED_LABELS}"
        )

"""The Prometheus metrics the code exports, read from the metric objects themselves (not from a
hand list): every module of ``libs/`` and ``services/`` that builds a ``prometheus_client``
metric is imported, and each metric object found in it describes its name, type and labels.

Used by the metric naming test, the alert rules test and the Grafana dashboard test."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from prometheus_client.metrics import MetricWrapperBase

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILDS_A_METRIC = re.compile(r"^from prometheus_client import .*\b(Counter|Gauge|Histogram|Summary)\b", re.M)
SAMPLE_SUFFIXES = {
    "counter": ("_total",),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count"),
    "summary": ("_sum", "_count"),
}


@dataclass(frozen=True)
class Exported:
    name: str  # as the code spells it (a counter's with _total)
    kind: str  # counter, gauge, histogram, summary
    labels: tuple[str, ...]
    module: str  # where it is defined, e.g. intake.reports.metrics
    owner: str  # the library or service folder: reliable_events, service_metrics, intake...
    help: str

    @property
    def samples(self) -> set[str]:
        base = self.name.removesuffix("_total")
        return {base + suffix for suffix in SAMPLE_SUFFIXES[self.kind]}


def metric_modules() -> dict[str, str]:
    """``{module name: owning folder}`` of every module that builds a metric."""
    found = {}
    for source in [*REPO_ROOT.glob("libs/*/*/**/*.py"), *REPO_ROOT.glob("services/*/*/**/*.py")]:
        if "egg-info" in str(source) or not BUILDS_A_METRIC.search(source.read_text()):
            continue
        package_root = source.relative_to(REPO_ROOT).parts[:2]  # ("services", "intake")
        dotted = source.relative_to(REPO_ROOT.joinpath(*package_root)).with_suffix("").parts
        module = ".".join(part for part in dotted if part != "__init__")
        found[module] = package_root[1]
    return found


@cache
def exported() -> dict[str, Exported]:
    """``{name: Exported}`` of every metric object of the code."""
    metrics = {}
    for module_name, owner in metric_modules().items():
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if not isinstance(value, MetricWrapperBase):
                continue
            family = value.describe()[0]
            name = family.name + ("_total" if family.type == "counter" else "")
            metrics[name] = Exported(
                name, family.type, tuple(value._labelnames), module_name, owner, family.documentation
            )
    return metrics


def sample_names() -> set[str]:
    """Every series name the services expose at ``GET /metrics`` (besides prometheus_client's own)."""
    return {sample for metric in exported().values() for sample in metric.samples}

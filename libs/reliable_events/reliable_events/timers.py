"""A nameko timer whose interval is read from the service's config at ``setup``.

``@configured_timer("SWEEP_SECONDS", 60)``: every service's periodic work (deadline sweeps,
notify's delivery loop) runs on it, so an operator tunes each interval in config or the
environment, and tests shorten it without patching code. Like nameko's ``Timer``, the next tick
waits for the previous worker to finish: one run at a time per replica.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nameko.timer import Timer

F = TypeVar("F", bound=Callable[..., Any])


class ConfiguredTimer(Timer):
    def __init__(self, key: str, default: float, **kwargs: Any) -> None:
        self.key, self.default = key, default
        super().__init__(interval=default, **kwargs)

    def setup(self) -> None:
        self.interval = float(self.container.config.get(self.key) or self.default)


def configured_timer(key: str, default: float, **options: Any) -> Callable[[F], F]:
    """``@configured_timer("SWEEP_SECONDS", 60)``: a ``ConfiguredTimer`` entrypoint (nameko's
    ``Extension.decorator``, given a type)."""
    decorate: Callable[[F], F] = ConfiguredTimer.decorator(key, default, **options)
    return decorate

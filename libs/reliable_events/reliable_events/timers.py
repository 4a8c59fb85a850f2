"""A nameko timer whose interval is read from the service's config at ``setup``.

``@configured_timer("SWEEP_SECONDS", 60)``: every service's periodic work (deadline sweeps,
notify's delivery loop) runs on it, so an operator tunes each interval in config or the
environment, and tests shorten it without patching code. Like nameko's ``Timer``, the next tick
waits for the previous worker to finish: one run at a time per replica.
"""

from __future__ import annotations

from nameko.timer import Timer


class ConfiguredTimer(Timer):
    def __init__(self, key: str, default: float, **kwargs):
        self.key, self.default = key, default
        super().__init__(interval=default, **kwargs)

    def setup(self):
        self.interval = float(self.container.config.get(self.key) or self.default)


configured_timer = ConfiguredTimer.decorator

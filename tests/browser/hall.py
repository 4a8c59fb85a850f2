"""The running hall the browser tests drive: the four services and the console, started once
per test session on a private broker and SQLite, as ``make up`` starts them."""

from __future__ import annotations

from pathlib import Path

from stack import RunningService, Stack, sqlite_stack

BUS_SERVICES = ("intake", "joint_review", "complaints", "notify")
CONSOLE_OPEN311_KEY = "key-of-the-console"  # the console files online complaints as an Open311 app


class Hall:
    """The services (``hall.intake.url`` …) and the console (``hall.console_url``)."""

    def __init__(self, stack: Stack, services: dict[str, RunningService], console: RunningService):
        self.stack = stack
        self.services = services
        self.console = console

    @property
    def console_url(self) -> str:
        return self.console.url

    def __getattr__(self, name: str) -> RunningService:
        services = self.__dict__.get("services", {})
        if name in services:
            return services[name]
        raise AttributeError(name)

    def stop(self) -> None:
        self.stack.stop()


def start_hall(broker, folder: Path, console_env: dict | None = None) -> Hall:
    stack = sqlite_stack(broker, folder, vhost_prefix="b")
    try:
        services: dict[str, RunningService] = {}
        services["intake"] = stack.start("intake")
        services["complaints"] = stack.start("complaints", {"OPEN311_API_KEYS": CONSOLE_OPEN311_KEY})
        services["joint_review"] = stack.start("joint_review")
        services["notify"] = stack.start(
            "notify",
            {
                "INTAKE_URL": services["intake"].url,
                "COMPLAINTS_URL": services["complaints"].url,
                "SMS_GATEWAY_URL": "",
                "SMTP_HOST": "",
            },
        )
        env = {
            "CONSOLE_DATABASE_URL": stack.migrated("console"),
            **{f"{name.upper()}_URL": running.url for name, running in services.items()},
            "CONSOLE_OPEN311_KEY": CONSOLE_OPEN311_KEY,
            **(console_env or {}),
        }
        console = stack._run("console", env)
    except Exception:
        stack.stop()
        raise
    return Hall(stack, services, console)

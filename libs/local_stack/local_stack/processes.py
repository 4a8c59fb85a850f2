"""Services as plain processes: ``nameko run`` exactly as docker-compose runs them, and
their migrations run exactly as the compose command runs them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from local_stack import lifeline
from local_stack.conventions import env_prefix

VENV_BIN = Path(sys.executable).parent


class ServiceFailed(RuntimeError):
    """A service exited or did not become healthy; the message ends with its log tail."""


class MigrationError(RuntimeError):
    """``alembic upgrade head`` failed; the message holds alembic's output."""


def run_migrations(
    service: str, database_url: str, repo_root: Path | None = None, timeout: float = 120
) -> None:
    """``alembic -c services/<svc>/alembic.ini upgrade head`` on ``database_url``."""
    from local_stack.conventions import find_repo_root

    root = Path(repo_root) if repo_root else find_repo_root()
    ini = root / "services" / service / "alembic.ini"
    if not ini.is_file():
        raise MigrationError(f"{service}: no migrations ({ini} is missing)")
    env = {**os.environ, f"{env_prefix(service)}_DATABASE_URL": database_url}
    done = lifeline.run(
        [str(VENV_BIN / "alembic"), "-c", str(ini), "upgrade", "head"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise MigrationError(
            f"{service}: alembic upgrade head on {database_url} exited "
            f"{done.returncode}:\n{(done.stdout + done.stderr).strip()}"
        )


class ServiceProcess:
    """One ``nameko run`` of a service on ``http_port``, logging to a file.

    ``env`` holds ``AMQP_URI``, ``<SVC>_DATABASE_URL`` and anything else the service's
    config.yml reads; ``<SVC>_HTTP_ADDRESS`` is set from ``http_port``. The process gets a
    session of its own, so a Ctrl-C in the terminal reaches only whoever started it, which
    then stops it cleanly with ``terminate()``; and it dies with whoever started it, however
    that ends (see ``local_stack.lifeline``), so a killed test run leaves no service behind.
    """

    def __init__(
        self,
        service: str,
        env: Mapping[str, str],
        http_port: int,
        repo_root: Path,
        *,
        log_path: Path | None = None,
        module: str | None = None,
        config: Path | None = None,
        extra_pythonpath: Path | None = None,
    ):
        self.service = service
        self.http_port = http_port
        self.repo_root = Path(repo_root)
        self.module = module or f"{service}.service"
        self.config = Path(config or self.repo_root / "services" / service / "config.yml")
        # make up and the tests run on the published development secrets: development mode
        # (web_api.hall_mode) unless ``env`` names another, as a test of the refusal does
        self.env = {
            "HALL_MODE": "development",
            **env,
            f"{env_prefix(service)}_HTTP_ADDRESS": f"127.0.0.1:{http_port}",
        }
        self.extra_pythonpath = extra_pythonpath
        self.log_path = Path(log_path) if log_path else (self.repo_root / ".data" / "logs" / f"{service}.log")
        self.process: subprocess.Popen | None = None
        self._sigterm_sent = False

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def health_url(self) -> str:
        return f"{self.base_url}/health"

    @property
    def metrics_url(self) -> str:
        return f"{self.base_url}/metrics"

    @property
    def database_url(self) -> str | None:
        return self.env.get(f"{env_prefix(self.service)}_DATABASE_URL")

    def command(self) -> list[str]:
        return [str(VENV_BIN / "nameko"), "run", "--config", str(self.config), self.module]

    def process_env(self) -> dict[str, str]:
        env = {**os.environ, **self.env}
        if self.extra_pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(self.extra_pythonpath), env.get("PYTHONPATH")])
            )
        return env

    def start(self) -> ServiceProcess:
        """Launch the process (does not wait: see ``wait_healthy``)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "a") as log:
            log.write(
                f"=== local_stack: starting {' '.join(self.command())} "
                f"at {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n"
            )
            log.flush()
            self.process = lifeline.popen(
                self.command(),
                cwd=self.repo_root,
                env=self.process_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._sigterm_sent = False
        return self

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def health_status(self) -> int | None:
        """The HTTP status of ``GET /health``, or None when nothing answers."""
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, OSError):
            return None

    def wait_healthy(self, timeout: float = 60) -> ServiceProcess:
        """Poll ``/health`` until it answers 200; raise ``ServiceFailed`` with the log tail if
        the process exits or the time runs out."""
        deadline = time.monotonic() + timeout
        status = None
        while time.monotonic() < deadline:
            if not self.is_running():
                code = self.process.returncode if self.process else None
                raise ServiceFailed(
                    f"{self.service} exited (code {code}) before /health "
                    f"answered 200; log {self.log_path}:\n{self.log_tail()}"
                )
            status = self.health_status()
            if status == 200:
                return self
            time.sleep(0.2)
        raise ServiceFailed(
            f"{self.service}: {self.health_url} did not answer 200 within "
            f"{timeout}s (last answer: {status or 'none'}); log "
            f"{self.log_path}:\n{self.log_tail()}"
        )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` (SIGKILL by default: no clean shutdown, nothing flushed); with SIGKILL,
        wait until the process is gone."""
        if self.process is None or not self.is_running():
            return
        self.process.send_signal(sig)
        if sig == signal.SIGKILL:
            self.process.wait(timeout=30)

    def wait_exit(self, timeout: float) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.service} was never started")
        return self.process.wait(timeout=timeout)

    def send_sigterm(self) -> None:
        """Ask for a clean stop without waiting (to stop several services at once). Sent once:
        a second SIGTERM would cut nameko's graceful shutdown short."""
        if self.process is not None and self.is_running() and not self._sigterm_sent:
            self.process.terminate()
            self._sigterm_sent = True

    def terminate(self, timeout: float = 20) -> int | None:
        """SIGTERM (nameko stops its workers and closes its connections), SIGKILL after
        ``timeout`` seconds. Returns the exit code (None if never started)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.send_sigterm()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode

    def restart(self, timeout: float = 60, env: Mapping[str, str] | None = None) -> ServiceProcess:
        """Stop (cleanly), optionally change the environment, start and wait until healthy."""
        self.terminate()
        self.env.update(env or {})
        return self.start().wait_healthy(timeout)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:]) or "(empty log)"

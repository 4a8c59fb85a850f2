"""Fakes for ``hall``'s unit tests: a dead-letter queue, and intake's HTTP answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Letter:
    message_id: str
    event_type: str = "intake.case_returned"
    original_queue: str = "notify.handle_case_returned"
    reason: str = "KeyError: 'reason'"
    dead_lettered_at: str = "2026-11-02T08:00:00+00:00"
    headers: dict[str, Any] = field(default_factory=dict)
    body: bytes = b'{"id": "e1"}'


class FakeQueue:
    """What ``hall dead-letters`` asks of ``DeadLetterQueue``; records what it was asked."""

    def __init__(self, letters: list[Letter], queue: str = "notify.dead_letters"):
        self.letters = list(letters)
        self.queue = queue
        self.redriven: list[str] = []
        self.closed = False

    def _walked(self, progress: Any) -> None:
        for walked in range(1, len(self.letters) + 1):
            if progress is not None:
                progress(walked, len(self.letters))

    def browse(self, limit: int = 1000, progress: Any = None) -> list[Letter]:
        self._walked(progress)
        return self.letters[:limit]

    def redrive_all(self, progress: Any = None) -> int:
        self._walked(progress)
        self.redriven += [letter.message_id for letter in self.letters]
        count, self.letters = len(self.letters), []
        return count

    def redrive_one(self, message_id: str, version: str | None = None, progress: Any = None) -> str:
        self._walked(progress)
        found = [letter for letter in self.letters if letter.message_id == message_id]
        if not found:
            return "absent"
        if version is not None and found[0].dead_lettered_at != version:
            return "changed"
        self.letters.remove(found[0])
        self.redriven.append(message_id)
        return "redriven"

    def close(self) -> None:
        self.closed = True


class Answer:
    """A ``requests.Response`` as far as ``hall`` reads one."""

    def __init__(self, status: int, body: Any = None, content: bytes = b""):
        self.status_code = status
        self.content = content or json.dumps(body).encode()
        self.headers = {"Content-Length": str(len(self.content))}
        self.text = self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.content)

    def iter_content(self, size: int) -> Any:
        for start in range(0, len(self.content), size):
            yield self.content[start : start + size]


class FakeIntake:
    """Stands in for ``requests.request``: answers in turn, records each call."""

    def __init__(self, *answers: Answer):
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, method: str, url: str, **kwargs: Any) -> Answer:
        self.calls.append({"method": method, "url": url, **kwargs})
        return self.answers.pop(0)

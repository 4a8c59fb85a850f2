"""The load: new cases offered to intake's HTTP API at a fixed rate in a fixed mix, as windows
send them with the development tokens (a promised SC-010 case from the market window, a joint
NY-001 case from the agriculture window, the lead of its review), and the lead window's decision
posted as soon as the spy sees a review converge."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from .tracker import JOINT, PROMISED

JOINT_EVERY = 4  # one joint case in four: 3 promised : 1 joint
ITEMS = {PROMISED: ("SC-010", "dev-window-market"), JOINT: ("NY-001", "dev-window-agriculture")}
_local = threading.local()


def session() -> requests.Session:
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def case_body(item_code: str, materials: list[str], n: int) -> str:
    return json.dumps(
        {
            "item_code": item_code,
            "applicant_name": "张三",
            "applicant_phone": f"138{n % 100_000_000:08d}",
            "presented": materials,
            "first_responder": {"phone": "0571-1234"},
        },
        ensure_ascii=False,
    )


class Driver:
    def __init__(self, urls: dict[str, str], tracker, workers: int = 24):
        self.urls, self.tracker = urls, tracker
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="offer")
        self.deciders = ThreadPoolExecutor(4, thread_name_prefix="decide")
        self.materials = {kind: self._materials(code) for kind, (code, _) in ITEMS.items()}
        self.sent = 0
        self.refused = 0
        self.decide_failures = 0
        self.http_ms: list[float] = []
        self.lock = threading.Lock()
        tracker.on_converged = self.converged

    def _materials(self, item_code: str) -> list[str]:
        answer = requests.get(f"{self.urls['intake']}/catalogue/{item_code}", timeout=30)
        answer.raise_for_status()
        return [material["name"] for material in answer.json()["materials"]]

    def offer(self, rate: float, seconds: float) -> int:
        """Offer ``rate`` cases/s for ``seconds`` (open loop within the step: a slow answer does
        not delay the next case); returns the cases sent. Waits for the answers."""
        start, count = time.monotonic(), int(rate * seconds)
        futures = []
        for i in range(count):
            due = start + i / rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            futures.append(self.pool.submit(self._post, self.sent + i))
        self.sent += count
        for future in futures:
            future.result()
        left = start + seconds - time.monotonic()
        if left > 0:
            time.sleep(left)
        return count

    def _post(self, n: int) -> None:
        kind = JOINT if n % JOINT_EVERY == 0 else PROMISED
        item_code, token = ITEMS[kind]
        started = time.monotonic()
        try:
            answer = session().post(
                f"{self.urls['intake']}/cases",
                data=case_body(item_code, self.materials[kind], n),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                timeout=30,
            )
        except requests.RequestException:
            with self.lock:
                self.refused += 1
            return
        at = time.monotonic()
        with self.lock:
            self.http_ms.append((at - started) * 1000)
        if answer.status_code != 201:
            with self.lock:
                self.refused += 1
            return
        self.tracker.accepted(answer.json()["case_no"], kind, at)

    def converged(self, case_no: str, review_id: str | None) -> None:
        self.deciders.submit(self._decide, review_id or f"JR-{case_no}")

    def _decide(self, review_id: str) -> None:
        try:
            answer = session().post(
                f"{self.urls['joint_review']}/reviews/{review_id}/decision",
                data="{}",
                headers={"Authorization": f"Bearer {ITEMS[JOINT][1]}", "Content-Type": "application/json"},
                timeout=30,
            )
            ok = answer.status_code == 200
        except requests.RequestException:
            ok = False
        if not ok:
            with self.lock:
                self.decide_failures += 1

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.deciders.shutdown(wait=True)

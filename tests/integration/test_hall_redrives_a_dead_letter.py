"""``hall dead-letters`` (the installed console script, as an operator runs it) on a real broker:
a poison event notify cannot fill its notice with is dead-lettered; ``hall --json dead-letters
list`` names it and leaves it in place; ``hall dead-letters redrive <id>`` sends exactly that one
back (notify consumes it again and dead-letters it again, later); a re-drive of an id that is not
there is refused with its code, never a duplicate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bus import wait_for
from poison import dead_lettered_total, publish_poison

HALL = str(Path(sys.executable).parent / "hall")  # the console script of libs/hall_cli


def dead_lettered_count(notify) -> float:
    return dead_lettered_total(notify.url)


def hall(amqp_uri: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [HALL, "--json", "dead-letters", "--amqp-uri", amqp_uri, "--service", "notify", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_hall_lists_and_redrives_exactly_one_dead_letter_on_a_real_broker(stack):
    notify = stack.start("notify", {"SMS_GATEWAY_URL": "", "SMTP_HOST": ""})
    event = publish_poison(stack.amqp_uri)  # a return notice without its reason is never made
    wait_for(lambda: dead_lettered_count(notify) == 1, timeout=30)

    listed = hall(stack.amqp_uri, "list")
    assert listed.returncode == 0, listed.stderr
    (letter,) = json.loads(listed.stdout)
    assert letter["id"] == event["id"] and letter["event_type"] == event["type"]
    assert json.loads(hall(stack.amqp_uri, "list").stdout) == [letter]  # listing leaves it in place

    redriven = hall(stack.amqp_uri, "redrive", event["id"], "--version", letter["dead_lettered_at"])
    assert redriven.returncode == 0 and json.loads(redriven.stdout) == {"redriven": 1}, redriven.stderr
    wait_for(lambda: dead_lettered_count(notify) == 2, timeout=30)  # consumed again, still poison
    (again,) = wait_for(lambda: json.loads(hall(stack.amqp_uri, "list").stdout), timeout=10)
    assert again["dead_lettered_at"] > letter["dead_lettered_at"]

    stale = hall(stack.amqp_uri, "redrive", event["id"], "--version", letter["dead_lettered_at"])
    assert stale.returncode == 1 and json.loads(stale.stderr)["error"]["code"] == "dead_letter_changed"
    missing = hall(stack.amqp_uri, "redrive", "no-such-id")
    assert missing.returncode == 1 and json.loads(missing.stderr)["error"]["code"] == "dead_letter_not_found"
    assert dead_lettered_count(notify) == 2

"""``python -m department_agent --amqp-uri URI --department natural_resources --policy approve``

Options: ``--material NAME`` (supplement; repeatable), ``--condition TEXT`` (approve; repeatable),
``--reason TEXT`` (reject), ``--delay SECONDS`` before answering each task, ``--reviewer-id``,
``--reviewer-name``, ``--max-tasks N`` (stop after N tasks answered or dead-lettered),
``--prefetch N``, ``--opinion-key-file PATH`` (the secret the opinion ids are derived from;
default: ``$DEPARTMENT_AGENT_OPINION_KEY``, else the account's password). Keep the key when the
agent restarts: a task redelivered after a restart must get the same opinion id.
Ctrl-C (or SIGTERM) stops cleanly: unanswered tasks go back to the queue.
A lost connection is retried with a pause, and so is a task queue joint_review has not declared
yet (an agent may start first); a queue the account may not read is fatal (exit 2).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from pathlib import Path

import pika.exceptions

from department_agent.agent import DepartmentAgent, log
from department_agent.policy import MIN_KEY_BYTES, VERDICTS, Policy

RECONNECT_SECONDS = 5.0
QUEUE_WAIT_SECONDS = 1.0
NOT_FOUND = 404


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, Policy]:
    parser = argparse.ArgumentParser(prog="department_agent", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--amqp-uri",
        required=True,
        help="e.g. amqp://dept_natural_resources:...@host/; a cluster: every node, joined by ;",
    )
    parser.add_argument("--department", required=True, help="department code, e.g. natural_resources")
    parser.add_argument("--policy", required=True, choices=VERDICTS, help="the verdict given to every task")
    parser.add_argument("--material", action="append", default=[], help="material asked for (supplement)")
    parser.add_argument("--condition", action="append", default=[], help="condition of an approval")
    parser.add_argument("--reason", help="reason of a rejection (at least 4 characters)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before answering")
    parser.add_argument("--reviewer-id", help="default: the task's assignee, else agent-<department>")
    parser.add_argument("--reviewer-name", default=None)
    parser.add_argument("--max-tasks", type=int, default=None, help="stop after this many tasks")
    parser.add_argument("--prefetch", type=int, default=10)
    parser.add_argument("--opinion-key-file", help="file holding the secret opinion ids derive from")
    args = parser.parse_args(argv)
    policy = Policy(
        args.policy,
        materials=tuple(args.material),
        conditions=tuple(args.condition),
        reason=args.reason,
        reviewer_id=args.reviewer_id,
        **({"reviewer_name": args.reviewer_name} if args.reviewer_name else {}),
    )
    problems = policy.problems(args.department)
    if problems:
        parser.error("; ".join(problems))
    args.opinion_key = opinion_key(parser, args.opinion_key_file)
    return args, policy


def opinion_key(parser: argparse.ArgumentParser, path: str | None) -> bytes | None:
    """The agent's secret opinion key (file, else environment), or None: the account's password."""
    if path:
        try:
            key = Path(path).read_bytes().strip()
        except OSError as error:
            parser.error(f"--opinion-key-file: {error}")
    else:
        key = os.environ.get("DEPARTMENT_AGENT_OPINION_KEY", "").encode().strip()
    if key and len(key) < MIN_KEY_BYTES:
        parser.error(f"the opinion key must be at least {MIN_KEY_BYTES} bytes")
    return key or None


def serve(agent: DepartmentAgent) -> int:
    """Run the agent, reconnecting after a lost connection and waiting for a task queue that
    joint_review has not declared yet; 0 when done, 2 when refused."""
    while not agent.finished():
        try:
            agent.run()
        except pika.exceptions.ChannelClosedByBroker as error:
            if error.reply_code != NOT_FOUND:
                log.error("cannot consume %s: %s %s", agent.queue, error.reply_code, error.reply_text)
                return 2
            # joint_review declares the queue when it first publishes; an agent started before
            # that (start order is no department's business) waits instead of dying.
            log.warning("%s does not exist yet; looking again in %ss", agent.queue, QUEUE_WAIT_SECONDS)
            pause(agent, QUEUE_WAIT_SECONDS)
        except pika.exceptions.ProbableAuthenticationError as error:
            log.error("the broker refused the account: %s", error)
            return 2
        except pika.exceptions.AMQPConnectionError as error:
            if agent.finished():
                break
            log.warning("connection lost (%r); reconnecting in %ss", error, RECONNECT_SECONDS)
            pause(agent, RECONNECT_SECONDS)
    log.info("stopped after %s task(s)", agent.handled)
    return 0


def pause(agent: DepartmentAgent, seconds: float) -> None:
    """Sleep, but end at once when the agent is asked to stop."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not agent.stopping:
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    args, policy = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s department_agent: %(message)s")
    agent = DepartmentAgent(
        args.amqp_uri,
        args.department,
        policy,
        delay=args.delay,
        max_tasks=args.max_tasks,
        prefetch=args.prefetch,
        opinion_key=args.opinion_key,
    )
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: agent.stop())
    return serve(agent)


if __name__ == "__main__":
    sys.exit(main())

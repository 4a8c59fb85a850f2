"""What joint_review consumes: intake's joint cases, and departments' opinion commands (AMQP).

Review tasks go out through the outbox to the direct exchange ``joint_review.tasks``, routed by
department code to the durable queue ``review_tasks.<department>``. The queues of the configured
departments (``DEPARTMENTS``) are declared before anything is published; a task for a
department with no queue yet is not lost: the exchange's alternate exchange keeps it in
``joint_review.unrouted_tasks`` for an operator (and the task stays open in the database and on
the reviewers' HTTP list).
"""

from __future__ import annotations

from hall_contracts.commands import validate_opinion
from joint_review import handlers
from joint_review.dependencies import TASK_LIMIT_KEY, configured_departments
from reliable_events import CommandRejected, reliable_command_handler, reliable_event_handler
from reliable_events.topology import QUORUM, dead_letter_exchange

TASKS_EXCHANGE = handlers.TASKS_EXCHANGE
UNROUTED_EXCHANGE = "joint_review.unrouted"
UNROUTED_QUEUE = "joint_review.unrouted_tasks"
COMMANDS_EXCHANGE = "joint_review.commands"
OPINIONS_QUEUE = "joint_review.opinions"
SUBMIT_OPINION = "submit_opinion"
DEFAULT_TASK_LIMIT_DAYS = 3  # working days from receipt (R-JOINT-2), per-department


def task_queue(department: str) -> str:
    return f"review_tasks.{department}"


def declare_task_queues(channel, config) -> None:
    """Called by the outbox relay on every (re)connection, before it publishes."""
    channel.exchange_declare(UNROUTED_EXCHANGE, "fanout", durable=True, auto_delete=False)
    channel.queue_declare(UNROUTED_QUEUE, durable=True, auto_delete=False, arguments={"x-queue-type": QUORUM})
    channel.queue_bind(UNROUTED_QUEUE, UNROUTED_EXCHANGE, routing_key="")
    channel.exchange_declare(
        TASKS_EXCHANGE,
        "direct",
        durable=True,
        auto_delete=False,
        arguments={"alternate-exchange": UNROUTED_EXCHANGE},
    )
    for department in configured_departments(config):
        channel.queue_declare(
            task_queue(department),
            durable=True,
            auto_delete=False,
            arguments={
                "x-queue-type": QUORUM,
                "x-dead-letter-exchange": dead_letter_exchange("joint_review"),
            },
        )
        channel.queue_bind(task_queue(department), TASKS_EXCHANGE, routing_key=department)


def parse_opinion(body) -> dict:
    """A department's opinion command as its published contract states it (``submit_opinion`` v1),
    or ``CommandRejected`` naming every problem (the command goes to the dead letters)."""
    if not isinstance(body, dict):
        raise CommandRejected("an opinion command is a JSON object")
    problems = validate_opinion(body)
    if problems:
        raise CommandRejected("; ".join(problems))
    return {**body, "reviewer_id": body["reviewer"]["id"]}


class Commands:
    """Mixin of the joint_review service: needs ``db``, ``clock``, ``calendar``, ``config``."""

    def context(self, tx, actor: str) -> handlers.Context:
        return handlers.Context(tx, self.calendar, self.clock(), actor)

    @reliable_event_handler("intake", "case_accepted")
    def handle_case_accepted(self, event):
        """A joint case (``item_kind == "joint"``) opens a review and fans out its tasks."""
        limit = int(self.config.get(TASK_LIMIT_KEY) or DEFAULT_TASK_LIMIT_DAYS)
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            handlers.open_review(event["data"], self.context(tx, "intake"), limit)

    @reliable_command_handler(COMMANDS_EXCHANGE, OPINIONS_QUEUE, SUBMIT_OPINION, parse_opinion)
    def handle_submit_opinion(self, command):
        """An opinion from a department's own system; applied once per opinion id."""
        with self.db.transaction() as tx:
            handlers.record_opinion(command, self.context(tx, command["reviewer_id"]), "amqp")

"""What joint_review consumes: intake's joint cases, and departments' opinion commands (AMQP).

Review tasks go out through the outbox to the direct exchange ``joint_review.tasks``, routed by
department code to the durable queue ``review_tasks.<department>``. The queues of the configured
departments (``DEPARTMENTS``) are declared before anything is published; a task for a
department with no queue yet is not lost: the exchange's alternate exchange keeps it in
``joint_review.unrouted_tasks`` for an operator (and the task stays open in the database and on
the reviewers' HTTP list).

Who answers is the broker's word, never the body's: RabbitMQ refuses a publish whose ``user_id``
property is not the publishing connection's account, so ``user_id`` proves the sender. An
opinion command is applied only when it carries a ``user_id`` that is the account of the task's
department (``dept_<department>``, hall_contracts.topology.department_user); anything else (no
``user_id``, another department's account, a service's account) is dead-lettered at once with
the reason and counted (``hall_joint_review_opinions_refused_total{reason}``), as is an opinion id the
department already used for another task. A body ``department`` that differs from the task's is
refused too. The sender survives retries and re-drives: on first arrival it is written into the
``x-joint-review-sender`` header (overwriting anything the sender put there), which is believed
only on a copy published by joint_review's own account (a retry through the delay queues) or
the operator's (``hall-dead-letters`` re-driving it; ``BROKER_OPERATOR_USER``).
joint_review's own opinions (silence on expiry, meeting minutes) never travel on the bus.

Opinions come in batches (``OpinionBatchHandler``, issue 17): up to ``MAX_BATCH`` commands
gathered for at most ``MAX_WAIT`` seconds are applied in one transaction, in the order of their
reviews (two replicas lock the reviews of their batches in the same order, so they never
deadlock), and acked once it committed. Each opinion keeps its own correlation id. When a batch
fails (a refusal, a conflict), each of its commands is tried again alone
(``reliable_events.batching``), so only the refused one is dead-lettered and counted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from joint_review.entrypoints import Entrypoints
from joint_review.messaging.rules import authenticated_sender, department_of, parse_opinion
from joint_review.messaging.topology import COMMANDS_EXCHANGE, OPINIONS_QUEUE, SUBMIT_OPINION
from joint_review.metrics import REFUSED
from joint_review.refusals import (
    AlreadyAnswered,
    InvalidOpinion,
    OpinionIdReused,
    UnknownReview,
    WrongDepartment,
)
from joint_review.reviews.handlers import record_opinion
from joint_review.unit_of_work import UnitOfWork
from reliable_events import ReliableBatchHandler, Transaction, Unprocessable
from reliable_events.commands import ReliableCommandHandler

# the refusals no retry can help (dead-lettered at once), by metric label
REFUSALS = {
    WrongDepartment: "wrong_department",
    OpinionIdReused: "opinion_id_reused",
    AlreadyAnswered: "already_answered",
    InvalidOpinion: "invalid",
    UnknownReview: "unknown_task",
}
MAX_BATCH, MAX_WAIT = 100, 0.01  # commands, seconds: a hop's wait stays far under its 50 ms


class OpinionBatchHandler(ReliableBatchHandler, ReliableCommandHandler):
    """The ``submit_opinion`` consumer, in batches: the command queue and parsing of
    ``ReliableCommandHandler``, the gathering and the one-by-one retry of ``ReliableBatchHandler``.
    Each parsed command carries ``sender``, the broker-authenticated account (see the module
    docstring), and the message's ``correlation_id``."""

    def __init__(self, exchange: str, queue: str, routing_key: str, parse: Any, **kwargs: Any) -> None:
        ReliableCommandHandler.__init__(self, exchange, queue, routing_key, parse, **kwargs)
        self.max_batch, self.max_wait = MAX_BATCH, MAX_WAIT

    def parse(self, body, message) -> dict:
        command = ReliableCommandHandler.parse(self, body, message)
        return {
            **command,
            "sender": authenticated_sender(message, self.trusted_users),
            "correlation_id": message.properties.get("correlation_id") or None,
        }


opinion_batch_handler = OpinionBatchHandler.decorator


def lock_order(command: dict[str, Any]) -> tuple[str, str]:
    return command["review_id"], command["task_id"]


def record_opinions(
    commands: list[dict[str, Any]], tx: Transaction, unit: Callable[[Transaction, str], UnitOfWork]
) -> None:
    """Every command of a batch in one transaction, review by review (the lock order); a
    duplicate in the batch or of an earlier batch is a replay and changes nothing, and the last
    opinion of a round converges it once (``record_opinion`` under the review's lock)."""
    for command in sorted(commands, key=lock_order):
        department = department_of(command["sender"])
        tx.correlation_id = command.get("correlation_id") or str(uuid.uuid4())
        record_opinion(
            {**command, "channel": "amqp", "answering_for": department}, unit(tx, command["reviewer_id"])
        )


class OpinionCommands(Entrypoints):
    """Departments' opinion commands over AMQP, each applied once per (task, opinion id)."""

    @opinion_batch_handler(COMMANDS_EXCHANGE, OPINIONS_QUEUE, SUBMIT_OPINION, parse_opinion)
    def handle_submit_opinion(self, commands):
        """Opinions from departments' own systems, each sent with its department's broker
        account; each applied once per (task, opinion id). A refusal no retry can help fails the
        batch; alone, it is dead-lettered at once."""
        alone = len(commands) == 1
        for command in commands:
            if department_of(command["sender"]) is None:
                if alone:
                    REFUSED.labels("no_sender").inc()
                raise Unprocessable(
                    f"opinion {command['opinion_id']} for task {command['task_id']}: sent by "
                    f"{command['sender'] or 'no user_id'}, not by a department's broker account "
                    "(publish with user_id set to your dept_<department> account)"
                )
        try:
            with self.db.transaction() as tx:
                record_opinions(commands, tx, lambda tx, actor: self.work_in(tx, actor))
        except tuple(REFUSALS) as refused:
            if alone:
                REFUSED.labels(REFUSALS[type(refused)]).inc()
            details = f" {refused.details}" if refused.details else ""
            first = commands[0]
            said = f"opinion {first['opinion_id']} for task {first['task_id']} from {first['sender']}: "
            raise Unprocessable(
                f"{said if alone else ''}{refused.code}: {refused.message}{details}"
            ) from refused

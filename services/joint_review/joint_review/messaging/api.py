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
"""

from __future__ import annotations

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
from reliable_events import Unprocessable
from reliable_events.commands import ReliableCommandHandler

# the refusals no retry can help (dead-lettered at once), by metric label
REFUSALS = {
    WrongDepartment: "wrong_department",
    OpinionIdReused: "opinion_id_reused",
    AlreadyAnswered: "already_answered",
    InvalidOpinion: "invalid",
    UnknownReview: "unknown_task",
}


class OpinionCommandHandler(ReliableCommandHandler):
    """The ``submit_opinion`` consumer: the parsed command carries ``sender``, the
    broker-authenticated account (see the module docstring)."""

    def parse(self, body, message) -> dict:
        command = super().parse(body, message)
        return {**command, "sender": authenticated_sender(message, self.trusted_users)}


opinion_command_handler = OpinionCommandHandler.decorator


class OpinionCommands(Entrypoints):
    """Departments' opinion commands over AMQP, each applied once per (task, opinion id)."""

    @opinion_command_handler(COMMANDS_EXCHANGE, OPINIONS_QUEUE, SUBMIT_OPINION, parse_opinion)
    def handle_submit_opinion(self, command):
        """An opinion from a department's own system, sent with its own broker account; applied
        once per (task, opinion id). A refusal no retry can help is dead-lettered at once."""
        department = department_of(command["sender"])
        if department is None:
            REFUSED.labels("no_sender").inc()
            raise Unprocessable(
                f"opinion {command['opinion_id']} for task {command['task_id']}: sent by "
                f"{command['sender'] or 'no user_id'}, not by a department's broker account "
                "(publish with user_id set to your dept_<department> account)"
            )
        try:
            with self.unit_of_work(command["reviewer_id"]) as uow:
                record_opinion({**command, "channel": "amqp", "answering_for": department}, uow)
        except tuple(REFUSALS) as refused:
            REFUSED.labels(REFUSALS[type(refused)]).inc()
            details = f" {refused.details}" if refused.details else ""
            raise Unprocessable(
                f"opinion {command['opinion_id']} for task {command['task_id']} from "
                f"{command['sender']}: {refused.code}: {refused.message}{details}"
            ) from refused

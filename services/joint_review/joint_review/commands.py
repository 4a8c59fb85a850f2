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
the reason and counted (``hall_review_opinions_refused_total{reason}``), as is an opinion id the
department already used for another task. A body ``department`` that differs from the task's is
refused too. The sender survives retries and re-drives: on first arrival it is written into the
``x-joint-review-sender`` header (overwriting anything the sender put there), which is believed
only on a copy published by joint_review's own account (a retry through the delay queues) or
the operator's (``hall-dead-letters`` re-driving it; ``BROKER_OPERATOR_USER``).
joint_review's own opinions (silence on expiry, meeting minutes) never travel on the bus.
"""

from __future__ import annotations

from prometheus_client import Counter

from hall_contracts.commands import validate_opinion
from hall_contracts.topology import department_user
from joint_review import domain, handlers
from joint_review.dependencies import TASK_LIMIT_KEY, configured_departments
from reliable_events import CommandRejected, Unprocessable, reliable_event_handler
from reliable_events.commands import ReliableCommandHandler
from reliable_events.topology import QUORUM, dead_letter_exchange

TASKS_EXCHANGE = handlers.TASKS_EXCHANGE
UNROUTED_EXCHANGE = "joint_review.unrouted"
UNROUTED_QUEUE = "joint_review.unrouted_tasks"
COMMANDS_EXCHANGE = "joint_review.commands"
OPINIONS_QUEUE = "joint_review.opinions"
SUBMIT_OPINION = "submit_opinion"
DEFAULT_TASK_LIMIT_DAYS = 3  # working days from receipt (R-JOINT-2), per-department
SENDER_HEADER = "x-joint-review-sender"  # not x-hall-*: those are dropped from retry copies
REFUSED = Counter(
    "hall_review_opinions_refused_total",
    "Opinion commands dead-lettered at once: not sent by the task's department's account "
    "(no_sender, wrong_department), an opinion id reused for another task, or never answerable",
    ["reason"],
)
# the refusals no retry can help (dead-lettered at once), by metric label
REFUSALS = {
    domain.WrongDepartment: "wrong_department",
    domain.OpinionIdReused: "opinion_id_reused",
    domain.AlreadyAnswered: "already_answered",
    domain.InvalidOpinion: "invalid",
    domain.NotFound: "unknown_task",
}


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


def authenticated_sender(message, trusted_users) -> str | None:
    """The broker account that sent the opinion command (its ``user_id``, which the broker
    checked), or, on a copy published by one of ``trusted_users`` (joint_review's own account
    retrying it, the operator's re-driving it), the sender recorded on first arrival."""
    user = message.properties.get("user_id")
    if user in trusted_users:
        return message.headers.get(SENDER_HEADER)
    message.headers[SENDER_HEADER] = user or ""  # overwrites a forged one; a retry copy carries it
    return user or None


def department_of(account: str | None) -> str | None:
    """``dept_natural_resources`` -> ``natural_resources``; None for any other account."""
    prefix = department_user("")
    if not account or not account.startswith(prefix) or len(account) == len(prefix):
        return None
    return account[len(prefix) :]


class OpinionCommandHandler(ReliableCommandHandler):
    """The ``submit_opinion`` consumer: the parsed command carries ``sender``, the
    broker-authenticated account (see the module docstring)."""

    def parse(self, body, message) -> dict:
        command = super().parse(body, message)
        return {**command, "sender": authenticated_sender(message, self.trusted_users)}


opinion_command_handler = OpinionCommandHandler.decorator


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
            with self.db.transaction() as tx:
                handlers.record_opinion(
                    command, self.context(tx, command["reviewer_id"]), "amqp", answering_for=department
                )
        except tuple(REFUSALS) as refused:
            REFUSED.labels(REFUSALS[type(refused)]).inc()
            details = f" {refused.details}" if refused.details else ""
            raise Unprocessable(
                f"opinion {command['opinion_id']} for task {command['task_id']} from "
                f"{command['sender']}: {refused.code}: {refused.message}{details}"
            ) from refused

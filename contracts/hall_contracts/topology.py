"""The broker topology of joint reviews, shared by joint_review and the departments' systems.

Review tasks are work, not news: joint_review publishes each to the durable direct exchange
``joint_review.tasks`` with the department code as routing key; it lands in the durable quorum
queue ``review_tasks.<department>``, which only that department's broker account may read, and
which dead-letters to ``joint_review.dlx``. A department answers with a ``submit_opinion``
command (hall_contracts.commands) to the durable direct exchange ``joint_review.commands``,
published with ``user_id`` = its own account (``department_user``); it lands in
``joint_review.opinions``, which joint_review consumes, applying only answers whose ``user_id``
is the task's department's account.

``declare_department_topology`` declares exactly what deploy/rabbitmq/definitions.json declares
and what joint_review itself declares (same arguments, or the broker refuses the second
declaration with PRECONDITION_FAILED); tests/integration checks all three agree on a broker.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SERVICE = "joint_review"
TASKS_EXCHANGE = "joint_review.tasks"
UNROUTED_EXCHANGE = "joint_review.unrouted"  # alternate exchange: a task with no queue waits here
UNROUTED_QUEUE = "joint_review.unrouted_tasks"
COMMANDS_EXCHANGE = "joint_review.commands"
OPINIONS_QUEUE = "joint_review.opinions"
SUBMIT_OPINION = "submit_opinion"
DEAD_LETTER_EXCHANGE = "joint_review.dlx"
DEAD_LETTER_QUEUE = "joint_review.dead_letters"
QUORUM = "quorum"
# the broker's backstop bound on redeliveries (reliable_events' BROKER_DELIVERY_LIMIT default);
# joint_review counts attempts itself and dead-letters a failing opinion long before
OPINIONS_DELIVERY_LIMIT = 20

TASKS_EXCHANGE_ARGUMENTS = {"alternate-exchange": UNROUTED_EXCHANGE}
TASK_QUEUE_ARGUMENTS = {"x-queue-type": QUORUM, "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE}
# What reliable_events gives a quorum consumer queue of joint_review (consumer_queue_arguments).
OPINIONS_QUEUE_ARGUMENTS = {
    "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
    "x-queue-type": QUORUM,
    "x-delivery-limit": OPINIONS_DELIVERY_LIMIT,
    "x-dead-letter-strategy": "at-least-once",
    "x-overflow": "reject-publish",
}


def task_queue(department: str) -> str:
    """``natural_resources`` -> ``review_tasks.natural_resources``."""
    return f"review_tasks.{department}"


def department_user(department: str) -> str:
    """The broker account of a department's own system: ``dept_natural_resources``."""
    return f"dept_{department}"


def declare_department_topology(channel: Any, departments: Iterable[str]) -> None:
    """Declare the exchanges, queues and bindings of tasks and opinions (a pika channel).

    Idempotent; needs configure permission, so joint_review or an operator runs it, never a
    department (whose account may only passively declare its own queue).
    """
    durable = {"durable": True, "auto_delete": False}
    channel.exchange_declare(DEAD_LETTER_EXCHANGE, "fanout", **durable)
    channel.queue_declare(DEAD_LETTER_QUEUE, **durable, arguments={"x-queue-type": QUORUM})
    channel.queue_bind(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, routing_key="")
    channel.exchange_declare(UNROUTED_EXCHANGE, "fanout", **durable)
    channel.queue_declare(UNROUTED_QUEUE, **durable, arguments={"x-queue-type": QUORUM})
    channel.queue_bind(UNROUTED_QUEUE, UNROUTED_EXCHANGE, routing_key="")
    channel.exchange_declare(TASKS_EXCHANGE, "direct", **durable, arguments=TASKS_EXCHANGE_ARGUMENTS)
    for department in departments:
        channel.queue_declare(task_queue(department), **durable, arguments=TASK_QUEUE_ARGUMENTS)
        channel.queue_bind(task_queue(department), TASKS_EXCHANGE, routing_key=department)
    channel.exchange_declare(COMMANDS_EXCHANGE, "direct", **durable)
    channel.queue_declare(OPINIONS_QUEUE, **durable, arguments=OPINIONS_QUEUE_ARGUMENTS)
    channel.queue_bind(OPINIONS_QUEUE, COMMANDS_EXCHANGE, routing_key=SUBMIT_OPINION)


__all__ = [
    "COMMANDS_EXCHANGE",
    "DEAD_LETTER_EXCHANGE",
    "DEAD_LETTER_QUEUE",
    "OPINIONS_QUEUE",
    "OPINIONS_QUEUE_ARGUMENTS",
    "SUBMIT_OPINION",
    "TASKS_EXCHANGE",
    "TASK_QUEUE_ARGUMENTS",
    "declare_department_topology",
    "department_user",
    "task_queue",
]

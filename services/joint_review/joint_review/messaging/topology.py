"""The work topology: review tasks go to each department's own durable queue, by department code.

Tasks go out through the outbox to the direct exchange ``joint_review.tasks``, routed by
department code to ``review_tasks.<department>``. The queues of the configured departments
(``DEPARTMENTS``) are declared before anything is published; a task for a department with no
queue yet is not lost: the exchange's alternate exchange keeps it in
``joint_review.unrouted_tasks`` for an operator.
"""

from __future__ import annotations

from joint_review.dependencies import configured_departments
from reliable_events.topology import QUORUM, dead_letter_exchange

TASKS_EXCHANGE = "joint_review.tasks"
UNROUTED_EXCHANGE = "joint_review.unrouted"
UNROUTED_QUEUE = "joint_review.unrouted_tasks"
COMMANDS_EXCHANGE = "joint_review.commands"
OPINIONS_QUEUE = "joint_review.opinions"
SUBMIT_OPINION = "submit_opinion"


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

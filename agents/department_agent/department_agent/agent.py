"""The agent's loop on plain pika: consume the department's task queue, answer, then ack.

Order of a task's life: deliver (manual ack, bounded prefetch) -> check the envelope against the
contract (a malformed task is rejected without requeue, so the broker dead-letters it to
``joint_review.dlx``) -> wait the policy's delay on the connection's own timer (heartbeats keep
flowing) -> publish the opinion with publisher confirms -> ack the task only once the broker has
confirmed the opinion. A crash anywhere leaves the task unacked, so it is redelivered, and the
opinion id is derived from task id and round (under the agent's secret key), so joint_review
applies a repeated answer once.

Every opinion carries the AMQP ``user_id`` of the account the agent logged in with: the broker
refuses a ``user_id`` that is not the connection's own, and joint_review applies an opinion only
when that account is the task's department's (``dept_<department>``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime

import pika
import pika.exceptions

from department_agent.policy import Policy, opinion_for
from hall_contracts.commands import COMMAND_CONTENT_TYPE
from hall_contracts.registry import EventValidationError, validate_event
from hall_contracts.topology import COMMANDS_EXCHANGE, SUBMIT_OPINION, department_user, task_queue

TASK_TYPE = "hall.joint_review.review_task_assigned"
REPUBLISH_SECONDS = 5.0  # an unroutable or refused opinion is tried again; the task waits unacked
log = logging.getLogger("department_agent")


class MalformedTask(ValueError):
    """A message on the task queue that is not a review task for this department."""


def read_task(body: bytes, department: str) -> dict:
    """A valid review task envelope for ``department``, or MalformedTask saying why."""
    try:
        envelope = json.loads(body)
    except ValueError as error:
        raise MalformedTask(f"not JSON: {error}") from None
    try:
        validate_event(envelope)
    except EventValidationError as error:
        raise MalformedTask("; ".join(error.problems)) from None
    if envelope["type"] != TASK_TYPE:
        raise MalformedTask(f"type {envelope['type']!r} is not {TASK_TYPE!r}")
    if envelope["data"]["department"] != department:
        raise MalformedTask(f"a task of {envelope['data']['department']!r} on {department!r}'s queue")
    return envelope


def broker_parameters(amqp_uri: str) -> list[pika.URLParameters]:
    """``amqp://...@h1:5672/;amqp://...@h2:5672/``: every node of a cluster (the failover
    syntax of the services' ``AMQP_URI``); pika tries them in turn at each (re)connection."""
    uris = [uri.strip() for uri in amqp_uri.split(";") if uri.strip()]
    if not uris:
        raise ValueError("no broker address in the AMQP URI")
    return [pika.URLParameters(uri) for uri in uris]


class DepartmentAgent:
    """``DepartmentAgent(uri, "natural_resources", Policy("approve")).run()`` until ``stop()``."""

    def __init__(
        self,
        amqp_uri: str,
        department: str,
        policy: Policy,
        *,
        delay: float = 0.0,
        max_tasks: int | None = None,
        prefetch: int = 10,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        opinion_key: bytes | None = None,
    ):
        self.parameters = broker_parameters(amqp_uri)
        credentials = self.parameters[0].credentials
        self.account = credentials.username
        # else the account and its password: a secret of the department's, stable across restarts
        self.opinion_key = opinion_key or f"{credentials.username}:{credentials.password}".encode()
        self.department, self.policy, self.delay = department, policy, delay
        self.max_tasks, self.now = max_tasks, now
        self.prefetch = min(prefetch, max_tasks) if max_tasks else prefetch
        self.handled = 0  # answered or dead-lettered, over every connection of this agent
        self.stopping = False
        self.connection: pika.BlockingConnection | None = None

    @property
    def queue(self) -> str:
        return task_queue(self.department)

    def stop(self) -> None:
        """Ask the loop to end (safe from a signal handler); unacked tasks go back to the queue."""
        self.stopping = True

    def finished(self) -> bool:
        return self.stopping or (self.max_tasks is not None and self.handled >= self.max_tasks)

    def run(self) -> int:
        """Serve until stopped or ``max_tasks`` handled; return how many tasks were handled."""
        self.connection = pika.BlockingConnection(self.parameters)
        try:
            channel = self.connection.channel()
            channel.confirm_delivery()
            channel.queue_declare(self.queue, passive=True)  # the account may not declare
            channel.basic_qos(prefetch_count=self.prefetch)
            channel.basic_consume(self.queue, self.on_task)
            log.info("consuming %s as %s", self.queue, self.account)
            if self.account != department_user(self.department):
                log.warning(
                    "logged in as %s: joint_review applies only answers sent by %s (the "
                    "AMQP user_id of every opinion is the account it was published with)",
                    self.account,
                    department_user(self.department),
                )
            while not self.finished():
                self.connection.process_data_events(time_limit=0.5)
        finally:
            if self.connection.is_open:
                self.connection.close()  # the broker requeues whatever is still unacked
        return self.handled

    def on_task(self, channel, method, properties, body) -> None:
        if self.finished():
            return  # left unacked: back to the queue when the connection closes
        try:
            envelope = read_task(body, self.department)
        except MalformedTask as problem:
            channel.basic_reject(method.delivery_tag, requeue=False)
            self.handled += 1
            log.warning("task %s rejected, dead-lettered: %s", properties.message_id or "?", problem)
            return
        if self.delay:
            self.later(self.delay, lambda: self.answer(channel, method, envelope))
        else:
            self.answer(channel, method, envelope)

    def later(self, seconds: float, callback) -> None:
        """Run ``callback`` after ``seconds`` on this connection's own timer (heartbeats go on)."""
        if self.connection is None:  # only callbacks of an open connection get here
            raise RuntimeError("no connection to schedule on")
        self.connection.call_later(seconds, callback)

    def answer(self, channel, method, envelope: dict) -> None:
        if self.stopping or not channel.is_open:
            return
        task = envelope["data"]
        opinion = opinion_for(task, self.policy, self.now(), self.opinion_key)
        try:
            channel.basic_publish(
                COMMANDS_EXCHANGE,
                SUBMIT_OPINION,
                json.dumps(opinion, ensure_ascii=False).encode(),
                pika.BasicProperties(
                    content_type=COMMAND_CONTENT_TYPE,
                    delivery_mode=2,
                    message_id=opinion["opinion_id"],
                    correlation_id=envelope["correlationid"],
                    user_id=self.account,  # checked by the broker; joint_review's proof of sender
                ),
                mandatory=True,
            )
        except (pika.exceptions.UnroutableError, pika.exceptions.NackError) as error:
            log.warning(
                "task %s: opinion not accepted by the broker (%s); again in %ss",
                task["task_id"],
                type(error).__name__,
                REPUBLISH_SECONDS,
            )
            self.later(REPUBLISH_SECONDS, lambda: self.answer(channel, method, envelope))
            return
        self.acknowledge(channel, method.delivery_tag)
        self.handled += 1
        log.info(
            "task %s (case %s, round %s): %s, opinion %s%s",
            task["task_id"],
            task["case_no"],
            task["round"],
            opinion["verdict"],
            opinion["opinion_id"],
            " (redelivered task)" if method.redelivered else "",
        )

    def acknowledge(self, channel, delivery_tag: int) -> None:
        """Only after the opinion's confirm: a crash before this line loses nothing."""
        channel.basic_ack(delivery_tag)

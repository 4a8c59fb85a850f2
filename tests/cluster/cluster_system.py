"""The whole hall on the cluster, as the cluster scenarios start it and judge it at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from broker_faults import assert_nothing_lost, judge_scenario
from bus import wait_for
from checker import SpyQueue
from cluster_load import DEPARTMENTS, JOINT_EVERY, convergences, events_committed, start_agents


@dataclass
class HallOnCluster:
    """The spy, the probe, two replicas each of joint_review, notify and intake, the agents."""

    stack: object
    spy: SpyQueue
    probe: object
    reviews: list
    notices: list
    intakes: list
    agents: list = field(default_factory=list)
    since: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def services(self) -> list:
        return [self.probe, *self.reviews, *self.notices, *self.intakes]


def start_hall(stack) -> HallOnCluster:
    """Everything started, each quorum queue checked to have its three replicas."""
    spy = SpyQueue(stack.amqp_uri, "intake.events")
    probe = stack.start_probe()
    review = stack.start("joint_review", env={"DEPARTMENTS": ",".join(DEPARTMENTS)})
    intake = stack.start("intake")
    # notify asks intake for each receipt's code: without INTAKE_URL it called a port nobody
    # listens on, and its replicas could end the scenario unhealthy
    notice = stack.start("notify", env={"SMS_GATEWAY_URL": "http://127.0.0.1:9", "INTAKE_URL": intake.url})
    hall = HallOnCluster(
        stack,
        spy,
        probe,
        [review, stack.start_replica(review)],
        [notice, stack.start_replica(notice)],
        [intake, stack.start_replica(intake)],
    )
    hall.agents = start_agents(stack.broker, stack.vhost, stack.log_dir)
    queues = stack.broker.quorum_queues(stack.vhost)
    assert queues and all(len(members) == 3 for _, members in queues.values()), queues
    hall.since = datetime.now(UTC)
    return hall


def judge_hall(hall: HallOnCluster, name: str, poster, window: tuple[float, float]) -> None:
    """After the final drain: nothing lost, unexpected or applied twice at the probe and at the
    agency's spy; every joint review converged exactly once; no service or agent exited."""
    until = datetime.now(UTC)
    intake, review = hall.intakes[0], hall.reviews[0]
    judgement = judge_scenario(name, hall.stack, hall.probe, intake, hall.spy, window)
    assert_nothing_lost(judgement, *hall.services)
    joint = set(poster.joint_cases())
    assert len(joint) >= len(poster.answered) // JOINT_EVERY, (len(joint), len(poster.answered))
    wait_for(lambda: set(convergences(review.database_url)) >= joint, timeout=180)
    converged = convergences(review.database_url)
    assert all(count == 1 for count in converged.values()), {k: n for k, n in converged.items() if n > 1}
    assert set(converged) == joint
    exited = [agent.args for agent in hall.agents if agent.poll() is not None]
    assert not exited, exited
    databases = [service.database_url for service in (intake, review, hall.notices[0])]
    events = events_committed(databases, hall.since, until) + len(DEPARTMENTS) * len(joint)
    print(
        f"[{name}] {len(poster.answered)} cases ({len(joint)} joint, each converged once), "
        f"{poster.late} posted late, {poster.retried} posted again after a 503; {events} events "
        f"committed: {events / poster.seconds:.0f} events/s over the {poster.seconds:.0f}s of posting, "
        f"{events / (until - hall.since).total_seconds():.0f} events/s until the faults were over"
    )
    for agent in hall.agents:
        agent.terminate()

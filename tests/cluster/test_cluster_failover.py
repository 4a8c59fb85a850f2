"""Scale-out on a real RabbitMQ cluster (issue 17): three nodes joined into one cluster, quorum
queues with three replicas, every service and relay given all three nodes in its ``AMQP_URI``,
two replicas of joint_review and of notify on PostgreSQL competing for their queues, two intake
replicas, the probe and the three departments' agents.

Under a steady load (cases posted to intake and the events they cause), the node that leads the
busiest queue is killed with SIGKILL and started again, then two of the three nodes are stopped
for 30 s and brought back. After the final drain (tests/reliability's ``final_drain``) the
checker (``checker.judge``) finds nothing lost, nothing unexpected, nothing applied twice, at
the probe and at an agency's spy queue; every joint review converged exactly once; no service
or agent exited.
"""

import time
from datetime import UTC, datetime

from broker_faults import assert_nothing_lost, hold, judge_scenario
from bus import wait_for
from checker import SpyQueue
from cluster_load import (
    DEPARTMENTS,
    JOINT_EVERY,
    SteadyPoster,
    convergences,
    events_committed,
    start_agents,
)

RATE = 25  # cases a second: with the events they cause, about 200 events a second
SECONDS = 60
OUTAGE = 30
BUSY_QUEUE = "evt-intake-case_accepted--joint_review.handle_case_accepted"


def test_a_leader_killed_and_two_of_three_nodes_stopped_under_steady_load_lose_nothing(cluster_stack):
    stack, cluster = cluster_stack, cluster_stack.broker
    spy = SpyQueue(stack.amqp_uri, "intake.events")
    probe = stack.start_probe()
    reviews = stack.start("joint_review", env={"DEPARTMENTS": ",".join(DEPARTMENTS)})
    services = [
        probe,
        reviews,
        stack.start_replica(reviews),
        notify := stack.start("notify", env={"SMS_GATEWAY_URL": "http://127.0.0.1:9"}),
        stack.start_replica(notify),
        intake := stack.start("intake"),
        stack.start_replica(intake),
    ]
    agents = start_agents(cluster, stack.vhost, stack.log_dir)
    replicas = {queue: members for queue, (_, members) in cluster.quorum_queues(stack.vhost).items()}
    assert replicas and all(len(members) == 3 for members in replicas.values()), replicas

    poster = SteadyPoster(services[-2:], RATE, SECONDS)
    since = datetime.now(UTC)
    poster.start()
    hold(10)
    started = time.time()
    leader = cluster.leader_of(stack.vhost, BUSY_QUEUE)
    cluster.kill(leader)
    cluster.start_nodes([leader])
    hold(5)
    two = [node for node in cluster.nodes if node is not leader]
    cluster.stop_nodes(two)
    hold(OUTAGE)  # the one node left is a minority: quorum queues have no leader
    cluster.start_nodes(two)
    cluster.wait_for_members()
    ended = time.time()
    poster.finish()
    until = datetime.now(UTC)

    judgement = judge_scenario(
        f"cluster: leader of {BUSY_QUEUE} SIGKILLed, 2 of 3 nodes stopped {OUTAGE}s",
        stack,
        probe,
        intake,
        spy,
        (started, ended),
    )
    assert_nothing_lost(judgement, *services)
    joint = set(poster.joint_cases())
    assert len(joint) >= len(poster.answered) // JOINT_EVERY, (len(joint), len(poster.answered))
    wait_for(lambda: set(convergences(reviews.database_url)) >= joint, timeout=120)
    converged = convergences(reviews.database_url)
    assert all(count == 1 for count in converged.values()), {k: n for k, n in converged.items() if n > 1}
    assert set(converged) == joint
    exited = [agent.args for agent in agents if agent.poll() is not None]
    assert not exited, exited
    events = events_committed(
        [service.database_url for service in (intake, reviews, notify)], since, until
    ) + len(DEPARTMENTS) * len(joint)  # and the agents' opinions
    print(
        f"\n{len(poster.answered)} cases ({len(joint)} joint) in {SECONDS}s, {poster.late} posted late; "
        f"{events} events, {events / (until - since).total_seconds():.0f} events/s"
    )
    for agent in agents:
        agent.terminate()

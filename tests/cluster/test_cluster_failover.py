"""Scale-out on a real RabbitMQ cluster (issue 17): three nodes joined into one cluster, quorum
queues with three replicas, every service and relay given all three nodes in its ``AMQP_URI``,
two replicas each of intake, joint_review and notify on PostgreSQL competing for their queues,
the probe and the three departments' agents.

Under a steady load (cases posted to intake and the events they cause), the node that leads a
busy queue is killed with SIGKILL and started again, then the two other nodes are stopped for
30 s and brought back. After the final drain (tests/reliability's ``final_drain``) the checker
(``checker.judge``) finds nothing lost, nothing unexpected, nothing applied twice, at the probe
and at an agency's spy queue; every joint review converged exactly once; no service or agent
exited.
"""

import time

from broker_faults import hold
from cluster_load import SteadyPoster
from cluster_system import judge_hall, start_hall

RATE = 30  # cases a second: with the events they cause (about 7 a case), 200 events a second
SECONDS = 60
OUTAGE = 30
BUSY_QUEUE = "evt-intake-case_accepted--joint_review.handle_case_accepted"


def test_a_leader_killed_and_two_of_three_nodes_stopped_under_steady_load_lose_nothing(cluster_stack):
    stack, cluster = cluster_stack, cluster_stack.broker
    hall = start_hall(stack)
    poster = SteadyPoster(hall.intakes, RATE, SECONDS)
    poster.start()
    hold(10)
    started = time.time()
    leader = cluster.leader_of(stack.vhost, BUSY_QUEUE)
    cluster.kill(leader)
    cluster.wait_for_new_leader(stack.vhost, BUSY_QUEUE, leader)  # elected on another node
    cluster.start_nodes([leader])
    hold(5)
    two = [node for node in cluster.nodes if node is not leader]
    cluster.stop_nodes(two)
    before = len(poster.answered)
    hold(OUTAGE)  # the one node left is a minority: quorum queues have no leader
    during = len(poster.answered) - before
    cluster.start_nodes(two)
    cluster.wait_for_members()
    ended = time.time()
    poster.finish()
    print(f"\n{during} cases accepted while two of three nodes were stopped ({OUTAGE}s)")

    judge_hall(
        hall,
        f"cluster: leader of {BUSY_QUEUE} SIGKILLed, 2 of 3 nodes stopped {OUTAGE}s",
        poster,
        (started, ended),
    )

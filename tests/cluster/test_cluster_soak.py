"""The soak (issue 17; ``make soak``, not in CI: marked ``slow``): the hall on the three-node
cluster under a steady load for 10 minutes, with a fault every 30 s, rotating: the node leading a
busy queue SIGKILLed (and started again), every connection closed, joint_review's database away,
a joint_review replica SIGKILLed (and started again), a disk alarm on a node. At the end the same
judgement as the cluster tier's (final drain, checker, one convergence per review, nobody
exited), with the Jepsen-style figures and a table of the faults printed."""

import time
from collections import defaultdict

import pytest
from broker_faults import alarms, hold
from bus import wait_for
from cluster_load import SteadyPoster
from cluster_system import judge_hall, start_hall
from stack import database_outage

RATE = 43  # cases a second: with the events they cause (about 7 a case), 300 events a second
SECONDS = 600
EVERY = 30
BUSY_QUEUE = "evt-intake-case_accepted--joint_review.handle_case_accepted"
NORMAL_DISK_LIMIT = "50MB"  # RabbitMQ's default disk_free_limit


def kill_leader(hall) -> None:
    cluster, vhost = hall.stack.broker, hall.stack.vhost
    leader = cluster.leader_of(vhost, BUSY_QUEUE)
    cluster.kill(leader)
    cluster.wait_for_new_leader(vhost, BUSY_QUEUE, leader)
    cluster.start_nodes([leader])


def close_connections(hall) -> None:
    hall.stack.broker.ctl("close_all_connections", "--vhost", hall.stack.vhost, "soak: connections closed")


def database_away(hall) -> None:
    outage = hall.outage  # its connection opened before the load: the server may be full then
    outage(True)
    try:
        hold(10)
    finally:
        outage(False)


def kill_replica(hall) -> None:
    replica = hall.reviews[1]
    replica.kill()
    replica.process.start().wait_healthy(60)


def disk_alarm(hall) -> None:
    node = hall.stack.broker.nodes[0]
    node.ctl("set_disk_free_limit", "1000000GB")
    try:
        wait_for(lambda: "disk" in alarms(node), timeout=30)
        hold(10)  # every publisher of the cluster is blocked meanwhile
    finally:
        node.ctl("set_disk_free_limit", NORMAL_DISK_LIMIT)
    wait_for(lambda: "disk" not in alarms(node), timeout=30)


FAULTS = [kill_leader, close_connections, database_away, kill_replica, disk_alarm]


@pytest.mark.slow
@pytest.mark.timeout(2400)  # 10 minutes of load, faults that overrun their 30 s, the final drain
def test_soak_ten_minutes_with_a_fault_every_thirty_seconds_loses_nothing(cluster_stack):
    hall = start_hall(cluster_stack)
    hall.outage = database_outage(hall.reviews[0].database_url)
    hall.outage(False)  # a no-op that opens (and keeps) the outage's own connection
    poster = SteadyPoster(hall.intakes, RATE, SECONDS, clerks=16)
    poster.start()
    started = time.time()
    done: dict[str, list[float]] = defaultdict(list)
    for number in range(SECONDS // EVERY):
        hold(max(0.0, started + (number + 1) * EVERY - time.time()))
        fault = FAULTS[number % len(FAULTS)]
        began = time.time()
        fault(hall)
        done[fault.__name__].append(time.time() - began)
        print(
            f"{time.time() - started:6.0f}s {fault.__name__} over after {time.time() - began:.1f}s",
            flush=True,
        )
    ended = time.time()
    poster.finish(timeout=300)

    print("\nfault              times  seconds (each, until it was over and undone)")
    for name, lasted in done.items():
        print(f"{name:<18} {len(lasted):>5}  {' '.join(f'{s:.1f}' for s in lasted)}")
    judge_hall(hall, f"soak: {SECONDS}s, a fault every {EVERY}s", poster, (started, ended))

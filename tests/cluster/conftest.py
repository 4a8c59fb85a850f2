"""The cluster tier: three RabbitMQ nodes of this run joined into one cluster, services on
PostgreSQL (replicas compete for the same queues and share one database), every process given
the failover ``AMQP_URI`` of all three nodes.

A missing ``rabbitmq-server`` or PostgreSQL fails the tier (both are installed when missing, as
for the other tiers); it never skips. The tier runs on PostgreSQL whatever ``HALL_TEST_DB``
says (``HALL_TEST_PG_URL`` names the server, else a local one is started): the SQLite leg of
``scripts/test`` leaves it out.
"""

import os
import uuid

import pytest


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from local_stack.cluster import BrokerCluster

    running = BrokerCluster(tmp_path_factory.mktemp("cluster"), 3, prefix=f"hallc{os.getpid()}n")
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def pg_server():
    from local_stack import ensure_postgres

    return ensure_postgres(
        os.environ.get("HALL_TEST_PG_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    )


@pytest.fixture
def cluster_stack(cluster, pg_server, tmp_path, request):
    """A ``Stack`` on a fresh vhost of the cluster whose databases are on PostgreSQL."""
    from stack import REPO_ROOT, Stack

    from local_stack import create_database, drop_database
    from reliable_events.migrations import upgrade

    created: list[str] = []

    def database_url(name: str) -> str:
        db_name = f"hall_cluster_{name}_{uuid.uuid4().hex[:8]}"
        created.append(db_name)
        return create_database(pg_server, db_name)

    def migrated(service: str) -> str:
        url = database_url(service)
        upgrade(service, url, REPO_ROOT / "services" / service / "alembic.ini")
        return url

    vhost = f"c{uuid.uuid4().hex[:10]}"
    running = Stack(cluster, cluster.add_vhost(vhost), migrated, database_url, tmp_path)
    running.vhost = vhost
    yield running
    running.stop()
    failed = request.node.rep_call.failed if hasattr(request.node, "rep_call") else False
    if failed:
        for process in running.processes:
            print(f"--- log of {process.service} ---\n{process.log_tail(60)}")
    for db_name in created:
        drop_database(pg_server, db_name)

"""local_stack.cluster without a broker: the failover URI, the nodes' own files, the leader."""

import json

import pytest

from local_stack.broker import BrokerError
from local_stack.cluster import BrokerCluster


def test_each_node_has_its_own_name_ports_and_folder_and_the_uri_names_them_all(tmp_path):
    cluster = BrokerCluster(tmp_path, 3, prefix="hallx")
    assert [node.nodename for node in cluster.nodes] == [f"hallx{i}@localhost" for i in (1, 2, 3)]
    assert len({node.port for node in cluster.nodes} | {node.dist_port for node in cluster.nodes}) == 6
    assert len({node.data_dir for node in cluster.nodes}) == 3
    assert cluster.uri("t 1").split(";") == [
        f"amqp://guest:guest@127.0.0.1:{node.port}/t%201" for node in cluster.nodes
    ]


def test_every_node_gets_the_same_private_cookie_and_three_quorum_replicas(tmp_path):
    cluster = BrokerCluster(tmp_path, 3)
    for node in cluster.nodes:
        node.write_files()
    cookies = [node.data_dir / ".erlang.cookie" for node in cluster.nodes]
    assert len({cookie.read_text() for cookie in cookies}) == 1
    assert all(cookie.stat().st_mode & 0o777 == 0o400 for cookie in cookies)
    assert all("{quorum_cluster_size, 3}" in node.advanced_config_file.read_text() for node in cluster.nodes)
    assert all(node.node_env()["HOME"] == str(node.data_dir) for node in cluster.nodes)  # rabbitmqctl too


def test_the_leader_of_a_quorum_queue_is_read_from_list_queues_and_a_new_one_is_waited_for(tmp_path):
    cluster = BrokerCluster(tmp_path, 3, prefix="n")
    first, second, _ = cluster.nodes
    answers = iter(
        [
            BrokerError("electing"),  # a listing that fails during the election is asked again
            [{"name": "q", "type": "quorum", "leader": first.nodename, "members": []}],
            [{"name": "q", "type": "quorum", "leader": second.nodename, "members": ["b", "a"]}],
            [{"name": "c", "type": "classic"}],
        ]
    )

    def ctl(*args, timeout=90):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return json.dumps(answer)

    cluster.ctl = ctl
    assert cluster.wait_for_new_leader("v", "q", first, timeout=10) is second
    assert cluster.quorum_queues("v") == {}  # classic queues are not listed
    with pytest.raises(BrokerError):
        cluster.node_named("stranger@localhost")

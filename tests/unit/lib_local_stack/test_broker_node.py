"""A private broker node is addressed only through its own files and variables."""

from pathlib import Path

from local_stack import BrokerNode, amqp_answers, ensure_broker, free_port
from local_stack.broker import BrokerError


def make_node(tmp_path: Path) -> BrokerNode:
    return BrokerNode(tmp_path / "node", 5690, "hallunit@localhost", 25690)


def test_config_listens_on_loopback_at_the_node_port_and_lets_guest_in(tmp_path):
    node = make_node(tmp_path)
    node.write_files()
    assert node.config_file.read_text().splitlines() == [
        "listeners.tcp.default = 127.0.0.1:5690",
        "loopback_users = none",
    ]
    assert node.plugins_file.read_text().strip() == "[]."


def test_every_path_of_the_node_lies_in_its_data_folder(tmp_path):
    env = make_node(tmp_path).node_env()
    data = str((tmp_path / "node").resolve())
    assert env["HOME"] == data  # the Erlang cookie is created there, not in /root
    for key in (
        "RABBITMQ_MNESIA_BASE",
        "RABBITMQ_LOG_BASE",
        "RABBITMQ_ENABLED_PLUGINS_FILE",
        "RABBITMQ_CONFIG_FILE",
        "RABBITMQ_PID_FILE",
    ):
        assert env[key].startswith(data + "/"), key
    assert env["RABBITMQ_CONFIG_FILE"].endswith("rabbitmq.conf")


def test_node_name_and_ports_come_from_the_constructor(tmp_path):
    env = make_node(tmp_path).node_env()
    assert (env["RABBITMQ_NODENAME"], env["RABBITMQ_NODE_PORT"], env["RABBITMQ_DIST_PORT"]) == (
        "hallunit@localhost",
        "5690",
        "25690",
    )


def test_uris_quote_the_vhost(tmp_path):
    node = make_node(tmp_path)
    assert node.amqp_uri == "amqp://guest:guest@127.0.0.1:5690/%2F"
    assert node.vhost_uri("t/1") == "amqp://guest:guest@127.0.0.1:5690/t%2F1"


def test_a_node_that_never_started_is_not_running_and_stopping_it_is_a_no_op(tmp_path):
    node = make_node(tmp_path)
    assert not node.is_running()
    node.stop()


def test_a_stale_pid_file_does_not_count_as_a_running_node(tmp_path):
    node = make_node(tmp_path)
    node.write_files()
    node.pid_file.write_text("1\n")  # pid 1 exists but is no Erlang VM
    assert not node.is_running()


def test_nothing_answers_amqp_on_a_free_port():
    assert not amqp_answers(f"amqp://guest:guest@127.0.0.1:{free_port()}/", timeout=1)


def test_ensure_broker_refuses_a_port_held_by_something_that_is_not_amqp(tmp_path):
    import socket

    import pytest

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with pytest.raises(BrokerError, match=f"port {port} is taken"):
            ensure_broker(tmp_path, port)
    assert not (tmp_path / "rabbitmq").exists()

"""A RabbitMQ cluster on this machine: N private nodes (``BrokerNode``) joined into one.

Each node has its own name (``hall1@localhost``...), AMQP and distribution ports and data
folder, and every node's HOME holds the same ``.erlang.cookie``, so the nodes, and the
``rabbitmqctl`` run against any of them, trust each other. The nodes boot
in parallel; nodes 2..N then ``join_cluster`` the first. Quorum queues declared once every node
is a member get a replica on three of them (RabbitMQ's ``quorum_cluster_size``, 3, is also set
in each node's advanced.config).

    cluster = BrokerCluster(tmp, size=3).start()
    uri = cluster.add_vhost("t1")         # amqp://...@127.0.0.1:p1/t1;amqp://...:p2/t1;...
    cluster.leader_of("t1", "some.queue")  # -> the BrokerNode that leads it
    cluster.kill(node); cluster.start_nodes([node])
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import time
from pathlib import Path

from local_stack.broker import BrokerError, BrokerNode
from local_stack.conventions import free_port
from local_stack.rabbitmq_package import ensure_rabbitmq_installed

REPLICAS = 3


class ClusterNode(BrokerNode):
    """A private node that shares the cluster's Erlang cookie."""

    def __init__(self, data_dir: Path, port: int, nodename: str, dist_port: int, cookie: str):
        super().__init__(data_dir, port, nodename, dist_port)
        self.cookie = cookie

    @property
    def advanced_config_file(self) -> Path:
        return self.data_dir / "advanced.config"

    def node_env(self) -> dict[str, str]:
        return {**super().node_env(), "RABBITMQ_ADVANCED_CONFIG_FILE": str(self.advanced_config_file)}

    def write_files(self) -> None:
        super().write_files()
        cookie = self.data_dir / ".erlang.cookie"
        if not cookie.exists():
            cookie.write_text(self.cookie)
            cookie.chmod(0o400)  # Erlang refuses a cookie others may read
        self.advanced_config_file.write_text(f"[{{rabbit, [{{quorum_cluster_size, {REPLICAS}}}]}}].\n")


class BrokerCluster:
    """``size`` nodes named ``<prefix>1@localhost``... under ``data_dir``, one cluster."""

    def __init__(self, data_dir: Path, size: int = 3, prefix: str = "hall"):
        cookie = secrets.token_hex(16).upper()
        self.nodes = [
            ClusterNode(
                Path(data_dir) / f"node{i}", free_port(), f"{prefix}{i}@localhost", free_port(), cookie
            )
            for i in range(1, size + 1)
        ]

    # -- the cluster as a whole ----------------------------------------------------------------

    def start(self, timeout: float = 90) -> BrokerCluster:
        """Boot every node in parallel, join nodes 2..N to the first, wait for all members."""
        ensure_rabbitmq_installed()
        self.start_nodes(self.nodes, timeout)
        seed = self.nodes[0]
        for node in self.nodes[1:]:
            node.ctl("stop_app")
            node.ctl("join_cluster", seed.nodename)
            node.ctl("start_app")
        self.wait_for_members(timeout)
        return self

    def stop(self) -> None:
        for node in self.nodes:
            if node.is_ours() or node.is_running():
                try:
                    node.stop()
                except BrokerError:
                    self.kill(node)

    def running(self) -> list[ClusterNode]:
        return [node for node in self.nodes if node.is_ours()]

    def ctl(self, *args: str, timeout: float = 90) -> str:
        """``rabbitmqctl`` against the first node that runs (cluster-wide commands)."""
        return self._any().ctl(*args, timeout=timeout)

    def _any(self) -> ClusterNode:
        running = self.running()
        if not running:
            raise BrokerError("no node of the cluster runs")
        return running[0]

    def members(self) -> list[str]:
        """The names of the nodes the cluster reports running."""
        status = json.loads(self.ctl("cluster_status", "--formatter", "json"))
        return sorted(status.get("running_nodes", []))

    def wait_for_members(self, timeout: float = 90) -> None:
        wanted = sorted(node.nodename for node in self.nodes)
        deadline = time.monotonic() + timeout
        while (found := self.members()) != wanted:
            if time.monotonic() > deadline:
                raise BrokerError(f"the cluster runs {found}, not {wanted}")
            time.sleep(0.5)

    def uri(self, vhost: str = "/") -> str:
        """The failover ``AMQP_URI``: every node of the cluster, tried in turn."""
        return ";".join(node.vhost_uri(vhost) for node in self.nodes)

    @property
    def amqp_uri(self) -> str:
        return self.uri("/")

    def add_vhost(self, name: str) -> str:
        """A fresh vhost guest may use fully (vhosts are cluster-wide); its failover URI."""
        self.ctl("add_vhost", name)
        self.ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        return self.uri(name)

    # -- quorum queues -------------------------------------------------------------------------

    def quorum_queues(self, vhost: str) -> dict[str, tuple[str, list[str]]]:
        """Every quorum queue of ``vhost``: its leader and its members (node names)."""
        listing = json.loads(
            self.ctl("list_queues", "-p", vhost, "name", "type", "leader", "members", "--formatter", "json")
        )
        return {
            queue["name"]: (queue.get("leader", ""), sorted(queue.get("members") or []))
            for queue in listing
            if queue.get("type") == "quorum"
        }

    def node_named(self, nodename: str) -> ClusterNode:
        for node in self.nodes:
            if node.nodename == nodename:
                return node
        raise BrokerError(f"{nodename} is not a node of this cluster")

    def leader_of(self, vhost: str, queue: str) -> ClusterNode:
        """The node leading the quorum queue ``queue`` right now."""
        leader, _members = self.quorum_queues(vhost)[queue]
        return self.node_named(leader)

    def wait_for_new_leader(
        self, vhost: str, queue: str, old: ClusterNode, timeout: float = 60
    ) -> ClusterNode:
        """Wait until a node other than ``old`` leads ``queue`` (an election after ``old`` went
        away); a listing that fails while the cluster is electing is asked again."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                leader = self.leader_of(vhost, queue)
            except (BrokerError, KeyError):
                leader = old
            if leader is not old:
                return leader
            if time.monotonic() > deadline:
                raise BrokerError(f"{queue} still led by {old.nodename} after {timeout}s")
            time.sleep(0.5)

    # -- faults --------------------------------------------------------------------------------

    def kill(self, node: ClusterNode) -> None:
        """SIGKILL the node's Erlang VM (our direct child: rabbitmq-server execs it in place)."""
        if node.process is None or node.process.poll() is not None:
            raise BrokerError(f"{node.nodename} does not run")
        os.kill(node.process.pid, signal.SIGKILL)
        node.process.wait(timeout=30)

    def stop_nodes(self, nodes: list[ClusterNode]) -> None:
        """Stop the nodes cleanly, one after the other (the last to stop is the first to boot)."""
        for node in nodes:
            node.stop()

    def start_nodes(self, nodes: list[ClusterNode], timeout: float = 90) -> None:
        """Start nodes in parallel: a clustered node waits at boot for the peers it knew, so
        nodes stopped together must come back together."""
        for node in nodes:
            node.launch()
        for node in nodes:
            node.wait_until_ready(timeout)

"""The agent takes the services' failover ``AMQP_URI``: every node of a cluster, in order."""

import pytest

from department_agent.agent import DepartmentAgent, broker_parameters
from department_agent.policy import Policy

CLUSTER = (
    "amqp://dept_natural_resources:pw@10.0.0.1:5672/hall;"
    " amqp://dept_natural_resources:pw@10.0.0.2:5673/hall;amqp://dept_natural_resources:pw@10.0.0.3/hall"
)


def test_every_node_of_a_failover_uri_is_tried_in_order():
    parameters = broker_parameters(CLUSTER)
    assert [(p.host, p.port, p.virtual_host) for p in parameters] == [
        ("10.0.0.1", 5672, "hall"),
        ("10.0.0.2", 5673, "hall"),
        ("10.0.0.3", 5672, "hall"),
    ]


def test_the_agent_logs_in_with_the_account_of_the_uri_on_a_cluster():
    agent = DepartmentAgent(CLUSTER, "natural_resources", Policy("approve"))
    assert agent.account == "dept_natural_resources"
    assert len(agent.parameters) == 3


def test_an_empty_uri_is_refused():
    with pytest.raises(ValueError):
        broker_parameters(" ; ")

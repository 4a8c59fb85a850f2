"""deploy/rabbitmq/definitions.json holds the accounts and permissions generated from the code
(local_stack.accounts), and declares, before any service runs, every exchange, queue and
binding the services declare themselves, with the same arguments: a broker booted from it holds
every consumer's queue before the first publish, and a service's own declaration never clashes
with it (PRECONDITION_FAILED). Regenerate with ``python -m local_stack.topology --write``."""

import json
from pathlib import Path

from local_stack.topology import SERVICES, definitions_topology, record_service
from reliable_events.topology import events_exchange, unrouted_exchange, unrouted_queue

DEFINITIONS = json.loads(
    (Path(__file__).resolve().parents[2] / "deploy" / "rabbitmq" / "definitions.json").read_text()
)
FROM_CODE = definitions_topology()


def by_name(entries):
    return {entry["name"]: entry for entry in entries}


def test_every_queue_the_services_consume_is_in_the_deploy_definitions_with_its_arguments():
    assert by_name(DEFINITIONS["queues"]) == by_name(FROM_CODE["queues"])


def test_every_exchange_and_binding_the_services_declare_is_in_the_deploy_definitions():
    assert by_name(DEFINITIONS["exchanges"]) == by_name(FROM_CODE["exchanges"])
    assert sorted(map(json.dumps, DEFINITIONS["bindings"])) == sorted(map(json.dumps, FROM_CODE["bindings"]))


def test_every_events_exchange_sends_what_no_queue_takes_to_a_durable_unrouted_queue():
    exchanges = by_name(DEFINITIONS["exchanges"])
    queues = by_name(DEFINITIONS["queues"])
    for service in SERVICES:
        events = exchanges[events_exchange(service)]
        assert events["arguments"] == {"alternate-exchange": unrouted_exchange(service)}
        assert exchanges[unrouted_exchange(service)]["type"] == "fanout"
        assert queues[unrouted_queue(service)]["durable"] is True
        assert {
            "source": unrouted_exchange(service),
            "destination": unrouted_queue(service),
            "routing_key": "",
        } in [
            {key: binding[key] for key in ("source", "destination", "routing_key")}
            for binding in DEFINITIONS["bindings"]
        ]


def test_each_handler_of_a_service_has_its_queue_bound_to_the_event_it_handles():
    calls = record_service("intake").calls
    bound = {args for method, args, _ in calls if method == "queue_bind"}
    assert (
        "evt-complaints-complaint_substantiated--intake.handle_complaint_substantiated",
        "complaints.events",
        "complaint_substantiated",
    ) in bound
    assert (
        "evt-joint_review-review_decided--intake.handle_review_decided",
        "joint_review.events",
        "review_decided",
    ) in bound


def test_the_users_and_permissions_are_those_generated_from_the_code():
    from local_stack.accounts import definitions_accounts

    generated = definitions_accounts()
    assert {user["name"]: user for user in DEFINITIONS["users"]} == {
        user["name"]: user for user in generated["users"]
    }
    assert sorted(map(json.dumps, DEFINITIONS["permissions"])) == sorted(
        map(json.dumps, generated["permissions"])
    )


def test_a_service_may_configure_and_write_its_own_names_and_read_only_the_exchanges_it_binds():
    import re

    from local_stack.accounts import service_permissions

    intake = service_permissions("intake")
    for own in (
        "intake.events",
        "intake.dlx",
        "intake.retry.1000ms",
        "intake.retry.100ms",
        "evt-complaints-complaint_substantiated--intake.handle_complaint_substantiated",
    ):
        assert re.search(intake["configure"], own) and re.search(intake["write"], own), own
    for foreign in (
        "complaints.events",
        "joint_review.events",
        "notify.events",
        "complaints.dlx",
        "evt-intake-case_accepted--notify.handle_case_accepted",
        "amq.default",
        "intake.events.x",
        "xintake.events",
    ):
        assert not re.search(intake["configure"], foreign), foreign
        assert not re.search(intake["write"], foreign), foreign
    assert re.search(intake["read"], "complaints.events")
    assert not re.search(intake["read"], "notify.events")  # intake consumes nothing of notify's
    joint_review = service_permissions("joint_review")
    assert not re.search(joint_review["write"], "joint_review.commands")  # departments write there
    assert re.search(joint_review["write"], "joint_review.tasks")


def load_with_passwords():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "deploy" / "rabbitmq" / "with_passwords.py"
    spec = importlib.util.spec_from_file_location("with_passwords", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_deployment_step_hashes_each_given_password_and_refuses_a_missing_required_one(tmp_path, capsys):
    import base64
    import hashlib

    with_passwords = load_with_passwords()
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "dept_health").write_text("from-a-file\n")
    written, missing = with_passwords.with_passwords(
        DEFINITIONS, secrets, {"RABBITMQ_PASSWORD_JOINT_REVIEW": "from-the-env"}
    )
    users = {user["name"]: user for user in written["users"]}
    for name, password in (("joint_review", "from-the-env"), ("dept_health", "from-a-file")):
        salted = base64.b64decode(users[name]["password_hash"])
        assert hashlib.sha256(salted[:4] + password.encode()).digest() == salted[4:]
    assert "intake" in missing and users["intake"]["password_hash"] == ""
    assert all(user["password_hash"] == "" for user in DEFINITIONS["users"])  # not changed

    source = tmp_path / "definitions.json"
    source.write_text(json.dumps(DEFINITIONS))
    output = tmp_path / "out" / "definitions.json"
    assert with_passwords.main([str(source), str(output), "--require", "intake"]) == 2
    assert not output.exists() and "RABBITMQ_PASSWORD_<USER>" in capsys.readouterr().err


def test_the_deployment_step_writes_the_clusters_one_cookie_into_each_nodes_data(tmp_path, monkeypatch):
    with_passwords = load_with_passwords()
    source = tmp_path / "definitions.json"
    source.write_text(json.dumps(DEFINITIONS))
    nodes = [tmp_path / "nodes" / f"rabbitmq{i}" for i in (1, 2, 3)]
    arguments = [str(source), str(tmp_path / "out.json"), *(f"--cookie-dir={node}" for node in nodes)]
    monkeypatch.delenv("RABBITMQ_ERLANG_COOKIE", raising=False)
    assert with_passwords.main(arguments) == 2  # no cookie: refused, nothing written
    assert not any(node.exists() for node in nodes)
    monkeypatch.setenv("RABBITMQ_ERLANG_COOKIE", "ONE-COOKIE-FOR-THE-CLUSTER")
    assert with_passwords.main(arguments) == 0
    for node in nodes:
        cookie = node / ".erlang.cookie"
        assert cookie.read_text() == "ONE-COOKIE-FOR-THE-CLUSTER"
        assert cookie.stat().st_mode & 0o777 == 0o400  # Erlang refuses a cookie others may read
    monkeypatch.setenv("RABBITMQ_ERLANG_COOKIE", "A-NEW-COOKIE")
    assert with_passwords.main(arguments) == 0  # a new cookie replaces the old everywhere
    assert {(node / ".erlang.cookie").read_text() for node in nodes} == {"A-NEW-COOKIE"}

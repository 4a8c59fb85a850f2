"""Vhosts made several at a time in one rabbitmqctl call (local_stack.vhosts), and test stacks
that stop their processes side by side (tests/stack.py)."""

import signal

import pytest
from stack import Stack

from local_stack.vhosts import VhostPool, add_vhosts, creation_expression


class FakeBroker:
    def __init__(self):
        self.calls = []

    def ctl(self, *args):
        self.calls.append(args)
        return ""

    def vhost_uri(self, vhost):
        return f"amqp://guest:guest@127.0.0.1:5690/{vhost}"


def test_one_expression_makes_every_vhost_and_gives_guest_everything_on_each():
    expression = creation_expression(["a1", "b2"])
    for name in ("a1", "b2"):
        assert f'ok = rabbit_vhost:add(<<"{name}">>, <<"local_stack">>)' in expression
        assert (
            f'ok = rabbit_auth_backend_internal:set_permissions(<<"guest">>, <<"{name}">>, '
            '<<".*">>, <<".*">>, <<".*">>, <<"local_stack">>)'
        ) in expression
    assert expression.endswith("ok.")


@pytest.mark.parametrize("name", ['a">>', "a b", "", "x" * 121, "a\\b"])
def test_a_name_that_could_break_the_expression_is_refused(name):
    with pytest.raises(ValueError):
        creation_expression([name])


def test_add_vhosts_is_one_rabbitmqctl_call_and_returns_the_uris():
    broker = FakeBroker()
    uris = add_vhosts(broker, ["v1", "v2", "v3"])
    assert len(broker.calls) == 1 and broker.calls[0][0] == "eval"
    assert uris == [broker.vhost_uri(name) for name in ("v1", "v2", "v3")]


def test_the_pool_hands_out_each_vhost_once_and_calls_rabbitmqctl_once_per_batch():
    broker = FakeBroker()
    pool = VhostPool(broker, batch=4, prefix="t")
    taken = [pool.take() for _ in range(9)]
    assert len(set(taken)) == 9
    assert all(uri.rsplit("/", 1)[1].startswith("t") for uri in taken)
    assert len(broker.calls) == 3


class FakeProcess:
    def __init__(self, name, log):
        self.name, self.log = name, log

    def send_sigterm(self):
        self.log.append(("sigterm", self.name))

    def terminate(self):
        self.log.append(("wait", self.name))

    def kill(self, sig):
        self.log.append((signal.Signals(sig).name, self.name))


def test_a_stack_ends_every_process_with_sigkill_not_a_clean_stop():
    """The end of a test: its vhost and databases go with it, so no clean stop (about 3 s)."""
    log = []
    stack = Stack(FakeBroker(), "amqp://x", None, None, None)
    stack.processes = [FakeProcess(name, log) for name in ("intake", "notify", "complaints")]
    stack.stop()
    assert log == [("SIGKILL", "intake"), ("SIGKILL", "notify"), ("SIGKILL", "complaints")]

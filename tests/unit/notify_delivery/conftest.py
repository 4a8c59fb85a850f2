"""The real local peers, started in-process for one test each (they start in milliseconds)."""

import pytest

from local_stack.peers import LocalSmsGateway, LocalSmtpServer


@pytest.fixture
def gateway():
    with LocalSmsGateway() as running:
        yield running


@pytest.fixture
def smtp():
    with LocalSmtpServer() as running:
        yield running

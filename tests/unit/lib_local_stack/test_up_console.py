"""``make up`` and the console: its port is checked with the others and its address comes first."""

from local_stack import CONSOLE_PORT, free_port
from local_stack.up import DEV_ACCOUNTS, all_ports, console_banner, taken_ports


def test_up_checks_the_consoles_port_before_the_bus_services():
    ports = all_ports()
    assert list(ports.items())[0] == ("console", CONSOLE_PORT)
    assert set(ports.values()) == {8000, 8001, 8002, 8003, 8004}


def test_the_banner_names_the_console_address_first_and_one_dev_account_per_role():
    banner = console_banner("http://127.0.0.1:8000")
    lines = [line for line in banner.splitlines() if line.strip("= ")]
    assert "http://127.0.0.1:8000" in lines[0]
    assert "dev-window-market" in lines[1]
    roles = {token.split("-")[1] for token, _ in DEV_ACCOUNTS}
    assert roles == {"window", "head", "lead", "reviewer", "complaints", "supervision", "operator"}
    assert all(token in banner for token, _ in DEV_ACCOUNTS)


def test_a_port_nobody_listens_on_is_not_reported_taken():
    assert taken_ports({"console": free_port()}) == []

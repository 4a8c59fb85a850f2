"""``hall up`` and ``hall agent`` hand over to local_stack and department_agent (faked here: both
run until stopped), with the options as given and their exit status kept; ``hall --help`` names
every subcommand for staff and operators."""

import pytest
from click.testing import CliRunner

import department_agent.__main__ as agent_main
import local_stack.up
from hall_cli.app import cli


def test_up_runs_the_local_stack_with_its_options(monkeypatch):
    seen = {}

    def up(root, amqp_port, health_timeout):
        seen.update(root=root, amqp_port=amqp_port, health_timeout=health_timeout)
        return 2

    monkeypatch.setattr(local_stack.up, "up", up)
    result = CliRunner().invoke(cli, ["up", "--amqp-port", "5690", "--health-timeout", "120"])
    assert result.exit_code == 2  # up's own answer (e.g. already running) is kept
    assert (
        seen["amqp_port"] == 5690 and seen["health_timeout"] == 120 and (seen["root"] / "Makefile").exists()
    )


def test_agent_passes_every_option_on(monkeypatch):
    seen = []
    monkeypatch.setattr(agent_main, "main", lambda argv: seen.append(argv) or 0)
    args = ["--amqp-uri", "amqp://d:p@h/", "--department", "natural_resources", "--policy", "approve"]
    result = CliRunner().invoke(cli, ["agent", *args, "--condition", "按图施工"])
    assert result.exit_code == 0 and seen == [[*args, "--condition", "按图施工"]]


def test_agent_help_is_the_agents_own(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["agent", "--help"], prog_name="hall", standalone_mode=False)
    assert stopped.value.code == 0 and "--opinion-key-file" in capsys.readouterr().out


def test_the_root_help_names_every_subcommand_for_staff_and_operators():
    text = CliRunner().invoke(cli, ["--help"]).stdout
    for name in ("deadline", "ledger", "calendar", "dead-letters", "outbox", "tokens", "agent", "up"):
        assert f"  {name} " in text
    assert "窗口人员 (staff)" in text and "运维 (operators)" in text


def test_without_the_agents_package_hall_agent_says_what_to_install(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "department_agent.__main__", None)  # import fails
    result = CliRunner().invoke(cli, ["agent", "--department", "x"])
    assert (
        result.exit_code == 2
        and "[not_installed]" in result.stderr
        and "hall-department-agent" in result.stderr
    )

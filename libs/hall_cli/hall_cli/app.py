"""``hall``: one command for the hall's staff and operators.

    hall [--json] [--progress/--no-progress] COMMAND ...

Each subcommand reuses the function the older entry points call (``hall-dead-letters``,
``hall-outbox``, ``workday-deadline``, ``hall-department-agent``, ``python -m web_api.access``,
``python -m local_stack up``), which keep working.
"""

from __future__ import annotations

import click

from hall_cli.calendar_commands import calendar, deadline
from hall_cli.ledger import ledger
from hall_cli.letters import dead_letters
from hall_cli.outbox_commands import outbox
from hall_cli.output import Output
from hall_cli.processes import agent, up
from hall_cli.tokens import tokens


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--json", "as_json", is_flag=True, help="machine-readable output (one JSON document) / 输出 JSON"
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="progress bars on standard error (default: only on a terminal, never with --json) / 进度条",
)
@click.pass_context
def cli(context: click.Context, as_json: bool, progress: bool | None) -> None:
    """便民服务中心命令行 — the service hall's command line.

    \b
    窗口人员 (staff):  deadline, ledger export, calendar load
    运维 (operators):  dead-letters, outbox, tokens, agent, up
    """
    context.obj = Output(json=as_json, progress=progress)


for command in (deadline, calendar, ledger, dead_letters, outbox, tokens, agent, up):
    cli.add_command(command)

"""The long-running commands: ``hall up`` (the local stack, ``local_stack.up``) and ``hall agent``
(a department's review agent, ``department_agent``: its options are passed on as they are)."""

from __future__ import annotations

import sys

import click

from hall_cli.output import USAGE, Refused


def missing(package: str, folder: str) -> Refused:
    return Refused(
        "not_installed",
        f"此命令需要安装 {package} (this command needs {package}: pip install ./{folder})",
        USAGE,
    )


PASS_ON = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


@click.command("up")
@click.option(
    "--amqp-port",
    type=int,
    default=5672,
    show_default=True,
    help="use the broker there, or start a private node",
)
@click.option(
    "--health-timeout",
    type=float,
    default=90,
    show_default=True,
    help="seconds each service may take for /health",
)
def up(amqp_port: int, health_timeout: float) -> None:
    """Run the hall locally: broker, migrations, the four services (8001-8004), the console (8000),
    the local SMS and SMTP peers, until Ctrl-C (what `make up` runs; 本地运行)."""
    try:
        from local_stack.conventions import find_repo_root
        from local_stack.up import up as run
    except ImportError:
        raise missing("hall-local-stack", "libs/local_stack") from None

    sys.exit(run(find_repo_root(), amqp_port=amqp_port, health_timeout=health_timeout))


@click.command("agent", context_settings=PASS_ON)
@click.pass_context
def agent(context: click.Context) -> None:
    """A department's system answering its review tasks over AMQP (部门代理):
    `hall agent --amqp-uri URI --department natural_resources --policy approve`;
    `hall agent --help` lists every option."""
    try:
        from department_agent.__main__ import main
    except ImportError:
        raise missing("hall-department-agent", "agents/department_agent") from None

    sys.exit(main(list(context.args)))

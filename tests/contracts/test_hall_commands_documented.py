"""Every ``hall ...`` command the README and the guides show (in code spans and code blocks)
names a real subcommand, and for a group a real sub-subcommand; every subcommand of ``hall`` is
in the README's table: the docs and the command line cannot drift apart."""

import re
from pathlib import Path

import click

from hall_cli.app import cli

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "deploy").rglob("*.md"))]
ROOT_OPTIONS = {"--json", "--progress", "--no-progress"}


def code_lines(text: str) -> list[str]:
    spans = re.findall(r"`([^`\n]+)`", text)
    fenced = [
        line for block in re.findall(r"```\w*\n(.*?)```", text, flags=re.S) for line in block.splitlines()
    ]
    return [line.strip().removeprefix(".venv/bin/") for line in [*spans, *fenced]]


def shown_commands() -> list[tuple[str, list[str]]]:
    """(document, the words after ``hall``) of every command shown."""
    return [
        (path.name, line.split()[1:])
        for path in DOCS
        for line in code_lines(path.read_text(encoding="utf-8"))
        if line.startswith("hall ")
    ]


def problems(words: list[str]) -> list[str]:
    words = [word for word in words if word not in ROOT_OPTIONS]
    if words[:1] in ([], ["--help"], ["..."], ["<command>"]):  # `hall --help`, `hall --json <command> ...`
        return []
    command = cli.commands.get(words[0]) if words else None
    if command is None:
        return [f"no subcommand {words[:1]}"]
    if not isinstance(command, click.Group):
        return []
    rest = words[1:]
    while rest and rest[0].startswith("--"):  # the group's own options all take a value
        rest = rest[2:]
    if not rest or rest[0] in {"...", "--help"}:
        return []
    names = rest[0].replace("\\|", "|").split("|")
    return [f"no {words[0]} {name}" for name in names if name not in command.commands]


def test_every_hall_command_in_the_docs_exists():
    shown = shown_commands()
    assert len(shown) > 20  # the docs were read
    found = [(doc, " ".join(words), problem) for doc, words in shown for problem in problems(words)]
    assert found == []


def test_the_check_sees_a_wrong_subcommand():
    assert problems(["outbox", "--service", "intake", "status|replay|purge"]) == ["no outbox purge"]
    assert problems(["--json", "dead-lettres", "list"]) == ["no subcommand ['dead-lettres']"]
    assert problems(["tokens", "mint|revoke", "--file", "f"]) == ["no tokens revoke"]


def test_the_readme_table_names_every_subcommand():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in cli.commands if f"| `hall {name}" not in readme] == []

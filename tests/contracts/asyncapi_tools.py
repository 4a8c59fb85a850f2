"""Run the official AsyncAPI parser (contracts/asyncapi-tools/validate.js, Node) on a document.

Node comes from the system and the parser from ``npm ci --prefix contracts/asyncapi-tools``
(scripts/test runs it): without either these tests skip, except with ``CI=true`` where they
fail."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from system_tools import required_tool

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLS = REPO_ROOT / "contracts" / "asyncapi-tools"
ERROR, WARNING = 0, 1


def parser_ready() -> str:
    node = required_tool("node", "nodejs")
    if not (TOOLS / "node_modules" / "@asyncapi" / "parser").is_dir():
        advice = "run `npm ci --prefix contracts/asyncapi-tools` (scripts/test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"@asyncapi/parser is not installed and CI=true forbids skipping: {advice}")
        pytest.skip(f"@asyncapi/parser is not installed: {advice}")
    return node


def parse(node: str, document: Path) -> dict:
    """The parser's report: ``parsed``, ``diagnostics`` and ``messages`` (validate.js)."""
    done = subprocess.run(
        [node, str(TOOLS / "validate.js"), str(document)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def blocking(report: dict) -> list[dict]:
    """The errors and warnings among the diagnostics."""
    return [d for d in report["diagnostics"] if d["severity"] in (ERROR, WARNING)]

"""A command-line tool a contract test needs from a Debian package (scripts/test installs them):
without it the test skips, except with ``CI=true`` where it fails."""

from __future__ import annotations

import os
import shutil

import pytest


def required_tool(command: str, package: str) -> str:
    found = shutil.which(command)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"{command} is missing, and CI=true forbids skipping: install the Debian "
            f"package `{package}` (apt-get install -y {package}; scripts/test does)"
        )
    pytest.skip(f"{command} is not installed (apt-get install -y {package})")

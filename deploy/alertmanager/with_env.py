"""Write Alertmanager's configuration with every ``${NAME}`` of the template replaced by the
environment variable NAME (Alertmanager itself reads no environment). A variable that is not
set, or empty, stops it with exit code 2 and its name: nothing half-filled is written.

    python3 with_env.py alertmanager.yml /out/alertmanager.yml

Standard library only: it runs in a bare ``python`` image (docker-compose.yml, ``alertmanager-config``).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def placeholders(template: str) -> list[str]:
    """The variable names of the template, in order, once each (comments included)."""
    return list(dict.fromkeys(PLACEHOLDER.findall(template)))


def render(template: str, environ=os.environ) -> str:
    missing = [name for name in placeholders(template) if not environ.get(name)]
    if missing:
        raise KeyError(", ".join(missing))
    return PLACEHOLDER.sub(lambda found: environ[found.group(1)], template)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: with_env.py TEMPLATE OUTPUT", file=sys.stderr)
        return 2
    template = Path(argv[0]).read_text()
    body = "\n".join(line for line in template.splitlines() if not line.lstrip().startswith("#"))
    try:
        rendered = render(body)
    except KeyError as missing:
        print(f"with_env.py: set {missing.args[0]} (deploy/README.md, Alertmanager)", file=sys.stderr)
        return 2
    Path(argv[1]).parent.mkdir(parents=True, exist_ok=True)
    Path(argv[1]).write_text(rendered + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

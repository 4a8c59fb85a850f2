"""bench/ is not an installed package: the unit tests load a module of bench/system from its file
(the modules they test import nothing else of the benchmark)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[3] / "bench" / "system"


def load(name: str) -> ModuleType:
    """``bench/system/<name>.py`` as the module ``bench_system_<name>``."""
    spec = importlib.util.spec_from_file_location(f"bench_system_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module

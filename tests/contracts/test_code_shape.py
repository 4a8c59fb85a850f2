"""The house's shape, held by a test: small modules and short functions in the services and the
libraries (generated migrations aside), so a newcomer can read any unit in one sitting."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ROOTS = ("services", "libs")
MAX_MODULE_LINES = 250
MAX_FUNCTION_LINES = 40


def python_files() -> list[Path]:
    return [
        path
        for root in ROOTS
        for path in sorted((REPO / root).rglob("*.py"))
        if "migrations" not in path.parts and not any(part.startswith(".") for part in path.parts)
    ]


def long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{node.name} at line {node.lineno} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_module_of_the_services_or_libraries_is_over_250_lines():
    files = python_files()
    assert len(files) > 150  # the walk found the code
    long = {
        str(path.relative_to(REPO)): lines
        for path in files
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_of_the_services_or_libraries_is_over_40_lines():
    long = {str(path.relative_to(REPO)): found for path in python_files() if (found := long_functions(path))}
    assert long == {}


def test_the_check_finds_a_function_one_line_too_long(tmp_path):
    body = "\n".join(f"    x{n} = {n}" for n in range(MAX_FUNCTION_LINES))  # with the def: 41 lines
    sample = tmp_path / "sample.py"
    sample.write_text(f"def too_long():\n{body}\n\n\ndef short():\n    return 1\n", encoding="utf-8")
    assert long_functions(sample) == ["too_long at line 1 (41 lines)"]


def test_every_test_module_has_a_basename_of_its_own():
    """The suites run in one pytest process with rootdir-relative imports: two test modules with
    one basename make the second fail to collect ("import file mismatch") in the whole run only,
    never when a tier runs alone. Caught here, in the fast tier."""
    seen: dict[str, list[str]] = {}
    for path in sorted((REPO / "tests").rglob("test_*.py")):
        if not any(part.startswith(".") for part in path.parts):
            seen.setdefault(path.name, []).append(str(path.relative_to(REPO)))
    assert len(seen) > 100  # the walk found the tests
    assert {name: paths for name, paths in seen.items() if len(paths) > 1} == {}

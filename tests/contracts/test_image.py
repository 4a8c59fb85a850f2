"""The Dockerfile builds a production image (docs/packaging.md): a build stage makes the wheels
of our packages with the locked hatchling; the final stage installs requirements.lock with
hashes (no test, lint or build tool: test_locks.py) and those wheels, holds the repository
read-only for its service user, and has a HEALTHCHECK."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text()
# the instructions without comments, continuation lines joined
INSTRUCTIONS = re.sub(r"\\\n\s*", " ", re.sub(r"^\s*#.*\n", "", DOCKERFILE, flags=re.M))
STAGES = re.split(r"^FROM ", INSTRUCTIONS, flags=re.M)[1:]
BUILD, FINAL = STAGES if len(STAGES) == 2 else ("", "")


def needed_by_services() -> set[Path]:
    """The service folders and the operators' command line (``hall``, libs/hall_cli), and every
    local package they depend on, transitively."""
    manifests = [REPO_ROOT / "contracts" / "pyproject.toml", *REPO_ROOT.glob("*/*/pyproject.toml")]
    packages = {tomllib.loads(m.read_text())["project"]["name"]: m.parent for m in manifests}
    folders = {p.parent for p in REPO_ROOT.glob("services/*/pyproject.toml")} | {
        REPO_ROOT / "libs" / "hall_cli"
    }
    todo = list(folders)
    while todo:
        project = tomllib.loads((todo.pop() / "pyproject.toml").read_text())["project"]
        for requirement in project.get("dependencies", []):
            folder = packages.get(Requirement(requirement).name)
            if folder and folder not in folders:
                folders.add(folder)
                todo.append(folder)
    return folders


def test_two_stages_on_python_3_11_slim_the_first_building_wheels():
    assert len(STAGES) == 2, "a build stage and the production image"
    assert BUILD.startswith("python:3.11-slim AS wheels")
    assert FINAL.startswith("python:3.11-slim\n")


def test_the_build_stage_builds_a_wheel_of_every_package_the_services_need_with_the_locked_backend():
    assert "RUN pip install --require-hashes -r requirements-build.lock" in BUILD
    built = re.search(r"pip wheel --no-deps --no-build-isolation --wheel-dir /wheels ([^\n]+)", BUILD)
    assert built, "wheels built without isolation (the locked hatchling) and without hall deps"
    paths = built.group(1).split()
    assert all(path.startswith("./") for path in paths), "pip reads a bare folder name as a PyPI name"
    folders = {REPO_ROOT / path for path in paths}
    assert all((folder / "pyproject.toml").is_file() for folder in folders), folders
    assert folders == needed_by_services(), "no more and no less than the services and `hall` need"


def test_the_image_installs_the_runtime_lock_with_hashes_then_our_wheels_only():
    installs = re.findall(r"pip install ([^&\n]+)", FINAL)
    assert installs == [
        "--require-hashes -r /tmp/requirements.lock ",
        "--no-deps --no-index /tmp/wheels/*.whl ",
    ]
    assert "COPY --from=wheels /wheels /tmp/wheels" in FINAL
    assert "pip check" in FINAL
    assert "requirements-dev" not in INSTRUCTIONS and " -e " not in FINAL


def test_the_code_belongs_to_root_and_the_service_user_writes_only_the_data_folder():
    assert re.search(r"^WORKDIR /app$", FINAL, re.M) and re.search(r"^COPY \. \.$", FINAL, re.M)
    after_copy = FINAL[FINAL.index("COPY . .") :]
    assert "chmod -R go-w /app" in after_copy
    assert re.findall(r"chown\s+(?:-\w+\s+)*(\S+)\s+(\S+)", FINAL) == [("hall", "/app/.data")]
    users = re.findall(r"^USER (\S+)$", FINAL, re.M)
    assert users == ["hall"] and FINAL.index("USER hall") > FINAL.index("chmod -R go-w /app")
    ignored = (REPO_ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".data", ".git"} <= set(ignored)
    assert any("__pycache__" in entry for entry in ignored)


def test_the_image_has_a_healthcheck_asking_its_service():
    (check,) = re.findall(r"^HEALTHCHECK (.+)$", FINAL, re.M)
    assert check.endswith('CMD ["python", "-m", "web_api.healthcheck"]')
    assert re.search(r"--interval=\d+s --timeout=\d+s --start-period=\d+s --retries=\d+", check)
    assert (REPO_ROOT / "libs" / "web_api" / "web_api" / "healthcheck.py").is_file()

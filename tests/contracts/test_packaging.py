"""The repository's own packages install on their own, and their hall-* dependencies can only
ever be our folders (dependency confusion: nobody owns those names on PyPI, so anyone could
register them there).

Every hall-* dependency is a PEP 508 direct reference to the folder holding it, written with
hatchling's ``{root:parent:...:uri}`` so it is absolute wherever the repository lies: pip never
asks an index for those names. The fresh-environment test installs ``services/intake`` with
``--no-index`` into a new venv that sees only the third-party packages requirements.lock and
requirements-build.lock pin (the image's set, linked from .venv instead of downloaded: a second
or two instead of half a minute): pip must find every hall-* package in the repository and
nothing outside the image's lock, and the service must then import."""

import json
import re
import subprocess
import sys
import sysconfig
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from lock_files import pins

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = sorted(
    [
        REPO_ROOT / "contracts" / "pyproject.toml",
        *REPO_ROOT.glob("libs/*/pyproject.toml"),
        *REPO_ROOT.glob("services/*/pyproject.toml"),
        *REPO_ROOT.glob("agents/*/pyproject.toml"),
    ]
)
NAME = re.compile(r"[A-Za-z0-9._-]+")
DIRECT = re.compile(r"^(?P<name>[A-Za-z0-9._-]+) @ \{root(?P<up>(?::parent)*):uri\}/(?P<path>[\w/]+)$")


def project(manifest: Path) -> dict:
    return tomllib.loads(manifest.read_text())


def folders_by_name() -> dict[str, Path]:
    return {project(m)["project"]["name"]: m.parent for m in MANIFESTS}


def test_every_package_builds_with_hatchling():
    for manifest in MANIFESTS:
        build = project(manifest)["build-system"]
        assert build["build-backend"] == "hatchling.build", manifest
        assert build["requires"] == ["hatchling>=1.26"], manifest


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m.parent.name)
def test_every_hall_dependency_is_a_direct_reference_to_its_own_folder(manifest):
    folders = folders_by_name()
    data = project(manifest)
    internal = []
    for requirement in data["project"]["dependencies"]:
        name = NAME.match(requirement).group(0)
        if name not in folders:
            assert not name.lower().startswith("hall"), f"{requirement}: no folder of ours is {name}"
            continue
        found = DIRECT.match(requirement)
        assert found, f"{manifest}: {requirement} is a bare name an index would answer"
        base = manifest.parent.parents[found["up"].count(":parent") - 1]
        assert base == REPO_ROOT, f"{requirement}: does not start at the repository root"
        assert base / found["path"] == folders[name], f"{requirement}: not the folder of {name}"
        internal.append(name)
    if internal:
        assert data["tool"]["hatch"]["metadata"]["allow-direct-references"] is True


def linked_site_packages(target: Path) -> Path:
    """A folder linking every distribution requirements.lock and requirements-build.lock pin, as
    installed in .venv; nothing else (no hall-* package, no test tool)."""
    wanted = set(pins("requirements.lock")) | set(pins("requirements-build.lock"))
    site = Path(sysconfig.get_paths()["purelib"])
    target.mkdir()
    for dist in metadata.distributions(path=[str(site)]):
        if re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower() not in wanted:
            continue
        for top in {Path(file).parts[0] for file in dist.files or []}:
            if top not in ("..", "__pycache__") and not (target / top).exists():
                (target / top).symlink_to(site / top)
    return target


def test_intake_installs_alone_in_a_fresh_venv_and_its_hall_packages_come_from_the_repository(tmp_path):
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", tmp_path / "venv"], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    fresh_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(fresh_site) / "locked.pth").write_text(f"{linked_site_packages(tmp_path / 'locked')}\n")
    install = [sys.executable, "-m", "pip", "--isolated", "--python", str(python), "install"]
    install += ["--no-index", "--no-build-isolation", "--disable-pip-version-check", "--quiet"]
    done = subprocess.run(
        [*install, str(REPO_ROOT / "services" / "intake")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PIP_CONFIG_FILE": "/dev/null"},
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    probe = (
        "import json, intake.service, reliable_events; from importlib import metadata; "
        "print(json.dumps({'intake': intake.service.__file__, "
        "'origin': json.loads(metadata.distribution('hall-reliable-events').read_text('direct_url.json'))}))"
    )
    found = subprocess.run([python, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    report = json.loads(found.stdout.strip().splitlines()[-1])
    assert report["intake"].startswith(fresh_site), "intake must be installed, not read from the repository"
    assert report["origin"]["url"] == (REPO_ROOT / "libs" / "reliable_events").as_uri()

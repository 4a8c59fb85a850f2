"""CPU per accepted case in intake: ``python bench/intake_posts.py [--base DIR] [--open 0 100000]``.

Starts a private RabbitMQ node and, for each size of ``--open``, one intake process per variant,
each on a fresh migrated SQLite file holding that many open cases (bulk-loaded straight into the
database, as ``bench/console.py`` does) and a roster of ``--windows`` A/B posts with their leaves.
Variant B is this checkout; variant A, when ``--base`` names another checkout of the repository
(``git archive main | tar -x -C DIR``), runs intake and the libraries from there, so two versions
are measured side by side in one run. Rounds alternate which variant goes first; each round posts
``--posts`` cases (promised and joint, half each) one after another as the clerk
``dev-window-market`` and reads the process's CPU time (``/proc/<pid>/stat``, user + system, all
threads) before and after: CPU milliseconds per POST. The outbox relay is off by default
(``--relay`` turns it on), so the figure is the request path alone. ``--profile DIR`` afterwards
records each process under the same load with py-spy (``--format raw``: collapsed stacks).
Numbers only: nothing here passes or fails on speed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import requests
from intake_bench_data import ITEMS, load, post_cases

REPO_ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def source_path(root: Path) -> str:
    """PYTHONPATH that puts intake and the libraries of ``root`` before the installed ones."""
    return os.pathsep.join(str(p) for p in [root / "services" / "intake", *sorted((root / "libs").iterdir())])


def migrate(root: Path, url: str, pythonpath: str | None) -> None:
    env = {**os.environ, "INTAKE_DATABASE_URL": url, **({"PYTHONPATH": pythonpath} if pythonpath else {})}
    alembic = Path(sys.executable).parent / "alembic"
    subprocess.run(
        [str(alembic), "-c", str(root / "services/intake/alembic.ini"), "upgrade", "head"],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def start(name: str, root: Path, folder: Path, amqp: str, open_cases: int, args) -> dict:
    from local_stack import ServiceProcess, free_port
    from local_stack.topology import declare_services, service_config

    pythonpath = source_path(root)
    url = f"sqlite:///{folder / f'intake-{name}-{open_cases}.db'}"
    migrate(root, url, pythonpath)
    load(url, open_cases, args.windows)
    env = {"AMQP_URI": amqp, "INTAKE_DATABASE_URL": url, "OUTBOX_RELAY_ENABLED": str(args.relay).lower()}
    env |= {"PYTHONPATH": pythonpath} if pythonpath else {}
    declare_services(amqp, ["intake"], {"intake": {**service_config("intake", REPO_ROOT), **env}})
    process = ServiceProcess("intake", env, free_port(), root, log_path=folder / f"{name}-{open_cases}.log")
    process.start().wait_healthy(90)
    session = requests.Session()
    catalogue = {
        item: session.get(f"{process.base_url}/catalogue/{item}", timeout=10).json() for item in ITEMS
    }
    post_cases(session, process.base_url, args.warmup, catalogue)
    return {"name": name, "process": process, "session": session, "catalogue": catalogue, "ms": []}


def measure(variants: list[dict], args) -> None:
    for round_no in range(args.rounds):
        for v in variants if round_no % 2 == 0 else variants[::-1]:
            pid = v["process"].process.pid
            before = cpu_seconds(pid)
            post_cases(v["session"], v["process"].base_url, args.posts, v["catalogue"])
            v["ms"].append(1000 * (cpu_seconds(pid) - before) / args.posts)


def profile(variants: list[dict], out: Path, open_cases: int, seconds: int) -> None:
    for v in variants:
        path = out / f"intake-{v['name']}-{open_cases}.txt"
        spy = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "py-spy"),
                "record",
                "--pid",
                str(v["process"].process.pid),
                "--duration",
                str(seconds),
                "--format",
                "raw",
                "--nonblocking",
                "-o",
                str(path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while spy.poll() is None:
            post_cases(v["session"], v["process"].base_url, 20, v["catalogue"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="another checkout: variant A runs intake from there")
    parser.add_argument("--open", type=int, nargs="+", default=[0, 100_000], help="open cases loaded")
    parser.add_argument("--posts", type=int, default=200, help="POSTs per variant per round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--windows", type=int, default=200, help="A/B posts on the roster")
    parser.add_argument("--relay", action="store_true", help="run the outbox relay in the process")
    parser.add_argument("--profile", type=Path, help="record py-spy profiles into this folder")
    parser.add_argument("--profile-seconds", type=int, default=20)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    from local_stack import BrokerNode, ensure_rabbitmq_installed, free_port

    roots = ([("A", args.base.resolve())] if args.base else []) + [("B", REPO_ROOT)]
    results = []
    with tempfile.TemporaryDirectory(prefix="hall-bench-intake-") as name:
        folder = Path(name)
        ensure_rabbitmq_installed()
        broker = BrokerNode(
            folder / "rabbitmq", free_port(), f"hallintake{os.getpid()}@localhost", free_port()
        )
        broker.start()
        try:
            for open_cases in args.open:
                amqp = broker.add_vhost(f"b{open_cases}")
                variants = [start(v, root, folder, amqp, open_cases, args) for v, root in roots]
                try:
                    measure(variants, args)
                    if args.profile:
                        args.profile.mkdir(parents=True, exist_ok=True)
                        profile(variants, args.profile, open_cases, args.profile_seconds)
                finally:
                    for v in variants:
                        v["process"].terminate()
                results += [
                    {"variant": v["name"], "open_cases": open_cases, "cpu_ms_per_post": v["ms"]}
                    for v in variants
                ]
        finally:
            broker.stop()
    print_table(results, args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


def print_table(results: list[dict], args) -> None:
    relay = "on" if args.relay else "off"
    print(f"intake POST /cases, {args.posts} posts x {args.rounds} rounds per variant, relay {relay}")
    print(f"{'variant':<8} {'open cases':>10} {'median ms':>10} {'min':>7} {'max':>7}")
    medians = {}
    for row in results:
        ms = row["cpu_ms_per_post"]
        medians[row["variant"], row["open_cases"]] = statistics.median(ms)
        low, mid, high = min(ms), statistics.median(ms), max(ms)
        print(f"{row['variant']:<8} {row['open_cases']:>10} {mid:>10.2f} {low:>7.2f} {high:>7.2f}")
    for open_cases in args.open:
        if ("A", open_cases) in medians:
            a, b = medians["A", open_cases], medians["B", open_cases]
            print(f"open {open_cases}: B/A = {b / a:.2f}")
    for variant in ("A", "B"):
        sizes = sorted(k[1] for k in medians if k[0] == variant)
        if len(sizes) > 1:
            ratio = medians[variant, sizes[-1]] / medians[variant, sizes[0]]
            print(f"{variant}: {sizes[-1]} open / {sizes[0]} open = {ratio:.2f}")


if __name__ == "__main__":
    sys.exit(main())

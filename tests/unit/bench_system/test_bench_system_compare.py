"""bench/system/compare.py: two benchmark runs side by side, each process's peak RSS and CPU per
case before and after. Only what both runs measured is compared, and a failed run, a missing
figure or a zero never yields a made-up ratio."""

from __future__ import annotations

import bench_modules

compare = bench_modules.load("compare")


def document(*runs: dict, load: float = 2.0) -> dict:
    machine = {"load_average": [load, load, load]}
    return {"when": "2026-12-05T10:00:00", "machine": machine, "runs": list(runs)}


def run(db: str, size: int, rss: dict, cpu: dict) -> dict:
    return {"db": db, "open_cases": size, "peak_rss_mib": rss, "cpu_ms_per_case": cpu}


def test_each_process_of_each_run_both_measured_is_put_side_by_side_with_its_ratio():
    before = document(
        run("sqlite", 0, {"notify": 212.0, "intake": 113.0}, {"notify": 28.4, "intake": 9.8}),
        run("sqlite", 10000, {"notify": 200.0}, {"notify": 30.0}),
        {"db": "postgresql", "open_cases": 0, "error": "RuntimeError()"},
    )
    after = document(
        run("sqlite", 0, {"notify": 106.0, "intake": 113.0}, {"notify": 28.4, "intake": None}),
        run("postgresql", 0, {"notify": 100.0}, {"notify": 30.0}),
    )
    rows = {(row["db"], row["open_cases"], row["process"]): row for row in compare.rows(before, after)}
    assert set(rows) == {("sqlite", 0, "notify"), ("sqlite", 0, "intake")}
    assert rows[("sqlite", 0, "notify")]["rss_mib"] == (212.0, 106.0, 0.5)
    assert rows[("sqlite", 0, "intake")]["rss_mib"] == (113.0, 113.0, 1.0)
    assert rows[("sqlite", 0, "intake")]["cpu_ms_per_case"] == (9.8, None, None)


def test_a_zero_or_missing_before_gives_no_ratio():
    assert compare.ratio(0, 5.0) is None
    assert compare.ratio(None, 5.0) is None
    assert compare.ratio(4.0, 0) == 0.0


def test_the_command_prints_both_load_averages_and_refuses_other_than_two_files(tmp_path, capsys):
    import json

    paths = []
    for name, load, rss in (("before", 12.5, 212.0), ("after", 3.0, 106.0)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document(run("sqlite", 0, {"notify": rss}, {"notify": 1.0}), load=load)))
        paths.append(str(path))
    assert compare.main(paths) == 0
    printed = capsys.readouterr().out
    assert "load average at its end 12.5, 12.5, 12.5" in printed and "3.0, 3.0, 3.0" in printed
    assert "212 -> 106 (0.5)" in printed
    assert compare.main(paths[:1]) == 2

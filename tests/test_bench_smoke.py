"""The benchmarks run (tiny sizes, no timing assertions): `make bench` cannot rot unnoticed."""

from __future__ import annotations

from bench.__main__ import run


async def test_benchmark_table_is_printed_for_a_tiny_run() -> None:
    lines = await run(people=3, rounds=2)
    assert lines[0].startswith("Machine: ")
    rows = {line.split("  ")[0].strip(): line for line in lines[2:4]}
    assert set(rows) == {"echo bot (floor)", "PPID bot"}
    for line in lines[2:4]:
        assert line.split()[-4] == "6"  # 3 people x 2 rounds, every update processed
    assert lines[-1].startswith("PPID bot / echo floor: ")

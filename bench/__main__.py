"""`python -m bench [--small]`: run the benchmarks and print one table with the machine it ran on."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform

from bench.throughput import echo_floor, ppid_bot


def machine() -> str:
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


async def run(people: int, rounds: int) -> list[str]:
    floor = await echo_floor(people, rounds)
    bot = await ppid_bot(people, rounds)
    lines = [
        f"Machine: {machine()}",
        f"{'benchmark':<28} {'updates':>8} {'upd/s':>9} {'p50 ms':>8} {'p95 ms':>8}",
    ]
    for result in (floor, bot):
        lines.append(
            f"{result.name:<28} {result.updates:>8} {result.per_second:>9.0f} "
            f"{result.percentile(0.5):>8.2f} {result.percentile(0.95):>8.2f}"
        )
    ratio = bot.per_second / floor.per_second if floor.per_second else 0.0
    lines.append(f"PPID bot / echo floor: {ratio:.2f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--small", action="store_true", help="a quick run (as the smoke test does)")
    args = parser.parse_args()
    people, rounds = (5, 2) if args.small else (200, 10)
    for line in asyncio.run(run(people, rounds)):
        print(line)


if __name__ == "__main__":
    main()

"""The machine a benchmark ran on, in one line."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover
        return "?"


def machine() -> str:
    """CPU model, cores, RAM, OS, Python, python-telegram-bot and SQLite versions."""
    ram = _ram_gib()
    parts = [
        _cpu_model(),
        f"{os.cpu_count()} cores",
        f"{ram:.1f} GiB RAM" if ram is not None else "RAM unknown",
        f"{platform.system()} {platform.release()}",
        f"Python {platform.python_version()}",
        f"python-telegram-bot {_version('python-telegram-bot')}",
        f"SQLite {sqlite3.sqlite_version}",
        f"aiosqlite {_version('aiosqlite')}",
    ]
    return ", ".join(parts)

"""Benchmarks of the bot, run with `make bench` (never part of the test suite's timing)."""

"""Benchmarks on the `large` synthetic council: `make bench` (`python -m oversight.bench`).

Each app may add `oversight/<app>/benchmarks.py`:

    from oversight.bench import benchmark

    @benchmark("caseloads: month-end caseloads for 36 months", target_seconds=1.0)
    def month_end_caseloads(ctx):
        frames = {n: ctx.frame(n) for n in ("ssd_involvements", "ssd_professionals")}  # setup, not timed
        return lambda: compute_something(frames)  # this callable is what is timed

A benchmark function gets a `Context` and returns the callable to time (best
of a few runs), or `reported(seconds)` for a time measured elsewhere (the
council's own build is timed once, when the cache is made).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

APPS = (
    "synthetic",
    "imports",
    "caseloads",
    "timeliness",
    "audits",
    "people",
    "improvement",
    "performance",
    "iro",
    "inspection",
)


@dataclass(frozen=True)
class Benchmark:
    name: str
    target_seconds: float | None
    setup: Callable
    module: str


@dataclass(frozen=True)
class Reported:
    """A time measured outside the harness, shown as it is."""

    seconds: float
    note: str = ""


REGISTRY: list[Benchmark] = []


def benchmark(name: str, target_seconds: float | None = None):
    """Register a benchmark: the decorated function takes the context and returns what to time."""

    def register(fn):
        if not any(b.name == name for b in REGISTRY):
            REGISTRY.append(Benchmark(name, target_seconds, fn, fn.__module__))
        return fn

    return register


def reported(seconds: float, note: str = "") -> Reported:
    return Reported(float(seconds), note)

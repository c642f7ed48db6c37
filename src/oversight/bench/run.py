"""Finding, running and reporting benchmarks. No Django here: `main` sets it up."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from oversight.bench import APPS, REGISTRY, Benchmark, Reported


@dataclass
class Result:
    name: str
    seconds: float | None
    target: float | None
    status: str  # "pass", "fail", "done" (no target), "error"
    note: str = ""

    def row(self) -> dict:
        return {
            "name": self.name,
            "seconds": self.seconds,
            "target": self.target,
            "result": self.status,
            "note": self.note,
        }


def discover(apps: Iterable[str] = APPS) -> tuple[list[Benchmark], list[Result]]:
    """Import `oversight.<app>.benchmarks` for each app; a module that fails to import is reported, not fatal."""
    problems = []
    for app in apps:
        module = f"oversight.{app}.benchmarks"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            # No such app or no benchmarks module: nothing to run. A missing import inside it is a problem.
            if not (exc.name and (module == exc.name or module.startswith(exc.name + "."))):
                problems.append(Result(module, None, None, "error", f"import failed: {exc}"))
        except Exception as exc:  # a broken module must not stop the others
            problems.append(Result(module, None, None, "error", f"import failed: {exc.__class__.__name__}: {exc}"))
    return list(REGISTRY), problems


def _status(seconds: float, target: float | None) -> str:
    if target is None:
        return "done"
    return "pass" if seconds <= target else "fail"


def run_one(bench: Benchmark, ctx, runs: int = 3, clock: Callable[[], float] = time.perf_counter) -> Result:
    """Set up BENCH (untimed), then time its callable RUNS times and keep the best."""
    try:
        work = bench.setup(ctx)
        if isinstance(work, Reported):
            return Result(
                bench.name, work.seconds, bench.target_seconds, _status(work.seconds, bench.target_seconds), work.note
            )
        if not callable(work):
            return Result(bench.name, None, bench.target_seconds, "error", "setup did not return a callable")
        best = None
        for _ in range(max(1, runs)):
            start = clock()
            work()
            elapsed = clock() - start
            best = elapsed if best is None else min(best, elapsed)
        return Result(
            bench.name, best, bench.target_seconds, _status(best, bench.target_seconds), f"best of {max(1, runs)}"
        )
    except Exception as exc:
        return Result(bench.name, None, bench.target_seconds, "error", f"{exc.__class__.__name__}: {exc}"[:200])


def run_all(
    benches: list[Benchmark], ctx, runs: int = 3, only: str = "", on_start: Callable[[str], None] | None = None
) -> list[Result]:
    results = []
    for bench in benches:
        if only and only.lower() not in bench.name.lower():
            continue
        if on_start:
            on_start(bench.name)
        results.append(run_one(bench, ctx, runs))
    return results

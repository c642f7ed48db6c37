"""The benchmark harness: discovery, best-of-N timing with an injected clock, statuses, the cache."""

import json
import os
import subprocess
import sys

from oversight.bench import REGISTRY, Benchmark, benchmark, reported
from oversight.bench.run import discover, run_all, run_one


class FakeClock:
    """perf_counter stand-in: each timed run takes the next duration from a list."""

    def __init__(self, durations):
        self.durations = list(durations)
        self.now = 0.0
        self.started = False

    def __call__(self):
        if self.started:
            self.now += self.durations.pop(0)
        self.started = not self.started
        return self.now


def _bench(setup, target=1.0, name="demo: thing"):
    return Benchmark(name, target, setup, __name__)


def test_setup_runs_once_and_the_best_run_counts():
    calls = {"setup": 0, "work": 0}

    def setup(ctx):
        calls["setup"] += 1
        assert ctx == "the context"

        def work():
            calls["work"] += 1

        return work

    result = run_one(_bench(setup, target=1.0), "the context", runs=3, clock=FakeClock([1.5, 0.25, 0.75]))
    assert calls == {"setup": 1, "work": 3}
    assert result.seconds == 0.25
    assert result.status == "pass"
    assert result.note == "best of 3"


def test_over_target_fails_and_no_target_is_just_done():
    slow = run_one(_bench(lambda ctx: lambda: None, target=0.5), None, runs=2, clock=FakeClock([0.9, 0.6]))
    assert (slow.seconds, slow.status) == (0.6, "fail")
    untargeted = run_one(_bench(lambda ctx: lambda: None, target=None), None, runs=1, clock=FakeClock([2.0]))
    assert untargeted.status == "done"


def test_reported_times_are_shown_as_they_are():
    result = run_one(_bench(lambda ctx: reported(42.0, "from the cache build"), target=60), None)
    assert (result.seconds, result.status, result.note) == (42.0, "pass", "from the cache build")


def test_errors_are_reported_and_do_not_stop_the_run():
    def broken(ctx):
        raise KeyError("ssd_missing_table")

    results = run_all(
        [
            _bench(broken, name="a: broken"),
            _bench(lambda ctx: 7, name="b: not callable"),
            _bench(lambda ctx: lambda: None, target=None, name="c: fine"),
        ],
        None,
        runs=1,
    )
    assert [(r.name, r.status) for r in results] == [
        ("a: broken", "error"),
        ("b: not callable", "error"),
        ("c: fine", "done"),
    ]
    assert "ssd_missing_table" in results[0].note
    assert "callable" in results[1].note


def test_only_filters_by_name():
    results = run_all(
        [_bench(lambda ctx: lambda: None, name="caseloads: x"), _bench(lambda ctx: lambda: None, name="audits: y")],
        None,
        runs=1,
        only="AUDITS",
    )
    assert [r.name for r in results] == ["audits: y"]


def test_benchmark_decorator_registers_once():
    before = len(REGISTRY)

    @benchmark("tests: registered once", target_seconds=2.0)
    def one(ctx):
        return lambda: None

    benchmark("tests: registered once")(one)
    assert len(REGISTRY) == before + 1
    assert REGISTRY[-1].name == "tests: registered once" and REGISTRY[-1].target_seconds == 2.0
    REGISTRY.pop()


def test_discovery_skips_missing_apps_and_reports_broken_modules(monkeypatch, tmp_path):
    import oversight

    monkeypatch.setattr(oversight, "__path__", [*oversight.__path__, str(tmp_path)])
    (tmp_path / "bench_probe").mkdir()
    (tmp_path / "bench_probe" / "__init__.py").write_text("")
    (tmp_path / "bench_probe" / "benchmarks.py").write_text("import a_module_that_does_not_exist\n")
    _, problems = discover(["no_such_app", "bench_probe"])
    assert [p.name for p in problems] == ["oversight.bench_probe.benchmarks"]
    assert "a_module_that_does_not_exist" in problems[0].note


def test_harness_builds_the_cache_once_and_runs(tmp_path):
    env = {**os.environ, "OVERSIGHT_VAR_DIR": str(tmp_path / "var")}
    command = [
        sys.executable,
        "-m",
        "oversight.bench",
        "--scale",
        "small",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--only",
        "synthetic:",
        "--runs",
        "1",
        "--format",
        "json",
    ]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "Building the small synthetic council" in first.stderr
    data = json.loads(first.stdout)
    names = {r["name"]: r for r in data["results"]}
    assert names["synthetic: build the small council"]["result"] in ("pass", "fail")
    assert names["synthetic: build the benchmark council as frames (timed once, at cache build)"]["seconds"] > 0
    cache = tmp_path / "cache"
    assert (cache / "small-seed1.sqlite3").stat().st_size > 0
    meta = json.loads((cache / "small-seed1.json").read_text())
    from oversight.synthetic.build import VERSION

    assert meta["version"] == VERSION and meta["rows"] > 10_000
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "Building" not in again.stderr


def test_the_load_run_sends_traffic_only_to_127_0_0_1(capsys):
    import pytest

    from oversight.bench import load

    for argv in (["--addr", "0.0.0.0:8765"], ["--addr", "example.org:80"], ["--pg-url", "postgres://db.example/x"]):
        with pytest.raises(SystemExit):
            load.main(argv)
        assert "127.0.0.1" in capsys.readouterr().err


def test_the_load_run_is_bounded(capsys):
    import pytest

    from oversight.bench import load

    for argv in (["--users", "0"], ["--duration", "3600"], ["--max-requests", "10000000"]):
        with pytest.raises(SystemExit):
            load.main(argv)


def test_the_load_report_judges_p95_and_errors():
    from oversight.bench.load import Phase, Sample, summarise

    phase = Phase("50 users")
    phase.samples = [Sample("fast", 0.010, 200, 2048) for _ in range(99)] + [Sample("fast", 0.500, 200, 2048)]
    phase.samples += [Sample("slow", 0.400, 200, 1024) for _ in range(20)]
    phase.samples += [Sample("broken", 0.010, 200, 10) for _ in range(19)] + [Sample("broken", 0.010, 500, 10)]
    rows = {r["page"]: r for r in summarise(phase, 300)}
    assert rows["fast"]["result"] == "pass" and rows["fast"]["p95_ms"] == 10.0 and rows["fast"]["kb"] == 2.0
    assert rows["slow"]["result"] == "FAIL" and rows["slow"]["p95_ms"] == 400.0
    assert rows["broken"]["result"] == "FAIL" and rows["broken"]["errors"] == 1


def test_the_load_run_counts_the_cpu_time_of_the_server_and_its_workers():
    import subprocess
    import sys

    from oversight.bench.load import cpu_seconds

    # A "server" whose worker (a child process) burns CPU: the time shows up under the server's pid.
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys; subprocess.run([sys.executable, '-c', "
            "'import time\\nend = time.process_time() + 0.6\\nwhile time.process_time() < end: pass\\n"
            "time.sleep(30)'])",
        ]
    )
    try:
        import time

        start = cpu_seconds(server.pid, "no-such-database")
        assert start is not None and start[1] == 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and cpu_seconds(server.pid, "no-such-database")[0] - start[0] < 0.4:
            time.sleep(0.2)
        assert cpu_seconds(server.pid, "no-such-database")[0] - start[0] >= 0.4
    finally:
        for pid in _descendants(server.pid):
            subprocess.run(["kill", str(pid)], check=False)
        server.kill()
        server.wait()


def _descendants(root: int) -> list[int]:
    import os

    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == root:
                        found.append(int(entry))
            except OSError:
                pass
    return found


def test_paced_users_start_a_page_every_pace_seconds_and_unpaced_users_never_wait():
    import http.server
    import threading

    from oversight.bench.load import Page, run_concurrent

    class Ok(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        pages = [Page("home", "social_worker", "/")]
        sessions = {"social_worker": "key"}
        paced = run_concurrent("127.0.0.1", port, sessions, pages, 2, 1.0, 10_000, 1, pace=0.25)
        free = run_concurrent("127.0.0.1", port, sessions, pages, 2, 1.0, 10_000, 1)
    finally:
        server.shutdown()
    # Each paced user starts at most one page per 0.25 s in the second: at most 4 (5 with the first
    # at a random moment), whatever the machine; the unpaced users are held back by nothing.
    assert 2 <= len(paced.samples) <= 10, len(paced.samples)
    assert len(free.samples) > 10, len(free.samples)
    assert all(s.status == 200 for s in paced.samples + free.samples)
    assert "a page every 0.25 s" in paced.name and "no pause" in free.name

"""Benchmarks of the synthetic council builder and of loading frames from the database."""

from oversight.bench import benchmark, reported

HEADLINE_TABLES = (
    "ssd_cin_episodes",
    "ssd_cp_plans",
    "ssd_cla_episodes",
    "ssd_care_leavers",
    "ssd_involvements",
    "ssd_professionals",
)


@benchmark("synthetic: build the benchmark council as frames (timed once, at cache build)", target_seconds=120)
def build_cached(ctx):
    return reported(ctx.meta["build_seconds"], "measured when the cache was built")


@benchmark("synthetic: write the benchmark council to SQLite (timed once, at cache build)", target_seconds=180)
def write_cached(ctx):
    return reported(ctx.meta["write_seconds"], "measured when the cache was built")


@benchmark("synthetic: build the small council", target_seconds=5)
def build_small(ctx):
    from oversight.synthetic.build import build

    return lambda: build("small", 1)


@benchmark("frames: load the six headline tables from the database", target_seconds=10)
def load_headline_frames(ctx):
    from oversight.people import frames

    def cold():
        frames.clear_cache()
        return frames.load_many(HEADLINE_TABLES)

    return cold


@benchmark("frames: the six headline tables again, kept in memory since the last read", target_seconds=0.1)
def load_headline_frames_warm(ctx):
    from oversight.people import frames

    frames.load_many(HEADLINE_TABLES)
    return lambda: frames.load_many(HEADLINE_TABLES)

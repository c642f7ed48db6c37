"""gunicorn's hooks for `oversight serve` (passed as --config python:oversight.cli.gunicorn_conf)."""


def post_worker_init(worker):
    import sys

    # Each worker's threads take turns with Python's lock every millisecond, not every 5 (the default): a
    # thread back from PostgreSQL, or a short page, then waits less behind a long page in the same worker.
    sys.setswitchinterval(0.001)
    # Each new worker copies the warmed figures (oversight warm) into its own memory in the background,
    # so the first user it answers does not wait for the large frames to be read from the shared cache.
    import os

    from oversight.web.warm import ENV, load_in_worker

    if os.environ.get(ENV) == "1":  # set by oversight serve unless --no-warm
        load_in_worker()

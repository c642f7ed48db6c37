"""gunicorn's hooks for `oversight serve` (passed as --config python:oversight.cli.gunicorn_conf)."""


def post_worker_init(worker):
    # Each new worker copies the warmed figures (oversight warm) into its own memory in the background,
    # so the first user it answers does not wait for the large frames to be read from the shared cache.
    import os

    from oversight.web.warm import ENV, load_in_worker

    if os.environ.get(ENV) == "1":  # set by oversight serve unless --no-warm
        load_in_worker()

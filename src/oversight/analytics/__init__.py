"""Framework-free analytics on polars: frames in, frames out.

Nothing in this package imports Django, so it runs the same from the CLI, the
web app, tests and notebooks.
"""

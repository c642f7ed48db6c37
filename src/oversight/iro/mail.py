"""The default email backend: Django's console backend, on standard error.

Standard output is kept for what commands print (`--format json` must stay
parseable when an import sends change alerts).
"""

import sys

from django.core.mail.backends.console import EmailBackend


class StderrEmailBackend(EmailBackend):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("stream", sys.stderr)
        super().__init__(*args, **kwargs)

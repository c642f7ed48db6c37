"""Values worked out once per request: the case-data version token, the user's record scope.

A page asks for the same thing several times (every cached figure checks the
version token; the record scope is asked by the view, the panels and the
lists). `RequestMemoMiddleware` opens a memo for each GET or HEAD request;
`once(key, compute)` returns the value already worked out in this request, or
works it out and keeps it until the response is made. Outside a request (the
CLI, tests calling queries directly) and on requests that write (POST, which
may change the case data or a grant), nothing is kept: every call computes.

The memo lives in a context variable, so each thread of a worker has its own
and nothing ever passes from one request (or user) to another.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable
from typing import Any

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("oversight_request_memo", default=None)
SAFE_METHODS = ("GET", "HEAD")


def once(key: Hashable, compute: Callable[[], Any]) -> Any:
    """COMPUTE()'s value, worked out at most once in this request (every time outside one)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(key: Hashable) -> None:
    """Drop KEY from this request's memo (its value has just changed)."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        reset = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(reset)

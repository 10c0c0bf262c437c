"""Real work made to wait at a gate the test opens (``threading.Event``): what a window's
thread shows while that work runs, without sleeping or timing anything."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def held(gate: threading.Event, work: Callable[P, T], wait_s: float = 20.0) -> Callable[P, T]:
    """``work`` that first waits until ``gate`` is set (at most ``wait_s``: a test that
    forgets to open it fails instead of hanging)."""

    def waiting(*args: P.args, **kwargs: P.kwargs) -> T:
        assert gate.wait(wait_s), "the gate was never opened"
        return work(*args, **kwargs)

    return waiting

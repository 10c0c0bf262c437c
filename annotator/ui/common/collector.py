"""Python's cyclic garbage collector is off while any of the window's background threads
runs, and on again (if it was on) when the last one ends.

A collection set off by a thread's allocations runs in that thread: it may finalise Qt
objects of the window's thread (a crash), and a full collection of a large heap holds the
interpreter, and so the window, for as long as it takes. One guard for every kind of thread:
with a guard per kind, the last thread of one kind turned the collector on again while a
thread of another kind still ran."""

from __future__ import annotations

import gc

_holders: set[object] = set()  # the threads begun and not yet ended
_was_enabled = False  # whether the collector was on when the first of them began


def hold(worker: object) -> None:
    """``worker`` begins: the collector is off until it (and every other holder) ends."""
    global _was_enabled
    if not _holders:
        _was_enabled = gc.isenabled()
        gc.disable()
    _holders.add(worker)


def release(worker: object, *, collect: bool = False) -> None:
    """``worker`` has ended. The last to end turns the collector on again if it was on, and
    with ``collect`` collects what was left meanwhile, here (on the window's thread)."""
    if worker not in _holders:
        return
    _holders.discard(worker)
    if not _holders and _was_enabled:
        gc.enable()
        if collect:
            gc.collect()


def holders() -> int:
    """How many threads hold the collector off."""
    return len(_holders)

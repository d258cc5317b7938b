"""paused_gc: the collector off in the block, back as it was after, nested or not."""

from __future__ import annotations

import gc

import pytest

from spr_graph.core.gcpause import paused_gc


def test_paused_in_the_block_and_back_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer one paused
    assert gc.isenabled()


def test_back_after_an_error_and_as_a_decorator() -> None:
    @paused_gc()
    def inside() -> bool:
        return gc.isenabled()

    assert inside() is False and inside() is False  # reusable
    with pytest.raises(KeyError), paused_gc():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cycles_made_in_the_block_are_collected_after() -> None:
    """Pausing delays collection, never prevents it (nothing is frozen for good)."""
    import weakref

    class Node:
        other: object = None

    with paused_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
    gc.collect()
    assert gone() is None and gc.get_freeze_count() == 0

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


def test_freeze_moves_what_is_alive_out_of_the_walks() -> None:
    kept = [{"n": i} for i in range(1000)]
    try:
        with paused_gc(freeze=True):
            pass
        assert gc.get_freeze_count() >= len(kept)
        assert gc.isenabled()
    finally:
        gc.unfreeze()

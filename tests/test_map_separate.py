"""Pushing overlapping discs apart: only the overlapping pairs computed, to the bits of
the whole matrix of pairs (the layout, and so every map, unchanged)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from spr_graph.render.layout import GAP, RING, _separate

Position = tuple[float, float]


def _whole_matrix(centres: list[Position], radii: list[float], rounds: int = 100,
                  gap: float = GAP) -> list[Position]:
    """The reference: every pair's push computed and summed, each round."""
    at = np.array(centres, dtype=float)
    at[:, 0] += np.arange(len(at)) * 1e-3
    size = np.array(radii, dtype=float)
    need = size[:, None] + size[None, :] + gap
    np.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        delta = at[None, :, :] - at[:, None, :]
        distance = np.hypot(delta[..., 0], delta[..., 1])
        overlap = np.clip(need - distance, 0.0, None)
        if not overlap.any():
            break
        push = delta * (overlap / 2 / np.where(distance > 0, distance, 1.0))[..., None]
        at += push.sum(axis=0) - push.sum(axis=1)
    return [(float(x), float(y)) for x, y in at]


@pytest.mark.parametrize(("count", "spread", "seed"), [
    (1, 10.0, 1), (2, 0.0, 2), (3, 0.0, 3), (40, 200.0, 4), (300, 2500.0, 5),
    (300, 60000.0, 6), (120, 50.0, 7)])
def test_the_same_bits_as_the_whole_matrix(count: int, spread: float, seed: int) -> None:
    rng = random.Random(seed)
    centres = [(rng.uniform(0, spread), rng.uniform(0, spread)) for _ in range(count)]
    radii = [rng.choice([0.0, rng.uniform(0, 300), rng.uniform(0, 3000)])
             for _ in range(count)]
    for gap in (GAP, RING):
        assert _separate(centres, radii, gap=gap) == _whole_matrix(centres, radii, gap=gap)


def test_equal_centres_are_pushed_apart() -> None:
    apart = _separate([(5.0, 5.0)] * 4, [10.0] * 4)
    assert len(set(apart)) == 4
    assert apart == _whole_matrix([(5.0, 5.0)] * 4, [10.0] * 4)

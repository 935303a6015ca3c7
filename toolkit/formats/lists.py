"""How a brief's lists number and mark their items — the one rule every edition writer prints them by."""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.model import Block

BULLETS = ("•", "◦", "–")  # by depth, then again


def list_numbers(blocks: Iterable[Block]) -> list[int | None]:
    """The number each ordered list item shows (None for every other block): counted per depth; any block that
    is not a list item ends the list, a shallower item ends the deeper lists, and a change between bullets and
    numbers at one depth starts the count again."""
    numbers: list[int | None] = []
    counts: dict[int, int] = {}
    ordered: dict[int, bool] = {}
    for block in blocks:
        if block.kind != "list-item":
            counts.clear()
            ordered.clear()
            numbers.append(None)
            continue
        depth = list_depth(block)
        for deeper in [d for d in counts if d > depth]:
            del counts[deeper]
            ordered.pop(deeper, None)
        if ordered.get(depth) != block.ordered:
            counts[depth] = 0
            ordered[depth] = block.ordered
        counts[depth] += 1
        numbers.append(counts[depth] if block.ordered else None)
    return numbers


def list_depth(block: Block) -> int:
    """A list item's depth, from 1."""
    return max(1, block.level or 1)


def list_marker(block: Block, number: int | None) -> str:
    """What a list item prints before its text ("" outside lists): `3.` when numbered, else its depth's bullet."""
    if block.kind != "list-item":
        return ""
    if number is not None:
        return f"{number}."
    return BULLETS[(list_depth(block) - 1) % len(BULLETS)]

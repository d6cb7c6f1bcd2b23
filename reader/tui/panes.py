"""Tab and shift+tab: the next pane after the one holding the focus (a pane holds it when it,
or a widget inside it, has it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def holding(panes: Sequence[Any], focused: Any | None, default: Any) -> int:
    """The index of the pane the focus is in, else of `default`."""
    for index, pane in enumerate(panes):
        if focused is pane or (focused is not None and pane in focused.ancestors):
            return index
    return list(panes).index(default)


def next_pane(panes: Sequence[Any], focused: Any | None, default: Any, step: int = 1) -> Any:
    """The pane `step` on from the one holding the focus, going round."""
    return panes[(holding(panes, focused, default) + step) % len(panes)]


__all__ = ["holding", "next_pane"]

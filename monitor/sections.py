"""Which section tells which story: `[[digest.sections]]` select by `layers` and/or `topics`.

Pure. Sections that select by topic are matched first (in config order, the first whose topics a story carries
wins), then those that select by layer (in config order, the first holding the story's layer wins); a section
with both takes part in both rounds. `layer = "…"` alone is a section of that one layer. A story no section
selects is not told in a section. Sections are shown in config order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class SectionSpec(Protocol):
    """What is read of a configured section (monitor.config.Section)."""

    @property
    def layer(self) -> str: ...

    @property
    def heading(self) -> str: ...

    @property
    def layers(self) -> tuple[str, ...]: ...

    @property
    def topics(self) -> tuple[str, ...]: ...


class Placed(Protocol):
    @property
    def layer(self) -> str: ...

    @property
    def topics(self) -> tuple[str, ...]: ...


S = TypeVar("S", bound=Placed)


def section_layers(spec: SectionSpec) -> tuple[str, ...]:
    """The layers a section selects: its `layers`, else its one `layer` unless it selects by topic only."""
    if spec.layers:
        return tuple(spec.layers)
    return (spec.layer,) if spec.layer else ()


def section_key(spec: SectionSpec) -> str:
    """The section's key in the digest model: its first layer, else its first topic."""
    layers = section_layers(spec)
    return layers[0] if layers else (spec.topics[0] if spec.topics else spec.layer)


def place(story: Placed, specs: Sequence[SectionSpec]) -> int | None:
    """The index of the section that tells `story`, or None."""
    topics = set(story.topics)
    for index, spec in enumerate(specs):
        if topics and topics.intersection(spec.topics):
            return index
    for index, spec in enumerate(specs):
        if story.layer in section_layers(spec):
            return index
    return None


def assign(stories: Sequence[S], specs: Sequence[SectionSpec]) -> list[list[S]]:
    """Each section's stories, in the order given (ranked), one list per spec in config order."""
    out: list[list[S]] = [[] for _ in specs]
    for story in stories:
        index = place(story, specs)
        if index is not None:
            out[index].append(story)
    return out

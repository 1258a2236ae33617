"""Human-readable accounts of tagging: why an item got its tags, and what a re-tag would change."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from monitor.models import Tags
from monitor.rules import Rules


def explain_lines(title: str, summary: str, tags: Tags, rules: Rules) -> list[str]:
    lines = [f"title:   {title}"]
    if summary:
        lines.append(f"summary: {summary[:300]}{'…' if len(summary) > 300 else ''}")
    lines.append("")
    if not tags.companies:
        lines.append("companies: none")
    for company_id in tags.companies:
        rule = rules.company(company_id)
        name = f"{rule.name_en} / {rule.name_ko}" if rule else company_id
        lines.append(f"company {company_id} ({name}) score {tags.scores.get(company_id, 0):g}")
        lines += _evidence_lines(tags, "company", company_id)
    if tags.layers:
        for layer_id in tags.layers:
            mark = " (primary)" if layer_id == tags.primary_layer else ""
            lines.append(f"layer {layer_id}{mark} score {tags.scores.get(layer_id, 0):g}")
            lines += _evidence_lines(tags, "layer", layer_id)
    else:
        lines.append("layers: none (not AI-industry news: stored, but left out of the digest)")
    if not tags.topics:
        lines.append("topics: none")
    for topic_id in tags.topics:
        topic = rules.topic(topic_id)
        name = f" ({topic.name_en} / {topic.name_ko})" if topic else ""
        lines.append(f"topic {topic_id}{name} score {tags.scores.get(topic_id, 0):g}")
        lines += _evidence_lines(tags, "topic", topic_id)
    if tags.rejected:
        lines.append("rejected matches:")
        for r in tags.rejected:
            lines.append(f"    {r.term!r} in {r.field} at {r.position}: {r.reason}")
    return lines


def _evidence_lines(tags: Tags, kind: str, tag: str) -> list[str]:
    """The evidence for one company, layer or topic, one line per matched term."""
    return [
        f"    {e.term!r} in {e.field} at {e.position} (+{e.weight:g})"
        for e in tags.evidence
        if e.kind == kind and e.tag == tag
    ]


@dataclass
class TagChanges:
    """Gains and losses per tag across a re-tag."""

    items_seen: int = 0
    items_changed: int = 0
    tags_gained: int = 0
    tags_lost: int = 0
    gained: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    lost: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, item_id: int, title: str, old: Tags, new: Tags) -> bool:
        """Record one item; True when its tags changed (primary layer included)."""
        self.items_seen += 1
        before = _tag_set(old)
        after = _tag_set(new)
        if old.primary_layer != new.primary_layer:
            before.add(f"primary:{old.primary_layer}")
            after.add(f"primary:{new.primary_layer}")
        if before == after:
            return False
        self.items_changed += 1
        for tag in sorted(after - before):
            self.gained[tag].append((item_id, title))
            self.tags_gained += not tag.startswith("primary:")
        for tag in sorted(before - after):
            self.lost[tag].append((item_id, title))
            self.tags_lost += not tag.startswith("primary:")
        return True

    def report_lines(self, per_tag: int = 10) -> list[str]:
        lines = []
        for tag in sorted(set(self.gained) | set(self.lost)):
            gains, losses = self.gained.get(tag, []), self.lost.get(tag, [])
            lines.append(f"{tag}: +{len(gains)} -{len(losses)}")
            for sign, entries in (("+", gains), ("-", losses)):
                for item_id, title in entries[:per_tag]:
                    lines.append(f"  {sign} #{item_id} {title[:100]}")
                if len(entries) > per_tag:
                    lines.append(f"  {sign} … and {len(entries) - per_tag} more")
        return lines


def _tag_set(tags: Tags) -> set[str]:
    return (
        {f"company:{c}" for c in tags.companies}
        | {f"layer:{x}" for x in tags.layers}
        | {f"topic:{t}" for t in tags.topics}
    )

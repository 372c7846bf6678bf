"""Which group figures of a campaign's score tree may be shown, at every level at once.

:mod:`assessment.anonymity` decides, at one node, which groups may be shown given
each segment's number of respondents. A campaign's tree adds two ways to uncover
someone that no single node shows:

* **Who was asked, not only who scored.** A question's answer distribution
  counts everyone it was put to ("not applicable", "don't know" and unanswered
  included), so the groups' sizes at a node are counted over everyone the node
  was put to (every question status but hidden), and again over those with a
  score there (the mean's own respondents); a group is shown only where both
  counts let it be. A mean is therefore always over at least k scores.
* **Across levels.** Each respondent's sub-barrier score is a weighted mean of
  their own answered questions, with weights that depend on which they answered
  (and likewise areas and overall). Where a group's respondents do not all have a
  score at the same children of a node (one said "don't know" to a question; one
  has too few answers for an area), the node's figure, less the children's
  figures in their weights, is a sum over those few people: from a whole team's
  figures alone one person's sub-barrier score could be worked out. So at each
  node the group's respondents are sorted by segment and by where they have a
  score (at the node and its children, and at each shown node above it and its
  children); when the patterns differ and one has 1 to k − 1 people, the group is
  hidden either at the node and every node above it or at every node below it,
  whichever hides fewer figures.
* **What can be derived.** Then what a reader can work out is followed through
  the tree (:meth:`_Tree.known`): a group's figure where all its respondents
  share one pattern is the weighted sum of its children's, and back; and at each
  node, any sum and difference of the figures known there. While that reaches a
  set of segments under k or a figure hidden by the rule above, the shown figure
  nearest it whose hiding stops it is hidden too (:meth:`_Tree.hide_one`).

The rule is sound rather than sharp: it can hide a figure no attack needs, and
in a large campaign with a few rare patterns (a handful of people without an
area score) it hides the overall score or whole areas for the group.

``tests/unit/test_campaign_recovery.py`` attacks random campaigns with every
shown figure at every level, knowing every respondent's segment and which
questions each answered, and recovers no one's score and no hidden group's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from assessment.anonymity import Figure, disclosed, in_span, recoverable_group


@dataclass(frozen=True)
class Tally:
    """A node of the tree: per respondent (in one order throughout), whether it was put to
    them and whether they have a score there."""

    id: str
    asked: tuple[bool, ...]
    scored: tuple[bool, ...]
    children: tuple[Tally, ...] = ()

    def walk(self) -> list[Tally]:
        return [self, *(node for child in self.children for node in child.walk())]


def shown_figures(
    root: Tally,
    segments: Sequence[str],
    figures: Collection[Figure],
    k: int,
    identified: frozenset[str],
) -> dict[str, frozenset[Figure]]:
    """The figures that may be shown at each node, by node id.

    ``segments`` gives each respondent's segment, in the order of the tallies."""
    tree = _Tree(root, segments, figures, k, identified)
    shown = {
        node.id: set(
            disclosed(_sizes(node.asked, segments), figures, k, identified)
            & disclosed(tree.sizes[node.id], figures, k, identified)
        )
        - tree.broken[node.id]
        for node in tree.nodes
    }
    while (leak := tree.leak(shown)) is not None and tree.hide_one(shown, *leak):
        pass
    return {node_id: frozenset(figures) for node_id, figures in shown.items()}


def _sizes(flags: Sequence[bool], segments: Sequence[str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for flag, segment in zip(flags, segments, strict=True):
        if flag:
            sizes[segment] = sizes.get(segment, 0) + 1
    return sizes


class _Tree:
    """The tallies with, per node and figure, who has a score there; and what a reader can
    work out from the shown figures (:meth:`known`)."""

    def __init__(
        self,
        root: Tally,
        segments: Sequence[str],
        figures: Collection[Figure],
        k: int,
        identified: frozenset[str],
    ) -> None:
        self.nodes = root.walk()
        self.figures = sorted(set(figures), key=sorted)
        self.k, self.identified = k, identified
        self.parent = {c.id: n for n in self.nodes for c in n.children}
        self.sizes = {n.id: _sizes(n.scored, segments) for n in self.nodes}
        self.members = {
            (n.id, f): frozenset(
                i for i, (on, s) in enumerate(zip(n.scored, segments)) if on and s in f
            )
            for n in self.nodes
            for f in self.figures
        }
        self.segments = segments
        open_ = frozenset(i for i, s in enumerate(segments) if s not in identified)
        self.protected = {key: people & open_ for key, people in self.members.items()}
        """Who has a score at a node, of a figure's respondents not identified."""
        self.broken: dict[str, set[Figure]] = {n.id: set() for n in self.nodes}
        for figure in self.figures:
            for node_id in self._broken(figure):
                self.broken[node_id].add(figure)

    def ancestors(self, node: Tally) -> list[Tally]:
        found = []
        while (node := self.parent.get(node.id)) is not None:  # type: ignore[assignment]
            found.append(node)
        return found

    def _broken(self, figure: Figure) -> set[str]:
        """Where the group is hidden so that no one's weights can be told apart: at each
        node whose respondents are *mixed* (:meth:`_mixed`), either the node and every
        node above it, or every node below it, whichever hides fewer."""
        hidden: set[str] = set()
        for node in self.nodes:
            if node.id in hidden or not self._mixed(node, figure, hidden):
                continue
            up = [n.id for n in [node, *self.ancestors(node)] if n.id not in hidden]
            down = [n.id for n in node.walk()[1:] if n.id not in hidden]
            hidden |= set(up if len(up) < len(down) else down)
        return hidden

    def _mixed(self, node: Tally, figure: Figure, hidden: set[str]) -> bool:
        """Whether the group's respondents fall into more than one pattern of where they have a
        score (at this node and each of its children, and so at each shown node above it and
        its children), and, told apart by segment too (other groups' figures can), one of
        these patterns has 1 to k − 1 people."""
        chain = [n for n in [node, *self.ancestors(node)] if n.id not in hidden]
        levels = [level for n in chain for level in (n, *n.children)]
        sets = [self._protected(n, figure) for n in levels]
        people = frozenset().union(*sets)
        patterns = Counter(
            (self.segments[person], *(person in found for found in sets)) for person in people
        )
        return len({p[1:] for p in patterns}) > 1 and min(patterns.values()) < self.k

    def _protected(self, node: Tally, figure: Figure) -> frozenset[int]:
        return self.protected[(node.id, figure)]

    def regular(self, node: Tally, figure: Figure) -> bool:
        """Every one of the group scored here is scored at each child any of them is."""
        mine = self.members[(node.id, figure)]
        below = [self.members[(c.id, figure)] for c in node.children]
        return all(not b or b == mine for b in below)

    def known(self, shown: dict[str, set[Figure]]) -> dict[str, set[Figure]]:
        """Per node, the figures the shown ones give: by sums and differences at the node,
        and from a node to its children and back where the group is regular."""
        known = {node_id: set(figures) for node_id, figures in shown.items()}
        changed = True
        while changed:
            changed = False
            for node in self.nodes:
                for figure in self.figures:
                    if figure not in known[node.id] and self._derived(node, figure, known):
                        known[node.id].add(figure)
                        changed = True
        return known

    def _derived(self, node: Tally, figure: Figure, known: dict[str, set[Figure]]) -> bool:
        if not self.members[(node.id, figure)]:
            return False
        if in_span(known[node.id], self.sizes[node.id], self.identified, figure):
            return True
        nonempty = [c for c in node.children if self.members[(c.id, figure)]]
        if nonempty and self.regular(node, figure) and all(figure in known[c.id] for c in nonempty):
            return True
        parent = self.parent.get(node.id)
        if parent is None or not self.regular(parent, figure) or figure not in known[parent.id]:
            return False
        siblings = [c for c in parent.children if c is not node and self.members[(c.id, figure)]]
        return all(figure in known[c.id] for c in siblings)

    def leak(self, shown: dict[str, set[Figure]]) -> tuple[Tally, Figure] | None:
        """A node and a hidden figure, or set of segments under k, a reader can work out."""
        known = self.known(shown)
        for node in self.nodes:
            sizes = self.sizes[node.id]
            small = recoverable_group(sizes, known[node.id], self.k, self.identified)
            if small is not None:
                return node, small
            for figure in self.broken[node.id]:
                if self._protected(node, figure) and in_span(
                    known[node.id], sizes, self.identified, figure
                ):
                    return node, figure
        return None

    def hide_one(self, shown: dict[str, set[Figure]], node: Tally, target: Figure) -> bool:
        """Hide the shown figure nearest the leak whose hiding stops it (the leak's node
        first, smallest group first; then below it, deepest first; then above it)."""
        candidates = [(node.id, f) for f in self._by_size(node, shown[node.id])]
        below = [n for n in node.walk()[1:]]
        candidates += [(n.id, f) for n in reversed(below) for f in self._by_size(n, shown[n.id])]
        up = self.parent.get(node.id)
        while up is not None:
            candidates += [(up.id, f) for f in self._by_size(up, shown[up.id])]
            up = self.parent.get(up.id)
        for node_id, figure in candidates:
            shown[node_id].discard(figure)
            if not in_span(
                self.known(shown)[node.id], self.sizes[node.id], self.identified, target
            ):
                return True
            shown[node_id].add(figure)
        if not candidates:
            return False
        shown[candidates[0][0]].discard(candidates[0][1])
        return True

    def _by_size(self, node: Tally, figures: set[Figure]) -> list[Figure]:
        open_to_hide = [f for f in figures if not f <= self.identified]
        return sorted(open_to_hide, key=lambda f: (len(self.members[(node.id, f)]), sorted(f)))

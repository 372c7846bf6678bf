"""Which group figures of a campaign's score tree may be shown, at every level at once.

First, at each node on its own, :func:`assessment.anonymity.disclosed` decides from
each segment's number of respondents, counted over everyone the node was put to
(a question's answer distribution counts "not applicable", "don't know" and blanks)
and over those with a score there: small groups are hidden, and so are the
complementary ones that would give them away by subtraction.

Then the whole tree is checked with exact linear algebra. A reader is assumed to
know every respondent's segment and which questions each answered, so the weights
behind each respondent's sub-barrier, area and overall score; the unknowns are the
answers' scores. Every shown figure (a mean times its count) is a sum of the
group's respondents' scores there, so an attack is a combination Σ λ(G, N) ·
figure(G, N) of the shown figures; for a respondent of segment s, its coefficient
on their score of question q is

    Σ over the nodes N from q up to the root where they have a score of
    π(N, q) · Λ(s, N),   with Λ(s, N) = Σ λ(G, N) over the shown groups G ∋ s,

π(N, q) being the weight q has in their score at N (the product of the normalised
weights down the path). The attack uncovers a set of people when those
coefficients vanish for everyone else and not for all of them; it is a leak when
that set has 1 to k − 1 people. Each such coefficient is a linear *row* in the
λs, and respondents sharing a row must be uncovered together: a row held by k or
more respondents is held by someone outside any leak, so a leaking attack
satisfies every *common* row. Hence: if every *rare* row (held by fewer than k)
lies in the span of the common rows, no attack can leak. Where one does not, the
shown figure on its path whose hiding puts it in that span is hidden (questions
before sub-barriers before areas before the overall score, smaller groups first);
if none does alone, the deepest in its remainder is hidden and the row checked
again. Hiding a figure only ever removes attacks, so one pass over the rare rows
ends with none left.

The check is sound: it may hide a figure that no attack needs (it does not try
whether several rare rows together hold k people), but a large campaign, where
most ways of answering are shared by k or more, keeps its overall, area and
segment scores. ``tests/unit/test_campaign_recovery.py`` attacks random
campaigns with every shown figure and recovers no one's score and no small
group's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assessment.anonymity import Figure, disclosed

Var = int
"""A shown figure, numbered: deepest nodes first, then smaller groups first."""
Row = dict[Var, Fraction]


@dataclass(frozen=True)
class Tally:
    """A node of the tree: per respondent (in one order throughout), whether it was put to
    them and whether they have a score there; and its weight in its parent's score."""

    id: str
    asked: tuple[bool, ...]
    scored: tuple[bool, ...]
    children: tuple[Tally, ...] = ()
    weight: Fraction = Fraction(1)

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
    nodes = root.walk()
    shown = {
        node.id: set(
            disclosed(_sizes(node.asked, segments), figures, k, identified)
            & disclosed(_sizes(node.scored, segments), figures, k, identified)
        )
        for node in nodes
    }
    _Attack(root, segments, shown, k, identified).close_leaks()
    return {node_id: frozenset(figures) for node_id, figures in shown.items()}


def _sizes(flags: Sequence[bool], segments: Sequence[str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for flag, segment in zip(flags, segments, strict=True):
        if flag:
            sizes[segment] = sizes.get(segment, 0) + 1
    return sizes


class _Basis:
    """The span of some rows in echelon form (each row's pivot is its first variable)."""

    def __init__(self) -> None:
        self.rows: dict[Var, Row] = {}

    def reduce(self, row: Row) -> Row:
        """The row less its part in the span: zero exactly when it is in the span."""
        row = dict(row)
        while pivots := [var for var in row if var in self.rows]:
            pivot = min(pivots)
            factor = row[pivot]
            for var, value in self.rows[pivot].items():
                updated = row.get(var, 0) - factor * value
                if updated:
                    row[var] = updated
                else:
                    del row[var]
        return row

    def add(self, row: Row) -> None:
        if reduced := self.reduce(row):
            pivot = min(reduced)
            self.rows[pivot] = {var: value / reduced[pivot] for var, value in reduced.items()}


class _Attack:
    """The rows of every respondent not identified, and the hiding that leaves no leak."""

    def __init__(
        self,
        root: Tally,
        segments: Sequence[str],
        shown: dict[str, set[Figure]],
        k: int,
        identified: frozenset[str],
    ) -> None:
        self.root, self.segments, self.shown, self.k = root, segments, shown, k
        self.identified = identified
        depth = {node.id: level for level, node in _levels(root)}
        order = {node.id: index for index, node in enumerate(root.walk())}
        size = lambda part: sum(s in part for s in segments)
        self.figures = sorted(
            {(node_id, figure - identified) for node_id, found in shown.items() for figure in found}
            - {(node_id, frozenset()) for node_id in shown},
            key=lambda nf: (-depth[nf[0]], size(nf[1]), order[nf[0]], sorted(nf[1])),
        )
        """The unknowns of an attack: at a node, the figures with the same respondents not
        identified are one (they differ by what the reader knows)."""
        self.var = {figure: index for index, figure in enumerate(self.figures)}
        self.hidden: set[Var] = set()
        self.basis = _Basis()

    def close_leaks(self) -> None:
        """Hide figures until no rare row can be the only one an attack does not cancel."""
        rows = self._force_common(self._holders())
        for row, people in rows:
            if not self.basis.reduce(row):
                continue
            while remainder := (basis := self._basis_for(people, rows)).reduce(row):
                self._hide(self._stopper(basis, row, remainder))

    def _basis_for(self, people: frozenset[int], rows: list[tuple[Row, frozenset[int]]]) -> _Basis:
        """The rows that vanish in any leak showing a row of these people: the common ones,
        and those whose respondents with these make k or more."""
        basis = _Basis()
        basis.rows = dict(self.basis.rows)
        for row, others in rows:
            if len(people | others) >= self.k:
                basis.add(row)
        return basis

    def _holders(self) -> list[tuple[Row, frozenset[int]]]:
        """Each distinct row with the respondents who have it (grouped first by how the row
        was made, cheap to compare, then by the row itself)."""
        rows = _Rows(self)
        made: dict[tuple[object, ...], set[int]] = {}
        for person, segment in enumerate(self.segments):
            if segment not in self.identified:
                for key in rows.keys(person):
                    made.setdefault(key, set()).add(person)
        holders: dict[tuple[tuple[Var, Fraction], ...], set[int]] = {}
        for key, people in made.items():
            if row := rows.row(key):
                holders.setdefault(row, set()).update(people)
        return [(dict(row), frozenset(people)) for row, people in holders.items()]

    def _force_common(
        self, rows: list[tuple[Row, frozenset[int]]]
    ) -> list[tuple[Row, frozenset[int]]]:
        """Add to the basis every row that vanishes in any leak: rows whose remainders are
        proportional vanish together, so when they have k or more respondents between them
        they vanish in every leak. Returns the other rows (not yet in the span)."""
        while True:
            classes: dict[tuple[tuple[Var, Fraction], ...], list[tuple[Row, frozenset[int]]]] = {}
            for row, people in rows:
                if remainder := self.basis.reduce(row):
                    classes.setdefault(_direction(remainder), []).append((row, people))
            common = [
                m for m in classes.values() if len(frozenset().union(*(p for _, p in m))) >= self.k
            ]
            for members in common:
                self.basis.add(members[0][0])
            rows = [member for members in classes.values() for member in members]
            if not common:
                return sorted(rows, key=lambda rp: min(rp[0]))

    def _stopper(self, basis: _Basis, row: Row, remainder: Row) -> Var:
        """The shown figure whose hiding puts the row in the span, or else the deepest of the
        remainder's."""
        wanted = _direction(remainder)
        for var in sorted(set(row) | set(remainder)):
            unit = {} if var in self.hidden else basis.reduce({var: Fraction(1)})
            if unit and _direction(unit) == wanted:
                return var
        return min(remainder)

    def _hide(self, var: Var) -> None:
        node_id, part = self.figures[var]
        self.shown[node_id] -= {f for f in self.shown[node_id] if f - self.identified == part}
        self.hidden.add(var)
        self.basis.add({var: Fraction(1)})


class _Rows:
    """A respondent's rows: one per question they have a score at, its coefficient in an
    attack; computed once per segment, question and way of having scores on its path."""

    def __init__(self, attack: _Attack) -> None:
        self.attack = attack
        self.leaves = list(_leaf_paths(attack.root, ()))
        self.cache: dict[tuple[object, ...], tuple[tuple[Var, Fraction], ...]] = {}

    def keys(self, person: int) -> Iterator[tuple[object, ...]]:
        """How each of the person's rows is made: segment, question, and at each node above
        it whether they have a score there and at each of its children."""
        segment = self.attack.segments[person]
        masks: dict[str, tuple[bool, ...]] = {}
        for leaf, path in self.leaves:
            if not leaf.scored[person]:
                continue
            for node in path:
                if node.id not in masks:
                    masks[node.id] = _mask(node, person)
            key = (segment, leaf.id, *(masks[node.id] for node in path))
            if key not in self.cache:
                self.cache[key] = self._row(segment, leaf, path, person)
            yield key

    def row(self, key: tuple[object, ...]) -> tuple[tuple[Var, Fraction], ...]:
        return self.cache[key]

    def _row(
        self, segment: str, leaf: Tally, path: tuple[Tally, ...], person: int
    ) -> tuple[tuple[Var, Fraction], ...]:
        row: Row = {}
        weight = Fraction(1)
        below = leaf
        for node in (leaf, *reversed(path)):
            if node is not leaf:
                if not node.scored[person]:
                    break
                total = sum((c.weight for c in node.children if c.scored[person]), Fraction(0))
                weight *= below.weight / total
                below = node
            for figure in self.attack.shown[node.id]:
                if segment in figure:
                    row[self.attack.var[(node.id, figure - self.attack.identified)]] = weight
        return tuple(sorted(row.items()))


def _leaf_paths(node: Tally, above: tuple[Tally, ...]) -> Iterator[tuple[Tally, tuple[Tally, ...]]]:
    """Each leaf with the nodes above it, from the root down."""
    if not node.children:
        yield node, above
    for child in node.children:
        yield from _leaf_paths(child, (*above, node))


def _mask(node: Tally, person: int) -> tuple[bool, ...]:
    return (node.scored[person], *(c.scored[person] for c in node.children))


def _levels(node: Tally, level: int = 0) -> Iterator[tuple[int, Tally]]:
    yield level, node
    for child in node.children:
        yield from _levels(child, level + 1)


def _direction(row: Row) -> tuple[tuple[Var, Fraction], ...]:
    """The row scaled so that its first variable's coefficient is 1: equal for proportional rows."""
    first = row[min(row)]
    return tuple(sorted((var, value / first) for var, value in row.items()))

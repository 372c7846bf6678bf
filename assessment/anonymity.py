"""Which figures of a campaign may be shown without exposing a group smaller than k.

A campaign's respondents fall into segments (frontline, team lead, leadership,
manager …). A *figure* is anything computed over the respondents of a set of
segments: the whole team's mean, one segment's mean, "the rest of the team"
beside the manager, an answer distribution. Each such figure, together with the
number of respondents behind it (which is shown), gives away their *sum*. Sums
add up, so a reader can subtract: the total's sum minus the sums of every shown
segment is the sum of the hidden ones.

The rule, at a minimum group size k (3–10, default 5):

* a figure over 1 to k − 1 respondents not identified (see below) is hidden;
* then, while some set of hidden segments with 1 to k − 1 respondents between
  them can be recovered as a sum and difference of the shown figures (any
  combination, not only one subtraction), the smallest shown figure whose
  hiding prevents that is hidden too, the smallest of all if none alone does;
  this ends at the latest when only the total (of k or more) is left.

Segments named *identified* (the manager's own answers, shown to the manager
who gave them) are shown at any size; they are not protected and count as known
to the reader, so they can never be used to uncover the others. For the same
reason only respondents not identified count towards k: a figure whose
respondents are all identified (everyone's mean of a question put to the manager
alone) is shown, as it tells nothing the identified figures do not, while one
with 1 to k − 1 respondents not identified beside them stays hidden.

Figures are computed per question, sub-barrier and area from the respondents
who have a score there, so the decision is taken at each of them with its own
counts (:func:`disclosed`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from fractions import Fraction
from functools import lru_cache
from itertools import combinations

MIN_GROUP_SIZE = 3
MAX_GROUP_SIZE = 10
DEFAULT_MIN_GROUP_SIZE = 5

Figure = frozenset[str]
"""The segments whose respondents a figure is computed over."""


def check_min_group_size(k: int) -> int:
    """k itself, if an organisation may choose it; else a ValueError with a sentence to show."""
    if isinstance(k, bool) or not isinstance(k, int) or not MIN_GROUP_SIZE <= k <= MAX_GROUP_SIZE:
        raise ValueError(
            f"The minimum group size must be a whole number from {MIN_GROUP_SIZE} "
            f"to {MAX_GROUP_SIZE}."
        )
    return k


def identified_only(respondents: int, k: int) -> bool:
    """Whether a shown figure over ``respondents`` people is made of identified people's
    answers alone (the manager's): :func:`disclosed` shows a figure of fewer than ``k``
    only then."""
    return 0 < respondents < k


def disclosed(
    sizes: Mapping[str, int],
    figures: Iterable[Figure],
    k: int = DEFAULT_MIN_GROUP_SIZE,
    identified: Collection[str] = (),
) -> frozenset[Figure]:
    """The figures that may be shown, given each segment's number of respondents.

    A figure with no respondents is never shown: there is nothing to show, and
    saying so would tell that the whole group chose "not applicable".
    """
    check_min_group_size(k)
    wanted = tuple(sorted({frozenset(f) for f in figures}, key=sorted))
    counts = tuple(sorted((name, n) for name, n in sizes.items() if n > 0))
    return _disclosed(counts, wanted, k, frozenset(identified))


@lru_cache(maxsize=4096)
def _disclosed(
    counts: tuple[tuple[str, int], ...],
    figures: tuple[Figure, ...],
    k: int,
    identified: frozenset[str],
) -> frozenset[Figure]:
    sizes = dict(counts)
    size = lambda figure: sum(sizes.get(segment, 0) for segment in figure)
    protected = lambda figure: size(figure - identified)
    always = {f for f in figures if size(f) and not protected(f)}
    shown = {f for f in figures if protected(f) >= k} | always
    while (leak := recoverable_group(sizes, shown, k, identified)) is not None:
        candidates = sorted(shown - always, key=lambda f: (size(f), sorted(f)))
        stops_it = [f for f in candidates if not in_span(shown - {f}, sizes, identified, leak)]
        shown.remove((stops_it or candidates)[0])
    return frozenset(shown)


def recoverable_group(
    sizes: Mapping[str, int],
    shown: Collection[Figure],
    k: int,
    identified: Collection[str] = (),
) -> Figure | None:
    """A set of protected segments with 1 to k − 1 respondents whose sum a reader can work
    out from the shown figures, or None when there is none (the smallest such set first)."""
    protected = sorted(s for s, n in sizes.items() if n > 0 and s not in identified)
    for count in range(1, len(protected) + 1):
        for group in combinations(protected, count):
            if 0 < sum(sizes[s] for s in group) < k and in_span(
                shown, sizes, identified, frozenset(group)
            ):
                return frozenset(group)
    return None


def in_span(
    shown: Collection[Figure],
    sizes: Mapping[str, int],
    identified: Collection[str],
    target: Figure,
) -> bool:
    """Whether the target's sum is a linear combination of the shown figures' sums and
    of the identified segments' (which the reader knows), by exact Gaussian elimination."""
    segments = sorted(s for s, n in sizes.items() if n > 0)
    vector = lambda figure: [Fraction(s in figure) for s in segments]
    known = [vector(f) for f in shown] + [vector(frozenset({s})) for s in identified]
    basis: list[tuple[int, list[Fraction]]] = []  # (pivot column, row with 1 at the pivot)
    for row in known:
        row = _reduce(row, basis)
        pivot = next((i for i, value in enumerate(row) if value), None)
        if pivot is not None:
            basis.append((pivot, [value / row[pivot] for value in row]))
    return not any(_reduce(vector(target), basis))


def _reduce(row: list[Fraction], basis: list[tuple[int, list[Fraction]]]) -> list[Fraction]:
    for pivot, base in basis:
        if row[pivot]:
            factor = row[pivot]
            row = [value - factor * b for value, b in zip(row, base)]
    return row

"""Which slice of a long list a page shows: page numbers, offsets and "21–40 of 57"."""

from __future__ import annotations

from dataclasses import dataclass

PER_PAGE = 20


@dataclass(frozen=True)
class Pagination:
    """Page ``number`` (from 1) of ``total`` items shown ``per_page`` at a time."""

    number: int
    total: int
    per_page: int = PER_PAGE

    @classmethod
    def clamped(cls, requested: int, total: int, per_page: int = PER_PAGE) -> Pagination:
        """The requested page, or the nearest one that exists: a page past the end is the last."""
        pages = max(1, -(-total // per_page))
        return cls(min(max(requested, 1), pages), total, per_page)

    @property
    def pages(self) -> int:
        """How many pages the list takes; an empty list still has its one (empty) page."""
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def first(self) -> int:
        """The position (from 1) of the page's first item; 0 for an empty list."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.per_page, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    def links(self, around: int = 2) -> list[int | None]:
        """The page numbers to link: the first, the last and those near this one;
        ``None`` marks a gap of skipped pages."""
        near = range(max(1, self.number - around), min(self.pages, self.number + around) + 1)
        wanted = sorted({1, self.pages, *near})
        shown: list[int | None] = []
        for page in wanted:
            if shown and page - (shown[-1] or 0) > 1:
                shown.append(None)
            shown.append(page)
        return shown

"""Pagination: which slice of a long list a page shows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessment.pagination import Pagination


def test_a_middle_page_shows_its_slice_and_both_neighbours() -> None:
    page = Pagination.clamped(2, total=57, per_page=20)

    assert (page.first, page.last, page.offset, page.pages) == (21, 40, 20, 3)
    assert (page.previous, page.next) == (1, 3)


def test_a_page_past_the_end_is_the_last_and_below_one_the_first() -> None:
    assert Pagination.clamped(99, total=57).number == 3
    assert Pagination.clamped(0, total=57).number == 1


def test_an_empty_list_has_one_empty_page() -> None:
    page = Pagination.clamped(5, total=0)

    assert (page.number, page.pages, page.first, page.last) == (1, 1, 0, 0)
    assert page.previous is None and page.next is None


def test_long_lists_link_the_ends_and_the_pages_near_this_one() -> None:
    assert Pagination(10, total=400).links() == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert Pagination(2, total=100).links() == [1, 2, 3, 4, 5]


@given(
    requested=st.integers(min_value=-5, max_value=10**9),
    total=st.integers(min_value=0, max_value=10**6),
    per_page=st.integers(min_value=1, max_value=100),
)
def test_every_item_is_on_exactly_the_page_the_count_says(
    requested: int, total: int, per_page: int
) -> None:
    page = Pagination.clamped(requested, total, per_page)

    assert 1 <= page.number <= page.pages
    assert page.last - page.first + 1 == min(per_page, total - page.offset) or total == 0
    assert page.number in page.links() and 1 in page.links() and page.pages in page.links()

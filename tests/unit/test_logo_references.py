"""A logo whose <use> references loop or multiply is refused at upload with a clear
message: a kilobyte of nested <use> would otherwise stall every PDF of the organisation."""

from __future__ import annotations

import pytest

from assessment.branding import MAX_DRAWN_ELEMENTS, BrandingError, check_logo

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


def use_bomb(levels: int = 8, per_level: int = 10, href: str = "href") -> bytes:
    """Each level draws the one below ``per_level`` times: per_level**levels rectangles."""
    groups = ['<g id="l0"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = f'<use {href}="#l{level - 1}"/>' * per_level
        groups.append(f'<g id="l{level}">{uses}</g>')
    return f'{HEAD}<defs>{"".join(groups)}</defs><use {href}="#l{levels}"/></svg>'.encode()


@pytest.mark.parametrize("href", ["href", "xlink:href"])
def test_a_kilobyte_use_bomb_is_refused_with_a_message(href: str) -> None:
    bomb = use_bomb(href=href)
    assert len(bomb) < 2200  # about 1.6 KB with href, 2.1 KB with xlink:href
    with pytest.raises(BrandingError, match=f"more than {MAX_DRAWN_ELEMENTS:,} times"):
        check_logo(bomb)


def test_a_use_that_refers_to_its_own_group_is_refused() -> None:
    loop = f'{HEAD}<g id="a"><rect width="1" height="1"/><use href="#a"/></g></svg>'.encode()
    with pytest.raises(BrandingError, match="refers to itself"):
        check_logo(loop)


def test_a_clip_path_loop_through_url_references_is_refused() -> None:
    loop = (
        f'{HEAD}<clipPath id="c"><rect width="1" height="1" clip-path="url(#c)"/></clipPath>'
        '<rect width="2" height="2" clip-path="url(#c)"/></svg>'
    ).encode()
    with pytest.raises(BrandingError, match="refers to itself"):
        check_logo(loop)


def test_a_logo_reusing_a_shape_a_few_times_is_kept() -> None:
    logo = check_logo(use_bomb(levels=2, per_level=5))
    assert logo.mimetype == "image/svg+xml" and logo.data.count(b"<use") == 11


def test_shapes_nested_past_python_s_stack_are_refused_not_a_crash() -> None:
    deep = (HEAD + "<g>" * 5000 + "</g>" * 5000 + "</svg>").encode()
    with pytest.raises(BrandingError, match="too deeply"):
        check_logo(deep)

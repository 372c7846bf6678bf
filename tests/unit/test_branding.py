"""Logos and colours for reports: checked, cleaned, readable."""

from __future__ import annotations

import struct
import zlib

import pytest

from assessment.branding import BrandingError, check_colour, check_logo, clean_svg


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x00\x00\x00" * width)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_png_logo_is_kept_as_it_is() -> None:
    data = png(1, 1)
    logo = check_logo(data)
    assert (logo.mimetype, logo.data) == ("image/png", data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"x" * (512 * 1024 + 1), "larger than 512 KB"),
        (b"GIF89a....", "could not be read"),
        (b"<html><body>hi</body></html>", "Upload a PNG or SVG"),
        (b"\x89PNG\r\n\x1a\nxxxx", "damaged"),
    ],
)
def test_unusable_logos_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(BrandingError, match=message):
        check_logo(data)


def test_a_huge_png_is_refused() -> None:
    with pytest.raises(BrandingError, match="4000 pixels"):
        check_logo(png(5000, 10))


def test_svg_loses_script_handlers_and_remote_links_but_keeps_its_drawing() -> None:
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
      viewBox="0 0 10 10" onload="alert(1)">
      <script>alert(2)</script>
      <foreignObject><p>html</p></foreignObject>
      <image href="http://example.com/track.png" width="10" height="10"/>
      <use xlink:href="http://example.com/x.svg#a"/>
      <rect width="10" height="10" fill="url(http://example.com/p)" stroke="#1f4e9c"/>
      <circle cx="5" cy="5" r="3" fill="url(#grad)"/>
    </svg>"""
    cleaned = clean_svg(svg).decode()
    for gone in ("onload", "script", "alert", "foreignObject", "example.com", "<image"):
        assert gone not in cleaned
    assert 'stroke="#1f4e9c"' in cleaned and 'fill="url(#grad)"' in cleaned
    assert "<circle" in cleaned and 'viewBox="0 0 10 10"' in cleaned


def test_svg_with_entities_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    with pytest.raises(BrandingError):
        check_logo(bomb)


def test_colours_must_be_hex_and_readable_on_white() -> None:
    assert check_colour(" #1F4E9C ") == "#1f4e9c"
    with pytest.raises(BrandingError, match="#rrggbb"):
        check_colour("blue; background: url(x)")
    with pytest.raises(BrandingError, match="too light"):
        check_colour("#ffd700")

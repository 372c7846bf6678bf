"""An organisation's branding for reports: checked logo files and a readable colour.

Pure: bytes and strings in, checked values out, with messages fit for a form.
An SVG logo is parsed with defusedxml (no entities, no DTDs) and rebuilt from an
allow-list of drawing elements and attributes, so it cannot run script, load
anything or reach outside itself; and one whose ``<use>`` and ``url(#id)`` references
multiply into more shapes than a logo has (a kilobyte of nested ``<use>`` can keep a
PDF renderer busy for minutes) is refused.
"""

from __future__ import annotations

import base64
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 4000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5  # WCAG AA for text on white
MAX_DRAWN_ELEMENTS = 20_000
"""Elements drawn with every reference followed: far more than a logo draws, far fewer
than a ``<use>`` bomb (ten levels of ten uses draw 10**10)."""
REFERENCE = re.compile(r"url\(\s*#([^)\s]+)\s*\)")

SVG_ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "defs", "lineargradient", "radialgradient", "stop", "title", "desc", "use",
    "clippath", "mask", "symbol",
}  # fmt: skip
SVG_ATTRIBUTES = {
    "id", "class", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
    "height", "points", "viewbox", "preserveaspectratio", "transform", "fill", "fill-opacity",
    "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "opacity", "offset", "stop-color", "stop-opacity",
    "gradientunits", "gradienttransform", "font-family", "font-size", "font-weight",
    "text-anchor", "clip-path", "clip-rule", "mask", "href", "version", "xmlns",
}  # fmt: skip


class BrandingError(ValueError):
    """A logo or colour the report cannot use; the message says why."""


@dataclass(frozen=True)
class Logo:
    mimetype: str
    data: bytes


def check_logo(data: bytes) -> Logo:
    """A PNG or SVG logo, checked (and an SVG cleaned); raises BrandingError otherwise."""
    if not data:
        raise BrandingError("The file is empty.")
    if len(data) > MAX_LOGO_BYTES:
        raise BrandingError(f"The logo is larger than {MAX_LOGO_BYTES // 1024} KB.")
    if data.startswith(PNG_SIGNATURE):
        _check_png(data)
        return Logo("image/png", data)
    return Logo("image/svg+xml", clean_svg(data))


def _check_png(data: bytes) -> None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise BrandingError("The PNG file is damaged.")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise BrandingError(f"The logo must be at most {MAX_LOGO_PIXELS} pixels on each side.")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _safe_value(value: str) -> bool:
    lowered = value.lower().replace(" ", "")
    return "url(" not in lowered or all(
        part.startswith("#") for part in re.findall(r"url\(([^)]*)\)", lowered)
    )


def _clean(element: ET.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) not in SVG_ELEMENTS:
            element.remove(child)
        else:
            _clean(child)
    for name, value in list(element.attrib.items()):
        if not _allowed_attribute(name, value):
            del element.attrib[name]


def _allowed_attribute(name: str, value: str) -> bool:
    """Drawing attributes only; links only within the file, ``url()`` only to ``#ids``."""
    local = _local(name)
    if local not in SVG_ATTRIBUTES and name != XLINK_HREF:
        return False
    if (name == XLINK_HREF or local == "href") and not value.startswith("#"):
        return False
    return _safe_value(value)


def clean_svg(data: bytes) -> bytes:
    """The SVG rebuilt from allowed elements and attributes only."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ET.ParseError):
        raise BrandingError("Upload a PNG or SVG file; this one could not be read.") from None
    if _local(root.tag) != "svg":
        raise BrandingError("Upload a PNG or SVG file.")
    try:
        _clean(root)
        _check_references(root)
    except RecursionError:
        raise BrandingError("The logo nests its shapes too deeply; flatten it.") from None
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    return ET.tostring(root, encoding="utf-8")


def _references(element: ET.Element) -> list[str]:
    """The ids an element draws again: its ``href`` and every ``url(#id)``."""
    ids = []
    for name, value in element.attrib.items():
        if name == XLINK_HREF or _local(name) == "href":
            ids.append(value.removeprefix("#"))
        else:
            ids += REFERENCE.findall(value)
    return ids


def _check_references(root: ET.Element) -> None:
    """Refuse references that loop or multiply past :data:`MAX_DRAWN_ELEMENTS`."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    drawn: dict[int, int] = {}
    open_: set[int] = set()

    def count(element: ET.Element) -> int:
        key = id(element)
        if key in open_:
            raise BrandingError(
                "The logo refers to itself through <use>; flatten it and upload again."
            )
        if key not in drawn:
            open_.add(key)
            targets = [by_id[ref] for ref in _references(element) if ref in by_id]
            drawn[key] = 1 + sum(count(child) for child in [*element, *targets])
            open_.discard(key)
        if drawn[key] > MAX_DRAWN_ELEMENTS:
            raise BrandingError(
                f"The logo repeats its shapes through <use> more than {MAX_DRAWN_ELEMENTS:,} "
                "times, which would stall every report; flatten it (for example, save it "
                "again with 'convert to paths') and upload it again."
            )
        return drawn[key]

    count(root)


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def check_colour(colour: str) -> str:
    """A ``#rrggbb`` colour dark enough for headings on white; raises BrandingError otherwise."""
    colour = colour.strip()
    if not HEX_COLOUR.match(colour):
        raise BrandingError("Give the colour as #rrggbb, for example #1f4e9c.")
    ratio = contrast_on_white(colour)
    if ratio < MIN_CONTRAST:
        raise BrandingError(
            f"This colour is too light to read on white ({ratio:.1f}:1; at least 4.5:1 is needed)."
        )
    return colour.lower()


def data_uri(data: bytes | None, mimetype: str | None) -> str | None:
    """A logo as a ``data:`` URI, so pages and PDFs embed it and fetch nothing."""
    if not data or not mimetype:
        return None
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"

"""Colour measurement for band palettes: contrast, colour difference and colour-vision deficiency.

Pure functions on ``#rrggbb`` strings, so that a palette can be chosen and checked by
measurement rather than by eye:

- WCAG 2.1 relative luminance and contrast ratio
  (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance).
- CIELAB (D65 white) from sRGB through linear RGB and CIE XYZ (IEC 61966-2-1), and the
  CIEDE2000 colour difference as given by G. Sharma, W. Wu and E. N. Dalal, "The CIEDE2000
  colour-difference formula: implementation notes, supplementary test data, and mathematical
  observations", Color Research & Application 30(1), 2005.
- Simulated protanopia, deuteranopia and tritanopia with the matrices of G. M. Machado,
  M. M. Oliveira and L. A. F. Fernandes, "A physiologically-based model for simulation of
  color vision deficiency", IEEE TVCG 15(6), 2009 (severity 1.0), applied to linear RGB.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum

RGB = tuple[float, float, float]
Lab = tuple[float, float, float]
Matrix = tuple[RGB, RGB, RGB]

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
DARK_TEXT = "#1d2939"
"""The app's ink colour, used on light band colours."""
AA_CONTRAST = 4.5
"""WCAG 2.1 AA: the least contrast for normal-size text."""


class Vision(StrEnum):
    """How a colour is seen: normally or with one of the three dichromacies."""

    NORMAL = "normal vision"
    PROTANOPIA = "protanopia"
    DEUTERANOPIA = "deuteranopia"
    TRITANOPIA = "tritanopia"


# Machado et al. 2009, table of simulation matrices, severity 1.0 (linear RGB).
_SIMULATION: dict[Vision, Matrix] = {
    Vision.PROTANOPIA: (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    Vision.DEUTERANOPIA: (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    Vision.TRITANOPIA: (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
# sRGB (linear) to CIE XYZ, D65 white (IEC 61966-2-1).
_RGB_TO_XYZ: Matrix = (
    (0.4124564, 0.3575761, 0.1804375),
    (0.2126729, 0.7151522, 0.0721750),
    (0.0193339, 0.1191920, 0.9503041),
)
_WHITE_D65: RGB = (0.95047, 1.0, 1.08883)


def srgb(colour: str) -> RGB:
    """The sRGB channels of ``#rrggbb`` as 0–1 values; raises ValueError on any other text."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def _linear_channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def linear_rgb(colour: str) -> RGB:
    r, g, b = srgb(colour)
    return (_linear_channel(r), _linear_channel(g), _linear_channel(b))


def _apply(matrix: Matrix, vector: RGB) -> RGB:
    x, y, z = (sum(m * v for m, v in zip(row, vector, strict=True)) for row in matrix)
    return (x, y, z)


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance, 0 for black to 1 for white."""
    r, g, b = linear_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """White or the dark ink, whichever contrasts more with ``background``.

    The one rule for text on a band colour, used by every page and the report.
    """
    if contrast_ratio(WHITE, background) >= contrast_ratio(DARK_TEXT, background):
        return WHITE
    return DARK_TEXT


def _lab_of_linear(rgb: RGB) -> Lab:
    def f(t: float) -> float:
        return math.cbrt(t) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    x, y, z = (
        value / white for value, white in zip(_apply(_RGB_TO_XYZ, rgb), _WHITE_D65, strict=True)
    )
    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def lab(colour: str, vision: Vision = Vision.NORMAL) -> Lab:
    """CIELAB (D65) of a colour as seen with ``vision``."""
    rgb = linear_rgb(colour)
    if vision is not Vision.NORMAL:
        simulated = _apply(_SIMULATION[vision], rgb)
        rgb = (
            min(max(simulated[0], 0.0), 1.0),
            min(max(simulated[1], 0.0), 1.0),
            min(max(simulated[2], 0.0), 1.0),
        )
    return _lab_of_linear(rgb)


def _hue(b: float, a: float) -> float:
    return 0.0 if a == 0 and b == 0 else math.degrees(math.atan2(b, a)) % 360


def _mean_hue(h1: float, h2: float, c1: float, c2: float) -> float:
    if c1 * c2 == 0:
        return h1 + h2
    if abs(h1 - h2) <= 180:
        return (h1 + h2) / 2
    return (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2


def _hue_difference(h1: float, h2: float, c1: float, c2: float) -> float:
    if c1 * c2 == 0:
        return 0.0
    dh = h2 - h1
    if dh > 180:
        return dh - 360
    return dh + 360 if dh < -180 else dh


def delta_e_2000(first: Lab, second: Lab) -> float:
    """The CIEDE2000 difference of two CIELAB colours (kL = kC = kH = 1), after Sharma et al."""
    (l1, a1, b1), (l2, a2, b2) = first, second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = _hue(b1, a1p), _hue(b2, a2p)
    dhp = _hue_difference(h1p, h2p, c1p, c2p)
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp) / 2)
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    hp_mean = _mean_hue(h1p, h2p, c1p, c2p)
    t = (
        1
        - 0.17 * math.cos(math.radians(hp_mean - 30))
        + 0.24 * math.cos(math.radians(2 * hp_mean))
        + 0.32 * math.cos(math.radians(3 * hp_mean + 6))
        - 0.20 * math.cos(math.radians(4 * hp_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    r_t = -math.sin(math.radians(2 * 30 * math.exp(-(((hp_mean - 275) / 25) ** 2)))) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def difference(first: str, second: str, vision: Vision = Vision.NORMAL) -> float:
    """ΔE2000 between two ``#rrggbb`` colours as seen with ``vision``."""
    return delta_e_2000(lab(first, vision), lab(second, vision))


def smallest_difference(first: str, second: str) -> tuple[float, Vision]:
    """The smallest ΔE2000 of two colours over normal vision and the three simulations."""
    return min(
        ((difference(first, second, vision), vision) for vision in Vision), key=lambda d: d[0]
    )

"""The email's colours in dark mode, made from the series' colours unless the series gives them, and the
contrast between two colours as WCAG 2 defines it (relative luminance), which both the palette and
`briefkit check` go by."""

from __future__ import annotations

import colorsys
from collections.abc import Callable
from functools import lru_cache

BODY_CONTRAST = 4.5  # WCAG 2 AA for body text
LARGE_CONTRAST = 3.0  # and for large text (24 px, or 19 px bold)


def rgb(color: str) -> tuple[float, float, float]:
    """#1a4480 or #14a -> its red, green and blue from 0 to 1."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255)


def hex_of(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, part)) * 255):02x}" for part in (red, green, blue))


def luminance(color: str) -> float:
    """Relative luminance (WCAG 2): sRGB made linear, weighted for the eye."""

    def linear(part: float) -> float:
        return part / 12.92 if part <= 0.04045 else ((part + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(part) for part in rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@lru_cache(maxsize=4096)
def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white). Kept for each pair: an email
    draws hundreds of texts in a few pairs of colours, which the accessibility report checks one by one."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _with_lightness(color: str, lightness: float, most_saturation: float = 1.0) -> str:
    hue, _, saturation = colorsys.rgb_to_hls(*rgb(color))
    return hex_of(*colorsys.hls_to_rgb(hue, lightness, min(saturation, most_saturation)))


def _lightened_until(color: str, backgrounds: list[str], target: float, start: float) -> str:
    """``color``'s hue at the least lightness (from ``start``) that reaches ``target`` against every background."""
    lightness = start
    while lightness < 1.0:
        candidate = _with_lightness(color, lightness)
        if all(contrast(candidate, background) >= target for background in backgrounds):
            return candidate
        lightness += 0.01
    return "#ffffff"


def dark_palette(light: dict[str, str], given: dict[str, str | None]) -> dict[str, str]:
    """The six colours in dark mode: each one the series gives, the others made from its light colours, the
    background and surface dark with the light ones' hue, the text light, and the accent and muted colours as
    light as they must be for body text to read (4.5:1) on both."""
    chosen: dict[str, Callable[[], str]] = {
        "background": lambda: _with_lightness(light["background"], 0.07, 0.25),
        "surface": lambda: _with_lightness(light["surface"], 0.11, 0.2),
    }
    dark = {name: given.get(name) or make() for name, make in chosen.items()}
    behind = [dark["background"], dark["surface"]]
    dark["text"] = given.get("text") or _lightened_until(light["text"], behind, 12.0, 0.85)
    dark["muted"] = given.get("muted") or _lightened_until(light["muted"], behind, BODY_CONTRAST + 0.3, 0.6)
    dark["accent"] = given.get("accent") or _lightened_until(light["accent"], behind, BODY_CONTRAST + 0.3, 0.55)
    on_accent = max(("#111111", "#ffffff"), key=lambda text: contrast(text, dark["accent"]))
    dark["button_text"] = given.get("button_text") or on_accent
    return dark

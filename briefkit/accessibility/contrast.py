"""The contrast rule: the theme's colours, as the series gives them, in light and in authored dark mode, each
foreground against the background it sits on in the email, by WCAG 2's ratio (edition/palette.py)."""

from __future__ import annotations

from briefkit.accessibility.verdict import Verdict, verdict
from briefkit.edition.model import Colors
from briefkit.edition.palette import BODY_CONTRAST, contrast


def _pairs(c: Colors) -> list[tuple[str, str, str]]:
    """What the email shows in which colour, on which: (what, foreground, background). The button's words are 16 px
    bold, under WCAG's large text (18.66 px bold), so they need body text's ratio too."""
    return [
        ("body text", c.text, c.surface),
        ("muted text and labels (dates, bylines, item labels)", c.muted, c.surface),
        ("the footer", c.muted, c.background),
        ("links and accents (section headings)", c.accent, c.surface),
        ("button text", c.button_text, c.accent),
    ]


def colour_contrast(colors: Colors) -> Verdict:
    problems: list[str] = []
    checked: list[str] = []
    schemes = [("light", colors), ("dark", colors.dark)]
    for scheme, c in schemes:
        if c is None:
            checked.append(f"{scheme}: the series has no {scheme} colours; mail apps choose their own")
            continue
        lowest = min((contrast(fore, back), what) for what, fore, back in _pairs(c))
        for what, fore, back in _pairs(c):
            ratio = contrast(fore, back)
            if ratio < BODY_CONTRAST:
                problems.append(f"{scheme}: {what}, {fore} on {back}, is {ratio:.2f}:1, under {BODY_CONTRAST:g}:1")
        checked.append(f"{scheme}: {len(_pairs(c))} pairs of colours, the lowest {lowest[0]:.1f}:1 ({lowest[1]}), "
                       f"each at least {BODY_CONTRAST:g}:1")  # fmt: skip
    return verdict(problems, *checked)

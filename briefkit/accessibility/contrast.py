"""The contrast rule, by WCAG 2's ratio (edition/palette.py): the theme's colours as the series gives them, in light
and in authored dark mode, each foreground against the background it sits on in the email; and every visible text
of the email as drawn (html_styles.py), its colour against the colour under it."""

from __future__ import annotations

from briefkit.accessibility.html_styles import Drawing, View, set_by, where
from briefkit.accessibility.verdict import Verdict, plural, quoted, verdict
from briefkit.edition.model import Colors
from briefkit.edition.palette import BODY_CONTRAST, LARGE_CONTRAST, contrast

LARGE_SIZE = 24.0  # px: WCAG's large text (bold text from 18.66 px too, which the report does not tell apart)


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
            checked.append(f"the series has no colours for {scheme} mode; mail apps choose their own")
            continue
        lowest = min((contrast(fore, back), what) for what, fore, back in _pairs(c))
        for what, fore, back in _pairs(c):
            ratio = contrast(fore, back)
            if ratio < BODY_CONTRAST:
                problems.append(f"{scheme}: {what}, {fore} on {back}, is {ratio:.2f}:1, under {BODY_CONTRAST:g}:1")
        checked.append(f"the series' colours in {scheme} mode: {len(_pairs(c))} pairs, the lowest {lowest[0]:.1f}:1 "
                       f"({lowest[1]}), each at least {BODY_CONTRAST:g}:1")  # fmt: skip
    return verdict(problems, *checked)


def drawn_contrast(drawing: Drawing) -> Verdict:
    """Every visible text's colour, as the file sets it (inline styles and style rules), against the colour under
    it, in each view: at least 4.5:1, or 3:1 for large text (24 px or more)."""
    failing: dict[tuple[str, str, str, float, float], dict[str, set[View]]] = {}
    lowest: float | None = None
    unjudged: set[str] = set()
    for view, seen in drawing.texts.items():
        for run in seen:
            if run.color is None or run.backdrop is None:
                unjudged.add(run.text)
                continue
            ratio = contrast(run.color, run.backdrop)
            least = LARGE_CONTRAST if run.size >= LARGE_SIZE else BODY_CONTRAST
            lowest = ratio if lowest is None else min(lowest, ratio)
            if ratio < least:
                key = (run.color, run.backdrop, run.color_source, ratio, least)
                failing.setdefault(key, {}).setdefault(run.text, set()).add(view)
    problems = []
    for (fore, back, source, ratio, least), texts in failing.items():
        views = set().union(*texts.values())
        place = where(views)
        first = next(iter(texts))
        said = f"{quoted(first, 40)} is" if len(texts) == 1 else f"{len(texts)} texts are"
        rest = f", the first {quoted(first, 40)}" if len(texts) > 1 else ""
        problems.append(f"{said} {fore} on {back}{' ' + place if place else ''}, {ratio:.2f}:1, under {least:g}:1"
                        f"{rest}; the colour set by {set_by(source)}")  # fmt: skip
    counted = max((len(seen) for seen in drawing.texts.values()), default=0)
    checked = [f"{plural(counted, 'visible text')} as drawn in light and dark mode (inline styles and the email's "
               f"style rules), each at least {BODY_CONTRAST:g}:1 on the colour under it"
               + (f", the lowest {lowest:.1f}:1" if lowest is not None else "")]  # fmt: skip
    if unjudged:
        checked.append(f"{plural(len(unjudged), 'text')} over a picture or a colour the report cannot work out, "
                       f"not checked: the first {quoted(sorted(unjudged)[0], 40)}")  # fmt: skip
    if drawing.unread:
        checked.append(f"style rules with selectors the report cannot read, not checked: {', '.join(drawing.unread)}")
    return verdict(problems, *checked)


def email_contrast(colors: Colors, drawing: Drawing) -> Verdict:
    """The series' colours and the texts as drawn, in one verdict."""
    series, drawn = colour_contrast(colors), drawn_contrast(drawing)
    return verdict([*series.problems, *drawn.problems], *series.checked, *drawn.checked)

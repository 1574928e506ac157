"""Compile MJML to HTML with mjml-python, closing the gaps where it differs from the reference MJML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import css_inline
import mjml as mjml_python

from briefkit.errors import Location, ThemeError

if TYPE_CHECKING:
    from briefkit.render.templates import Theme

# The reference implementation inlines these blocks into the elements they match and drops them.
_INLINE_STYLE = re.compile(r"<mj-style\s+inline=\"inline\"\s*>(?P<css>.*?)</mj-style>", re.DOTALL)
_ATTRIBUTES = re.compile(r"<mj-attributes>.*?</mj-attributes>", re.DOTALL)
_BODY_TAG = re.compile(r"<mj-body(?P<attrs>(?:\s+[a-z-]+=\"[^\"]*\")*)\s*>")
_HEAD = re.compile(r"<mj-head>.*?</mj-head>", re.DOTALL)


def _body_defaults(head: str) -> dict[str, str]:
    """Attributes that <mj-attributes> gives <mj-body> (mjml-python ignores them)."""
    block = _ATTRIBUTES.search(head)
    if block is None:
        return {}
    element = ET.fromstring(block.group(0))
    body = element.find("mj-body")
    return dict(body.attrib) if body is not None else {}


def _apply_body_defaults(mjml: str, defaults: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        given = dict(re.findall(r"([a-z-]+)=\"([^\"]*)\"", match.group("attrs")))
        merged = defaults | given
        attrs = "".join(f' {key}="{value}"' for key, value in merged.items())
        return f"<mj-body{attrs}>"

    return _BODY_TAG.sub(fill, mjml, count=1)


@lru_cache(maxsize=8)
def _prepare_head(head: str) -> tuple[str, dict[str, str], str]:
    """The head without inline styles, the <mj-body> defaults, and the CSS to inline (theme-only, so cached)."""
    css = "\n".join(m.group("css") for m in _INLINE_STYLE.finditer(head))
    return _INLINE_STYLE.sub("", head), _body_defaults(head), css


@lru_cache(maxsize=8)
def _inliner(css: str) -> Any:
    return css_inline.CSSInliner(
        inline_style_tags=False,
        keep_style_tags=True,
        keep_link_tags=True,
        load_remote_stylesheets=False,
        extra_css=css,
    )


def compile_mjml(mjml: str, theme: Theme | None = None, template: str = "email.mjml") -> str:
    """HTML for ``mjml``, as the reference implementation would make it.

    Three differences of mjml-python are closed here: ``<mj-style inline="inline">`` is inlined
    into the matching elements, ``<mj-body>`` defaults from ``<mj-attributes>`` are applied, and
    no web-font ``<link>`` is added (no third-party requests). The head is theme-written markup;
    content only ever reaches the body, escaped, so these edits cannot touch it.

    MJML that mjml-python cannot read (a theme's mistake: an element left open, a closing tag that closes
    nothing) raises a ThemeError at the line of ``theme``'s templates that wrote it, or, when no single line
    did, at ``template`` with the line and column of the MJML it made.
    """
    head_match = _HEAD.search(mjml)
    css = ""
    if head_match:
        head, body_defaults, css = _prepare_head(head_match.group(0))
        mjml = mjml[: head_match.start()] + head + mjml[head_match.end() :]
        mjml = _apply_body_defaults(mjml, body_defaults)
    try:
        html: str = mjml_python.mjml2html(mjml, fonts={})
    except ValueError as error:
        raise _located(str(error), mjml, theme, template) from None
    if css.strip():
        html = _inliner(css).inline(html)
    return html


# mjml-python's (mrml's) words for what it could not read, in plain words; the position it gives is a byte span.
_SAID = (
    ("unexpected end of stream", "an element is opened and never closed (or a tag is not finished)"),
    ("unexpected token", "this tag or text is not allowed where it stands (a closing tag that closes nothing, or "
     "an element inside one that takes no children)"),
    ("unexpected element", "this element is not allowed inside the one around it"),
    ("missing attribute", "this element lacks an attribute it needs"),
    ("invalid attribute", "this attribute cannot be read"),
    ("invalid format", "this is not MJML markup"),
    ("unable to parse next template", "something after the end of an element cannot be read (text or a tag "
     "outside <mjml>, or a tag that is not finished)"),
)  # fmt: skip
_POSITION = re.compile(r" at position (\d+):(\d+)")
_TAG = re.compile(r"<(/?)(mjml|mj-[a-z-]+)\b[^>]*?(/?)>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_EXCERPT = 60  # characters of the MJML shown around the place
_NEIGHBOURS = (-3, -2, -1, 1, 2, 3)  # the lines around a place compared with a template's, to tell alike lines apart


def _located(said: str, mjml: str, theme: Theme | None, template: str) -> ThemeError:
    """mjml-python's error about ``mjml`` (made from ``template``) as a located theme error: where the elements stop
    nesting if they do (mjml-python names the token after it, or no place), else the place mjml-python names."""
    at, token, plain = _unbalanced(mjml)
    position = _POSITION.search(said)
    if at < 0 and position is not None:
        encoded = mjml.encode("utf-8")  # mjml-python counts bytes
        start, end = int(position.group(1)), int(position.group(2))
        at = len(encoded[:start].decode("utf-8", "ignore"))
        token = encoded[start:end].decode("utf-8", "ignore").strip()
    if not plain:  # mjml-python's words: what is wrong, how to fix it
        wrong = next((words for opening, words in _SAID if said.startswith(opening)), said)
        plain = f"{wrong}; correct the template's MJML there (docs/themes.md, Mistakes in MJML)"
    if at < 0:  # nowhere to point at
        return ThemeError.at(_template_file(theme, template), f"the MJML it makes cannot be read: {plain}")
    lines = mjml.split("\n")  # lines as the count below makes them (splitlines breaks at more than a line feed)
    line = mjml.count("\n", 0, at) + 1
    column = at - (mjml.rfind("\n", 0, at) + 1) + 1
    written = _written_at(lines, line, token, theme)
    if written is not None:
        return ThemeError.at(written, f"the MJML cannot be read at {token[:_EXCERPT]!r}: {plain}")
    text = lines[line - 1]
    left = max(0, min(column - 1 - (len(text) - len(text.lstrip())) - _EXCERPT // 2, len(text.strip()) - _EXCERPT))
    near = text.strip()[left : left + _EXCERPT]  # the line, or the part of a long one around the place
    return ThemeError.at(
        _template_file(theme, template),
        f"the MJML it makes cannot be read at its line {line}, column {column} (near {near!r}): {plain}",
    )


def _unbalanced(mjml: str) -> tuple[int, str, str]:
    """Where the MJML's elements stop nesting, the tag there and what is wrong with it: a closing tag that closes
    no open element, or the innermost element never closed; (-1, "", "") when they nest."""
    blanked = _COMMENT.sub(lambda m: " " * len(m.group(0)), mjml)  # same positions, no tags in comments
    opened: list[re.Match[str]] = []
    for tag in _TAG.finditer(blanked):
        closing, name, self_closing = tag.groups()
        if self_closing:
            continue
        if not closing:
            opened.append(tag)
        elif opened and opened[-1].group(2) == name:
            opened.pop()
        elif name not in (element.group(2) for element in opened):
            return tag.start(), tag.group(0), f"</{name}> closes no element that is open; delete it"
        else:
            break  # it closes an element further out: the innermost one open was never closed
    if opened:
        innermost = opened[-1]
        name = innermost.group(2)
        return innermost.start(), innermost.group(0), f"<{name}> is opened and never closed; close it with </{name}>"
    return -1, "", ""


def _template_file(theme: Theme | None, template: str) -> Location:
    """The template file the MJML was rendered from (the theme's, or the one it extends)."""
    if theme is None:
        return Location(Path(template))
    filename = theme.markup.get_template(template).filename
    return Location(Path(filename) if filename else theme.folder / template)


def _written_at(lines: list[str], line: int, token: str, theme: Theme | None) -> Location | None:
    """The line of the theme's MJML templates that wrote ``line`` of the MJML (``lines``), at ``token``: of the
    lines that read the same, the one whose neighbours read most like the MJML's; None when no line does, or
    two are as like (a line with a value in it, a line many templates write alike)."""
    wanted = lines[line - 1].strip()
    if theme is None or not wanted:
        return None
    near = {offset: lines[line - 1 + offset].strip() for offset in _NEIGHBOURS if 0 <= line - 1 + offset < len(lines)}
    scored: list[tuple[int, Location]] = []
    for folder in dict.fromkeys(theme.folders):
        for path in sorted(folder.rglob("*.mjml")):
            raws = path.read_text("utf-8", "replace").splitlines()
            written = [raw.strip() for raw in raws]
            for number, raw in enumerate(raws, start=1):
                if written[number - 1] == wanted:
                    alike = sum(0 <= number - 1 + k < len(written) and written[number - 1 + k] == near[k] for k in near)
                    column = raw.find(token) if token else -1
                    scored.append((alike, Location(path, number, (column if column >= 0 else raw.find(wanted)) + 1)))
    scored.sort(key=lambda found: -found[0])
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]

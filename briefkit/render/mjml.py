"""Compile MJML to HTML with mjml-python, closing the gaps where it differs from the reference MJML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Any

import css_inline
import mjml as mjml_python

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


def compile_mjml(mjml: str) -> str:
    """HTML for ``mjml``, as the reference implementation would make it.

    Three differences of mjml-python are closed here: ``<mj-style inline="inline">`` is inlined
    into the matching elements, ``<mj-body>`` defaults from ``<mj-attributes>`` are applied, and
    no web-font ``<link>`` is added (no third-party requests). The head is theme-written markup;
    content only ever reaches the body, escaped, so these edits cannot touch it.
    """
    head_match = _HEAD.search(mjml)
    css = ""
    if head_match:
        head, body_defaults, css = _prepare_head(head_match.group(0))
        mjml = mjml[: head_match.start()] + head + mjml[head_match.end() :]
        mjml = _apply_body_defaults(mjml, body_defaults)
    html: str = mjml_python.mjml2html(mjml, fonts={})
    if css.strip():
        html = _inliner(css).inline(html)
    return html

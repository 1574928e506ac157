"""The size and colour each visible text of the email is drawn in, as the file sets them: its inline styles and the
rules of its ``<style>`` elements (read with tinycss2, matched with cssselect2, WeasyPrint's CSS parser and selector
matcher), cascaded as a browser does (``!important`` first, then inline over style rules, then the more specific
selector, then the later rule), in light and in dark mode, at a phone's width and a desktop's.

Dark mode is what the email's authors wrote for it, in two kinds of mail apps: those that follow the system's
scheme apply the rules under ``@media (prefers-color-scheme: dark)``; Outlook.com, in its dark mode, those under
``[data-ogsc]`` and ``[data-ogsb]`` (and not the media query's). Each computed
value keeps where it was set (an inline style, or the selector of the rule), so a report can name it."""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache

import cssselect2  # type: ignore[import-untyped]  # WeasyPrint's selector matcher (no type hints)
import tinycss2
import tinycss2.color3  # type: ignore[import-untyped]

from briefkit.edition.palette import hex_of

ROOT_SIZE = 16.0  # px: what a browser starts from
PHONE, DESKTOP = 375, 600  # px: the widths the email is read at
INLINE = "an inline style"
_KEYWORD_SIZES = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0, "x-large": 24.0}
_INHERITS = ("inherit", "unset", "currentcolor")
_PROPERTIES = ("font-size", "color", "background-color", "background", "display")
# What a page with no colours of its own is drawn in (a browser's Canvas and CanvasText, by scheme).
OUTLOOK_DARK = "dark in Outlook.com"
SCHEMES = ("light", "dark", OUTLOOK_DARK)
_DEFAULT_TEXT = {"light": "#000000", "dark": "#ffffff", OUTLOOK_DARK: "#ffffff"}
_DEFAULT_BACKGROUND = {"light": "#ffffff", "dark": "#121212", OUTLOOK_DARK: "#121212"}


@dataclass(frozen=True)
class View:
    scheme: str  # one of SCHEMES
    width: int  # px


VIEWS = tuple(View(scheme, width) for scheme in SCHEMES for width in (PHONE, DESKTOP))


@dataclass(frozen=True)
class Declared:
    """One declaration of a property: its value's tokens and where it was set (INLINE, or a rule's selector)."""

    value: tuple[tinycss2.ast.Node, ...]
    important: bool
    source: str


@dataclass(frozen=True)
class Drawn:
    """A visible text as drawn in one view: its size, its colour and the colour under it (None: an image or a
    value the report cannot work out), each with where it was set."""

    text: str
    size: float
    size_source: str
    color: str | None
    color_source: str
    backdrop: str | None
    backdrop_source: str


@dataclass(frozen=True)
class _Computed:
    size: float
    size_source: str
    color: str | None
    color_source: str
    backdrop: str | None
    backdrop_source: str
    hidden: bool


@dataclass(frozen=True)
class StyleRule:
    selectors: tuple[cssselect2.compiler.CompiledSelector, ...]
    source: str  # the selector as written
    declarations: dict[str, Declared]
    reads: frozenset[str] | None  # the attributes its selectors read (_reads); None: more than the element's chain


@dataclass(frozen=True)
class StyleSheet:
    """The rules of the email's ``<style>`` elements, each with the views it applies in, and the rules it could not
    read (a selector cssselect2 does not know)."""

    rules: tuple[tuple[StyleRule, frozenset[View]], ...]
    unread: tuple[str, ...]


def _tokens(nodes: list[tinycss2.ast.Node]) -> tuple[tinycss2.ast.Node, ...]:
    return tuple(part for part in nodes if part.type not in ("whitespace", "comment"))


def parse_declarations(css: str | list[tinycss2.ast.Node], source: str) -> dict[str, Declared]:
    """The declarations the report reads (font-size, colours, display), by property: the last one wins, but an
    important one over any that is not."""
    found: dict[str, Declared] = {}
    for node in tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True):
        if isinstance(node, tinycss2.ast.Declaration) and node.lower_name in _PROPERTIES:
            # the shorthand sets the background's colour too (transparent when it names none)
            name = "background-color" if node.lower_name == "background" else node.lower_name
            before = found.get(name)
            if before is None or node.important or not before.important:
                found[name] = Declared(_tokens(node.value), node.important, source)
    return found


_FEATURE = re.compile(r"\(\s*(min-width|max-width|prefers-color-scheme)\s*:\s*([a-z0-9.]+)\s*\)")


def _query_views(query: str) -> frozenset[View]:
    """The views one media query (no commas) matches: its type, widths in px and colour scheme; a feature it does
    not know, or a query with "not", is taken to match (the rule may apply, so the report judges it)."""
    query = query.strip().lower()
    words = query.replace("(", " (").split()
    if "not" in words:
        return frozenset(VIEWS)
    if any(word in ("print", "speech") for word in words):
        return frozenset()
    views = set(VIEWS)
    for name, value in _FEATURE.findall(query):
        if name == "prefers-color-scheme":  # Outlook.com follows none
            views = {view for view in views if view.scheme == value}
            continue
        if re.fullmatch(r"[0-9.]+(px)?", value):
            px = float(value.removesuffix("px"))
            views = {view for view in views if (view.width >= px if name == "min-width" else view.width <= px)}
    return frozenset(views)


def media_views(prelude: str) -> frozenset[View]:
    """The views a media query list (``screen and (max-width: 480px), print``) matches; all of them when empty."""
    if not prelude.strip():
        return frozenset(VIEWS)
    return frozenset(view for query in prelude.split(",") for view in _query_views(query))


_CHAINED = (".", ">", ",", "*")  # a class, the child combinator, a list, any element


def _reads(prelude: list[tinycss2.ast.Node]) -> frozenset[str] | None:
    """The attributes a selector list reads, when whether it matches depends on the element and its ancestors
    alone: types, classes, ids and attributes joined by descendant and child combinators. None when it may look
    at more (siblings with ``+`` or ``~``, children, state, with a pseudo-class; a namespace)."""
    names: set[str] = set()
    for token in prelude:
        if token.type == "[] block":  # an attribute selector: every name in it, whatever its operator
            names.update(part.lower_value for part in token.content if part.type == "ident")
        elif token.type not in ("whitespace", "ident", "hash") and not (
            token.type == "literal" and token.value in _CHAINED
        ):
            return None
    return frozenset(names)


def _rules(
    nodes: list[tinycss2.ast.Node],
    views: frozenset[View],
    found: list[tuple[StyleRule, frozenset[View]]],
    unread: list[str],
) -> None:
    for node in nodes:
        if isinstance(node, tinycss2.ast.AtRule) and node.lower_at_keyword in ("media", "supports") and node.content:
            # the rules under @supports may apply, as those under a media query that matches
            media = tinycss2.serialize(node.prelude) if node.lower_at_keyword == "media" else ""
            inner = views & media_views(media)
            _rules(
                tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True), inner, found, unread
            )
        elif isinstance(node, tinycss2.ast.QualifiedRule):
            source = " ".join(tinycss2.serialize(node.prelude).split())
            declared = parse_declarations(node.content, source)
            if not declared or not views:
                continue
            try:
                selectors = tuple(cssselect2.compile_selector_list(node.prelude))
            except cssselect2.SelectorError:
                unread.append(source)
                continue
            found.append((StyleRule(selectors, source, declared, _reads(node.prelude)), views))


def read_style_sheet(styles: tuple[tuple[str, str], ...]) -> StyleSheet:
    """The rules of ``styles``: each ``<style>`` element's media attribute and text, in the page's order."""
    found: list[tuple[StyleRule, frozenset[View]]] = []
    unread: list[str] = []
    for media, text in styles:
        nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        _rules(nodes, media_views(media), found, unread)
    return StyleSheet(tuple(found), tuple(unread))


def _size(value: tuple[tinycss2.ast.Node, ...], parent: float) -> float | None:
    """A font-size in px, from the parent's; None when it cannot be read (the parent's then applies)."""
    if len(value) != 1:
        return None
    part = value[0]
    if isinstance(part, tinycss2.ast.DimensionToken):
        scale = {"px": 1.0, "pt": 4 / 3, "em": parent, "rem": ROOT_SIZE}.get(part.lower_unit)
        return float(part.value) * scale if scale is not None else None
    if isinstance(part, tinycss2.ast.PercentageToken):
        return float(part.value) * parent / 100
    if isinstance(part, tinycss2.ast.NumberToken) and part.value == 0:
        return 0.0
    if isinstance(part, tinycss2.ast.IdentToken):
        if part.lower_value in ("inherit", "unset"):
            return parent
        return _KEYWORD_SIZES.get(part.lower_value)
    return None


@lru_cache(maxsize=1024)
def _parsed_colour(text: str) -> tuple[float, float, float, float] | None:
    """A colour value's red, green, blue and alpha, from 0 to 1; None when it is not a colour."""
    parsed = tinycss2.color3.parse_color(text)
    if parsed is None or isinstance(parsed, str):  # "currentColor"
        return None
    return (parsed.red, parsed.green, parsed.blue, parsed.alpha)


@lru_cache(maxsize=1024)
def _colour(value: str, under: str | None) -> tuple[str | None, bool]:
    """A colour as #rrggbb (one with alpha laid over ``under``), and whether the value gave one at all."""
    parsed = _parsed_colour(value)
    if parsed is None:
        return None, False
    red, green, blue, alpha = parsed
    if alpha >= 1:
        return hex_of(red, green, blue), True
    if alpha <= 0:
        return None, True  # transparent: what is under it shows
    if under is None:
        return None, True
    base = _parsed_colour(under)
    assert base is not None  # a colour this module wrote
    mixed = (alpha * part + (1 - alpha) * back for part, back in zip((red, green, blue), base[:3], strict=True))
    return hex_of(*mixed), True


@lru_cache(maxsize=1024)
def _background(value: tuple[tinycss2.ast.Node, ...], under: str | None) -> str | None:
    """The colour a background or background-color value leaves under the text, over ``under``: ``under`` for
    transparent or none, None for a picture or gradient with no colour (what it looks like cannot be worked out)."""
    for part in value:
        colour, given = _colour(tinycss2.serialize([part]).strip(), under)
        if given:
            return colour if colour is not None else under
    pictures = any(isinstance(part, (tinycss2.ast.URLToken, tinycss2.ast.FunctionBlock)) for part in value)
    return None if pictures else under


@lru_cache(maxsize=4096)
def _inline(style: str) -> dict[str, Declared]:
    """An inline style's declarations the report reads. An email repeats its styles hundreds of times: each is
    read once."""
    lowered = style.lower()
    if not any(name in lowered for name in _PROPERTIES):
        return {}
    return parse_declarations(style, INLINE)


_Matched = list[tuple[tuple[int, int, int], int, StyleRule]]  # each rule that matches: specificity, order, rule
# What decides an element's values: its parent's chain, its tag, whether it is the :root, the attributes read.
_Key = tuple[int, str, bool, tuple[str | None, ...]]
_FORGET = 50_000  # chains kept per style sheet; past this many, the next page starts afresh


def _winners(matched: _Matched, style: str, active: frozenset[int]) -> dict[str, Declared]:
    """The declaration that wins for each property of an element, of the rules ``matched`` that are ``active``
    (by their order) and its inline ``style``: an important one first, then the inline style, the more specific
    selector, the later."""
    best: dict[str, tuple[tuple[bool, int, tuple[int, int, int], int], Declared]] = {}
    for specificity, order, rule in matched:
        if order not in active:
            continue
        for name, declared in rule.declarations.items():
            key = (declared.important, 0, specificity, order)
            if name not in best or key > best[name][0]:
                best[name] = (key, declared)
    for name, declared in _inline(style).items():
        key = (declared.important, 1, (0, 0, 0), 0)
        if name not in best or key > best[name][0]:
            best[name] = (key, declared)
    return {name: declared for name, (_key, declared) in best.items()}


def _compute(
    matched: _Matched, style: str, bgcolor: str | None, parent: _Computed, active: frozenset[int]
) -> _Computed:
    """An element's values, from its parent's and what is set on it: the rules it matches, its inline style and
    its bgcolor attribute."""
    won = _winners(matched, style, active)
    size, size_source = parent.size, parent.size_source
    declared = won.get("font-size")
    if declared is not None and (px := _size(declared.value, parent.size)) is not None:
        relative = any(getattr(part, "lower_unit", "%") in ("em", "%") for part in declared.value)
        size, size_source = px, parent.size_source if relative and px == parent.size else declared.source
    backdrop, backdrop_source = parent.backdrop, parent.backdrop_source
    declared = won.get("background-color")
    if declared is not None:
        painted = _background(declared.value, parent.backdrop)
        if painted != parent.backdrop:
            backdrop, backdrop_source = painted, declared.source
    elif bgcolor:
        colour, _given = _colour(bgcolor, parent.backdrop)
        if colour is not None:
            backdrop, backdrop_source = colour, "a bgcolor attribute"
    color, color_source = parent.color, parent.color_source
    declared = won.get("color")
    keeps = declared is None or tinycss2.serialize(declared.value).strip().lower() in _INHERITS
    if declared is not None and not keeps:
        color, color_source = _colour(tinycss2.serialize(declared.value).strip(), backdrop)[0], declared.source
    display = won.get("display")
    hides = display is not None and [getattr(v, "lower_value", "") for v in display.value] == ["none"]
    return _Computed(size, size_source, color, color_source, backdrop, backdrop_source, parent.hidden or hides)


class _Styles:
    """A style sheet made ready to cascade, once per process for the emails of a theme: its matchers, the views
    that share their rules, and the values worked out for every chain of elements seen so far.

    Whether a rule matches an element, and so the element's values, depends on the element and its ancestors
    alone when the rules' selectors are types, classes, ids and attributes joined by descendant and child
    combinators (the chain of tags and attributes they read, with the inline style and bgcolor the values read):
    an element with the chain of one already worked out, in this email or another, takes its values. A selector
    that may look at siblings, children or state (``+``, ``~``, a pseudo-class) makes each page's elements
    matched and worked out one by one, as the page is."""

    def __init__(self, sheet: StyleSheet) -> None:
        self.sheet = sheet
        self.outlook = any("data-ogs" in rule.source for rule, _views in sheet.rules)
        self.matchers = [self._matcher(outlook) for outlook in ((False, True) if self.outlook else (False,))]
        groups: dict[tuple[str, frozenset[int]], int] = {}  # a scheme and its active rules: views that share values
        self.group: dict[View, int] = {}
        self.active: list[frozenset[int]] = []
        self.start: list[_Computed] = []
        for view in VIEWS:
            active = frozenset(
                order
                for order, (rule, views) in enumerate(sheet.rules)
                if view in views and ("data-ogs" not in rule.source or view.scheme == OUTLOOK_DARK)
            )  # the rules that apply in ``view``: Outlook.com's only in its dark mode
            if (view.scheme, active) not in groups:
                groups[view.scheme, active] = len(self.active)
                self.active.append(active)
                self.start.append(_Computed(ROOT_SIZE, "the browser's default", _DEFAULT_TEXT[view.scheme],
                                            "the browser's default", _DEFAULT_BACKGROUND[view.scheme],
                                            "the browser's default", False))  # fmt: skip
            self.group[view] = groups[view.scheme, active]
        reads = [rule.reads for rule, _views in sheet.rules]
        self.keyed: tuple[str, ...] | None = None  # the attributes of a chain; None: each page on its own
        if all(read is not None for read in reads):
            self.keyed = tuple(sorted({"class", "id", "style", "bgcolor"}.union(*(r for r in reads if r))))
        self.chains: dict[_Key, int] = {}
        self.keys: list[_Key] = []
        self.values: list[tuple[_Computed, ...]] = []  # by chain, a value per group of views

    def _matcher(self, outlook: bool) -> cssselect2.Matcher:
        """The rules to match on the page (``outlook``: Outlook.com's, on the page marked as its dark mode does)."""
        matcher = cssselect2.Matcher()
        for order, (rule, views) in enumerate(self.sheet.rules):
            scoped = frozenset(v for v in views if v.scheme == OUTLOOK_DARK) if outlook else views
            for selector in rule.selectors:
                if selector.pseudo_element is None and scoped and (not outlook or "data-ogs" in rule.source):
                    matcher.add_selector(selector, (order, rule))
        return matcher

    def chains_of(self, root: ET.Element) -> dict[int, int]:
        """Each element's chain under ``root`` (by the element's id), its values worked out for chains not seen
        before."""
        if self.keyed is None or len(self.keys) > _FORGET:
            self.chains, self.keys, self.values = {}, [], []
        top = next((element for element in root if element.tag == "html"), root)  # what :root matches
        keyed = self.keyed
        of: dict[int, int] = {}
        fresh: list[tuple[ET.Element, int]] = []  # elements of chains not seen before, parents first
        keys: list[_Key] = []
        stack: list[tuple[ET.Element, int]] = [(root, -1)]
        while stack:
            element, parent = stack.pop()
            key: _Key = (
                (parent, element.tag, element is top, tuple(map(element.get, keyed)))
                if keyed
                else (id(element), "", False, ())
            )
            chain = self.chains.get(key)
            if chain is None:
                chain = self.chains[key] = len(self.keys) + len(keys)
                keys.append(key)
                fresh.append((element, parent))
            of[id(element)] = chain
            stack.extend((kid, chain) for kid in reversed(element))
        try:
            self._work_out(fresh, keys, of, top)
        except BaseException:
            self.chains, self.keys, self.values = {}, [], []
            raise
        return of

    def _work_out(
        self, fresh: list[tuple[ET.Element, int]], keys: list[_Key], of: dict[int, int], top: ET.Element
    ) -> None:
        first = len(self.keys)
        self.keys.extend(keys)
        matched = self._match(fresh, of, top)
        for number, (element, parent) in enumerate(fresh):
            style, bgcolor = element.get("style", ""), element.get("bgcolor")
            parents = self.values[parent] if parent >= 0 else tuple(self.start)
            here = matched.get(first + number)
            if here is None and not _inline(style) and not bgcolor:
                self.values.append(parents)  # nothing set here: all inherited (a background shows through)
                continue
            self.values.append(
                tuple(
                    _compute(here or [], style, bgcolor, values, active)
                    for values, active in zip(parents, self.active, strict=True)
                )
            )

    def _match(self, fresh: list[tuple[ET.Element, int]], of: dict[int, int], top: ET.Element) -> dict[int, _Matched]:
        """The rules that match each chain of ``fresh`` (by chain) under ``top``: on the page itself, or on a copy
        of the chains' tags and attributes read."""
        first = len(self.keys) - len(fresh)
        base: ET.Element | None = top
        node_chain = of
        if self.keyed is not None:
            base, node_chain = self._skeleton(first, of.get(id(top), -1), self.keyed)
        if base is None:
            return {}
        matched: dict[int, _Matched] = {}
        for outlook, matcher in enumerate(self.matchers):
            wrapper = cssselect2.ElementWrapper.from_html_root(_outlook_dark(base) if outlook else base)
            for element in wrapper.iter_subtree():
                chain = node_chain.get(id(element.etree_element), -1)
                if chain >= first:
                    for specificity, _order, _pseudo, (order, rule) in matcher.match(element):
                        matched.setdefault(chain, []).append((specificity, order, rule))
        return matched

    def _skeleton(self, first: int, top: int, keyed: tuple[str, ...]) -> tuple[ET.Element | None, dict[int, int]]:
        """The chains from ``first`` on that lie under ``top`` (the page's :root), with their ancestors, as a tree
        of their tags and the attributes ``keyed``: what the rules are matched on. None: no such chain."""
        nodes: dict[int, ET.Element | None] = {}
        node_chain: dict[int, int] = {}

        def node(chain: int) -> ET.Element | None:
            if chain not in nodes:
                parent, tag, is_top, attributes = self.keys[chain]
                above = None if is_top or parent < 0 else node(parent)
                made = None  # outside the :root: matched by nothing
                if is_top or above is not None:
                    values = {name: value for name, value in zip(keyed, attributes, strict=True) if value is not None}
                    made = ET.Element(tag, values) if above is None else ET.SubElement(above, tag, values)
                    node_chain[id(made)] = chain
                nodes[chain] = made
            return nodes[chain]

        for chain in range(first, len(self.keys)):
            node(chain)
        return nodes.get(top), node_chain


def _outlook_dark(root: ET.Element) -> ET.Element:
    """Outlook.com's dark mode marks the email's ancestors data-ogsc and data-ogsb: a wrapper with both, around the
    page, so that the rules under them match as they do there."""
    wrapper = ET.Element("div", {"data-ogsc": "", "data-ogsb": ""})
    wrapper.append(root)
    return wrapper


_SCHEME_WORDS = {"light": "light mode", "dark": "dark mode", OUTLOOK_DARK: "Outlook.com's dark mode"}


def where(views: set[View] | frozenset[View]) -> str:
    """In which views, in words: "" for all of them, else "in dark mode, on phones (375 px)"."""
    schemes = [scheme for scheme in SCHEMES if any(view.scheme == scheme for view in views)]
    widths = sorted({view.width for view in views})
    said = []
    if len(schemes) < len(SCHEMES):
        said.append("in " + " and ".join(_SCHEME_WORDS[scheme] for scheme in schemes))
    if widths == [PHONE]:
        said.append(f"on phones ({PHONE} px)")
    elif widths == [DESKTOP]:
        said.append(f"on wider screens ({DESKTOP} px)")
    return ", ".join(said)


def set_by(source: str) -> str:
    """Where a value was set, for a report's line."""
    return f"the style rule “{source}”" if source not in (INLINE, "a bgcolor attribute") else source


@dataclass(frozen=True)
class Drawing:
    texts: dict[View, list[Drawn]]  # every visible text as drawn, by view
    unread: tuple[str, ...]  # the style rules whose selectors could not be read


@lru_cache(maxsize=8)
def _prepared(styles: tuple[tuple[str, str], ...]) -> _Styles:
    """The style sheet of ``styles`` made ready to cascade: once per process for the emails of a theme."""
    return _Styles(read_style_sheet(styles))


_LOCK = threading.Lock()  # a sheet's chains grow as pages are drawn


def drawing(runs: list[tuple[str, ET.Element]], root: ET.Element, styles: list[tuple[str, str]]) -> Drawing:
    """Every visible text of a page (``runs``, under ``root``) as drawn in each view, by its ``styles``."""
    prepared = _prepared(tuple(styles))
    with _LOCK:
        chains = prepared.chains_of(root)
        values = [prepared.values[chains[id(element)]] for _text, element in runs]
    texts: dict[View, list[Drawn]] = {}
    for view in VIEWS:
        group = prepared.group[view]
        texts[view] = [
            Drawn(text, c.size, c.size_source, c.color, c.color_source, c.backdrop, c.backdrop_source)
            for (text, _element), value in zip(runs, values, strict=True)
            if not (c := value[group]).hidden
        ]
    return Drawing(texts, prepared.sheet.unread)

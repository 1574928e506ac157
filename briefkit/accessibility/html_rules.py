"""The rules over an HTML page (the email, the archive's page): headings, alternative texts, text size, language and
link texts, each a verdict from what html_page.py read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefkit.accessibility.html_page import Link, Page
from briefkit.accessibility.html_styles import INLINE, Drawing, View, set_by, where
from briefkit.accessibility.verdict import Verdict, plural, quoted, verdict

LEAST_SIZE = 14.0  # px: the least size of text in the email
# Link words that say nothing out of their sentence, in the theme's languages; compared without case or full stop.
BARE_LINKS = frozenset(
    {
        "click here", "click", "here", "read more", "more", "learn more", "link", "this link", "continue", "go",
        "ici", "cliquez ici", "en savoir plus", "lire la suite", "plus", "lien",
        "hier", "hier klicken", "mehr", "weiterlesen", "mehr erfahren",
        "aquí", "haga clic aquí", "leer más", "más",
        "هنا", "اضغط هنا", "اقرأ المزيد", "المزيد",
    }
)  # fmt: skip


def headings(page: Page) -> Verdict:
    problems: list[str] = []
    mains = [h for h in page.headings if h.level == 1]
    if not mains:
        problems.append("no main heading (h1)")
    elif len(mains) > 1:
        problems.append(f"{len(mains)} main headings (h1): " + ", ".join(quoted(h.text) for h in mains))
    before = None
    for heading in page.headings:
        if not heading.text:
            problems.append(f"an empty h{heading.level}")
        if before is None and heading.level != 1:
            problems.append(f"the first heading is an h{heading.level} ({quoted(heading.text)}), not the h1")
        elif before is not None and heading.level > before.level + 1:
            problems.append(f"h{heading.level} {quoted(heading.text)} follows h{before.level} {quoted(before.text)}: "
                            f"level {before.level + 1} is skipped")  # fmt: skip
        before = heading
    levels = Counter(h.level for h in page.headings)
    counted = ", ".join(f"{levels[level]} h{level}" for level in sorted(levels))
    return verdict(problems, f"{plural(len(page.headings), 'heading')}, in order ({counted}), one h1")


def destination(href: str, tags: Iterable[str]) -> str:
    """Where a link goes, without the series' link tags (one page with two sections' tags is one place)."""
    parts = urlsplit(href.strip())
    names = set(tags)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in names])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, query, parts.fragment))


def _file(src: str) -> str:
    return src.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or src


def alt_texts(page: Page, tags: Iterable[str] = ()) -> Verdict:
    tags = tuple(tags)
    problems: list[str] = []
    texts: dict[str, set[str]] = {}  # destination -> the names of the text links to it
    for link in page.links:
        if not link.picture_only and link.name:
            texts.setdefault(destination(link.href, tags), set()).add(link.name.casefold())
    described = decorative = linked = 0
    for picture in page.pictures:
        if picture.alt is None and not picture.decorative:
            problems.append(f"the picture {_file(picture.src)} has no alt attribute (write what it shows, or "
                            'alt="" when it is only decoration)')  # fmt: skip
            continue
        decorative += not picture.alt or picture.decorative
        described += bool(picture.alt) and not picture.decorative
        if picture.link is None or not picture.link.picture_only or picture.link.hidden:
            continue
        link = picture.link
        linked += 1
        if not link.name:
            problems.append(f"the linked picture {_file(picture.src)} has no name: a screen reader says only its "
                            f"address ({link.href})")  # fmt: skip
            continue
        same = texts.get(destination(link.href, tags), set())
        if same and link.name.casefold() not in same:
            problems.append(f"the linked picture {quoted(link.name)} is named for the picture, not for where it goes "
                            f"(the text link there says {quoted(sorted(same)[0])})")  # fmt: skip
    found = [f"{plural(described, 'picture')} with an alternative text"] if described else []
    if decorative:
        found.append(f'{plural(decorative, "picture")} marked as decoration (alt="")')
    if linked:
        found.append(f"{plural(linked, 'picture')} that {'is a link' if linked == 1 else 'are links'}, named for "
                     "where it goes")  # fmt: skip
    return verdict(problems, "; ".join(found) if found else "no pictures")


def text_size(drawing: Drawing) -> Verdict:
    """``drawing``: the page's visible texts as drawn in each view (html_styles.drawing)."""
    drawn, unread = drawing.texts, drawing.unread
    small: dict[tuple[float, str, str], set[View]] = {}
    for view, seen in drawn.items():
        for run in seen:
            if run.size < LEAST_SIZE:
                small.setdefault((run.size, run.size_source, run.text), set()).add(view)
    grouped: dict[tuple[float, str, str], list[str]] = {}  # size, who set it, where -> the texts
    for (size, source, text), views in small.items():
        grouped.setdefault((size, source, where(views)), []).append(text)
    problems = []
    for (size, source, place), texts in grouped.items():
        said = f"{quoted(texts[0], 40)} is" if len(texts) == 1 else f"{len(texts)} texts are"
        first = f", the first {quoted(texts[0], 40)}" if len(texts) > 1 else ""
        rule = f", set by {set_by(source)}" if source != INLINE else ""
        problems.append(f"{said} {size:g} px{' ' + place if place else ''}{first}{rule}")
    if problems:
        count = len({text for _size, _source, text in small})
        problems.insert(0, f"{plural(count, 'text')} under {LEAST_SIZE:g} px:")
    counted = max((len(seen) for seen in drawn.values()), default=0)
    checked = [f"{plural(counted, 'visible text')}, none under {LEAST_SIZE:g} px in light or dark mode, on phones "
               "or wider screens (inline styles and the email's style rules)"]  # fmt: skip
    if unread:
        checked.append(f"style rules with selectors the report cannot read, not checked: {', '.join(unread)}")
    return verdict(problems, *checked)


def language(page: Page, lang: str, direction: str) -> Verdict:
    problems = []
    if not page.lang:
        problems.append(f'the page does not say its language (it has no lang); the edition is in "{lang}"')
    elif page.lang.casefold() != lang.casefold():
        problems.append(f'the page says lang="{page.lang}", but the edition is in "{lang}"')
    if direction == "rtl" and page.direction != "rtl":
        problems.append(f'the edition reads right to left, but the page has dir="{page.direction or ""}", not "rtl"')
    if direction != "rtl" and page.direction == "rtl":
        problems.append('the page says dir="rtl", but the edition reads left to right')
    way = "right to left" if direction == "rtl" else "left to right"
    return verdict(
        problems, f'the page says it is in "{page.lang}" (lang="{page.lang}"), the edition\'s language; it reads {way}'
    )


def _bare(link: Link) -> bool:
    return link.name.casefold().strip(" .:…»›→!") in BARE_LINKS


def link_texts(page: Page, tags: Iterable[str] = ()) -> Verdict:
    tags = tuple(tags)
    problems: list[str] = []
    places: dict[str, dict[str, str]] = {}  # words -> destination -> as written
    listed = [link for link in page.links if not link.hidden]
    for link in listed:
        if not link.name:
            problems.append(f"a link to {link.href} has no name")
        elif _bare(link):
            problems.append(f"{quoted(link.name)} (to {link.href}) says nothing out of its sentence")
        elif not link.href.startswith("#"):  # a contents list's link to an item of the page leads to that item
            places.setdefault(link.name.casefold(), {})[destination(link.href, tags)] = link.name
    for found in places.values():
        if len(found) > 1:
            name = next(iter(found.values()))
            problems.append(f"{quoted(name)} leads to {len(found)} different places: {', '.join(sorted(found))}")
    if not listed:
        return verdict(problems, "no links")
    return verdict(
        problems,
        f"{plural(len(listed), 'link')}, {'each ' if len(listed) > 1 else ''}named, no two "
        "alike leading to different places",
    )

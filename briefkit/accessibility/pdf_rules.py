"""The rules over the PDF, from what pdf_document.py read: headings in its structure tree, its Figures' alternative
texts, its language, its tags (tagged at all, pictures as Figures, links as printed Link elements, lists) and its
page furniture (the running header and footer as artifacts)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from briefkit.accessibility.pdf_document import ARTIFACT, HEADINGS, Drawn, Element, PdfDocument
from briefkit.accessibility.verdict import Verdict, plural, quoted, verdict


def _level(element: Element) -> int | None:
    return int(element.kind[1]) if element.kind in HEADINGS and element.kind != "H" else None


def headings(pdf: PdfDocument) -> Verdict:
    found = [e for e in pdf.elements if e.kind in HEADINGS]
    problems: list[str] = []
    outer = [e for e in found if not any(a.kind in HEADINGS for a in e.ancestors())]
    for heading in found:
        inside = next((a for a in heading.ancestors() if a.kind in HEADINGS), None)
        if inside is not None:
            problems.append(f"{heading.kind} {quoted(heading.text)} is inside {inside.kind} {quoted(inside.text)}")
    mains = [e for e in outer if _level(e) == 1]
    if len(mains) != 1 and any(_level(e) for e in outer):
        problems.append(f"{len(mains)} main headings (H1), not one")
    before: Element | None = None
    for heading in outer:
        level = _level(heading)
        if level is None:
            continue
        if before is not None and level > (_level(before) or 0) + 1:
            problems.append(f"{heading.kind} {quoted(heading.text)} follows {before.kind} {quoted(before.text)}: "
                            f"a level is skipped")  # fmt: skip
        before = heading
    kinds = Counter(e.kind for e in outer)
    counted = ", ".join(f"{kinds[kind]} {kind}" for kind in sorted(kinds))
    return verdict(problems, f"{plural(len(outer), 'heading')} ({counted}), in order, none inside another")


def alt_texts(pdf: PdfDocument) -> Verdict:
    figures = [e for e in pdf.elements if e.kind == "Figure"]
    problems = [f"a picture (Figure) on page {e.marks[0][0] + 1 if e.marks else '?'} has no alternative text (/Alt)"
                for e in figures if not e.alt.strip()]  # fmt: skip
    if not figures:
        return verdict(problems, "no pictures marked as pictures")
    each = "with an alternative text" if len(figures) == 1 else "each with an alternative text"
    return verdict(problems, f"{plural(len(figures), 'picture')} marked as a picture (Figure), {each}")


def language(pdf: PdfDocument, lang: str) -> Verdict:
    if not pdf.lang:
        return verdict([f'the PDF does not say its language (it has no /Lang); the edition is in "{lang}"'])
    if pdf.lang.casefold() != lang.casefold():
        return verdict([f'the PDF says it is in "{pdf.lang}" (its /Lang), but the edition is in "{lang}"'])
    return verdict([], f'the PDF says it is in "{pdf.lang}" (its /Lang), the edition\'s language')


def each(count: int) -> str:
    """ "each " before what is said of several things; nothing before what is said of one."""
    return "" if count == 1 else "each "


def _owners(pdf: PdfDocument) -> dict[tuple[int, int], Element]:
    return {mark: element for element in pdf.elements for mark in element.marks}


PRINT = 4  # bit 3 of /F (ISO 32000-1, 12.5.3): the annotation is printed; PDF/UA asks it of every link


def tags(pdf: PdfDocument) -> Verdict:
    problems: list[str] = []
    if not pdf.marked:
        problems.append("the PDF does not say it is tagged (its /MarkInfo has no /Marked true)")
    if pdf.root is None or not pdf.root.kids:
        problems.append("the PDF has no structure tree: assistive technology reads it as loose text, if at all")
        return verdict(problems)
    owners = _owners(pdf)
    for picture in pdf.pictures:
        if picture.mark == ARTIFACT:
            continue
        owner = owners.get((picture.page, picture.mcid)) if picture.mcid is not None else None
        if owner is None or not any(e.kind == "Figure" for e in (owner, *owner.ancestors())):
            problems.append(f"a picture on page {picture.page + 1} is marked neither as a picture (Figure) nor as "
                            "decoration (artifact)")  # fmt: skip
    in_links = {number for e in pdf.elements if e.kind == "Link" for number in e.annotations}
    for link in pdf.links:
        if link.number not in in_links:
            problems.append(f"the link to {link.contents or '?'} on page {link.page + 1} is not marked as a link "
                            "(no Link element holds it)")  # fmt: skip
        if not link.contents.strip():
            problems.append(f"a link on page {link.page + 1} has no description (/Contents)")
        if not link.flags & PRINT:
            problems.append(f"the link to {link.contents or '?'} on page {link.page + 1} is not kept in print (its "
                            f"print flag, which PDF/UA and PDF/A ask of every link, is not set)")  # fmt: skip
    lists = [e for e in pdf.elements if e.kind == "L"]
    for element in lists:
        items = [kid for kid in element.kids if kid.kind == "LI"]
        if not items:
            problems.append(f"a list {quoted(element.text)} has no items marked as items (L without LI)")
        for item in items:
            if not any(kid.kind == "LBody" for kid in item.kids):
                problems.append(f"a list item {quoted(item.text)} has no text marked as its body (LBody)")
    for element in pdf.elements:
        if element.kind == "LI" and (element.parent is None or element.parent.kind != "L"):
            problems.append(f"a list item {quoted(element.text)} is outside a list (LI outside L)")
    checked = [f"tagged: {plural(len(pdf.elements) - 1, 'part')} of the PDF marked for assistive technology"]
    if pdf.pictures:
        checked.append(f"{plural(len(pdf.pictures), 'picture')} drawn as an image, {each(len(pdf.pictures))}marked "
                       "as a picture (Figure) or as decoration (artifact)")  # fmt: skip
    checked.append(f"{plural(len(pdf.links), 'link')}, {each(len(pdf.links))}marked as a link with a description "
                   "and kept in print" if pdf.links else "no links")  # fmt: skip
    checked.append(f"{plural(len(lists), 'list')}, {each(len(lists))}marked as a list of items" if lists
                   else "no lists")  # fmt: skip
    return verdict(problems, *checked)


def _shape(text: str) -> str:
    """A running line's words with its numbers left out ("Page # of #")."""
    return re.sub(r"\d+", "#", " ".join(text.split()))


def running(pdf: PdfDocument) -> dict[tuple[str, float], list[Drawn]]:
    """The lines drawn at one height with the same words (numbers aside) on two pages or more: page furniture. A
    number alone (a footnote's "1.") is not a running line."""
    found: dict[tuple[str, float], list[Drawn]] = defaultdict(list)
    for drawn in pdf.texts:
        found[(_shape(drawn.text), drawn.y)].append(drawn)
    return {
        key: lines
        for key, lines in found.items()
        if len({line.page for line in lines}) > 1 and re.search(r"[^\W\d_]", key[0])  # words, not "1." alone
    }


def artifacts(pdf: PdfDocument) -> Verdict:
    problems: list[str] = []
    furniture = running(pdf)
    for (words, _y), lines in sorted(furniture.items()):
        read = sorted({line.page + 1 for line in lines if line.mark != ARTIFACT})
        if read:
            problems.append(f"the running line {quoted(words)} is read as content on {plural(len(read), 'page')} "
                            f"({', '.join(map(str, read))}), not marked as page furniture (artifact)")  # fmt: skip
    owners = _owners(pdf)
    loose = [d for d in pdf.texts if d.mark != ARTIFACT and d.mcid is None]
    unowned = [d for d in pdf.texts if d.mark != ARTIFACT and d.mcid is not None and (d.page, d.mcid) not in owners]
    if loose:
        problems.append(f"{plural(len(loose), 'text')} neither tagged nor marked as page furniture, the first "
                        f"{quoted(loose[0].text)} on page {loose[0].page + 1}")  # fmt: skip
    if unowned:
        problems.append(f"{plural(len(unowned), 'text')} tagged but not in the structure tree (a screen reader skips "
                        f"or misplaces them), the first {quoted(unowned[0].text)} on page {unowned[0].page + 1}")  # fmt: skip
    shapes = sorted({words for words, _y in furniture})
    shown = ", ".join(quoted(words) for words in shapes)
    repeated = (f"the lines repeated across its {plural(pdf.pages, 'page')} ({shown}), marked as page furniture "
                "(artifacts)" if shapes else f"no lines repeated across its {plural(pdf.pages, 'page')}")  # fmt: skip
    return verdict(problems, repeated, f"every other text ({len(pdf.texts)} drawn) tagged as content")

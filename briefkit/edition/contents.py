"""The "In this edition" list: a link to each section with a heading, and to each item of a long section."""

from __future__ import annotations

from briefkit.edition import model


def contents(sections: tuple[model.Section, ...], items_over: int) -> tuple[model.ContentsLink, ...]:
    """An entry for each section that has a heading (a section without one has no words to be listed by), in
    order, but the about and subscribe sections (the same in every edition, at its end); a section with more than
    ``items_over`` items lists them too. The anchors are the ids the archive page
    gives the headings: section-<n> for the n-th section, section-<n>-<m> for its m-th item."""
    links = []
    for index, section in enumerate(sections):
        if not section.heading or isinstance(section, (model.AboutSection, model.SubscribeSection)):
            continue
        anchor = f"section-{index + 1}"
        titles = _item_titles(section)
        items = (
            tuple(model.ContentsLink(title, f"{anchor}-{n}", index) for n, title in enumerate(titles, start=1))
            if len(titles) > items_over
            else ()
        )
        links.append(model.ContentsLink(section.heading, anchor, index, items))
    return tuple(links)


def _item_titles(section: model.Section) -> list[str]:
    """The titles of the section's items, as its templates show them; none for a kind without titled items."""
    if isinstance(section, (model.FeaturesSection, model.CommentariesSection)):
        return [item.title for item in section.items]
    if isinstance(section, model.ListingSection):
        return [entry.title or entry.label or "" for entry in section.items]
    if isinstance(section, model.InTheNewsSection):
        return [item.title for item in section.items]
    return []

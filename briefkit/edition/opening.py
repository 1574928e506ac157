"""An edition's opening words as plain text, for its preheader, its feed summary and its archive description: the
intro, or for an edition without one the first summary of its sections."""

from __future__ import annotations

from collections.abc import Iterator

from briefkit.edition import model, wording
from briefkit.manifest import markdown
from briefkit.manifest.markdown import Rich


def opening(intro: Rich | None, sections: tuple[model.Section, ...]) -> str:
    """The intro as plain text; without one, the first summary: in the sections' order, a section's lead_in, else
    the first feature's or commentary's summary (or quotation), listing teaser, in-the-news sentence, or the first
    Markdown key of a section the theme declares. The about and subscribe sections, the same in every edition,
    are passed over. '' when there is none of these."""
    if intro is not None:
        return markdown.to_plain(intro)
    for text in _summaries(sections):
        plain = markdown.to_plain(text) if isinstance(text, Rich) else text
        if plain.strip():
            return plain
    return ""


def _summaries(sections: tuple[model.Section, ...]) -> Iterator[Rich | str]:
    for section in sections:
        if isinstance(section, (model.AboutSection, model.SubscribeSection)):
            continue
        if section.lead_in is not None:
            yield section.lead_in
        if isinstance(section, model.FeaturesSection):
            yield from (item.summary for item in section.items)
        elif isinstance(section, model.CommentariesSection):
            for commentary in section.items:
                if commentary.summary is not None:
                    yield commentary.summary
                elif commentary.quote is not None:
                    yield commentary.quote.text.rstrip(wording.COMMAS)  # the comma before its attribution
        elif isinstance(section, model.ListingSection):
            yield from (entry.teaser for entry in section.items)
        elif isinstance(section, model.InTheNewsSection):
            yield section.sentence
        elif isinstance(section, model.DeclaredSection):
            yield from (value for name in section.names() if isinstance(value := getattr(section, name), Rich))

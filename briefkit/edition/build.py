"""Turn a checked manifest into the edition model: resolve `from:` sources, fill defaults and decide all wording."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefkit.edition import model, wording
from briefkit.errors import BriefkitError, Problem, SourceError
from briefkit.manifest import markdown
from briefkit.manifest.fields import COLORS, FEEDS, HEADINGS, PDF
from briefkit.manifest.load import Manifest
from briefkit.manifest.types import Date, ListOf, Markdown, Problems, Record, RecordType
from briefkit.sources.documents import Asset, SourceDocument, read_picture, read_source


class _Builder:
    def __init__(self, manifest: Manifest, feed_items: dict[int, list[Record]]) -> None:
        self.manifest = manifest
        self.feed_items = feed_items
        self.settings = manifest.settings
        self.problems: Problems = []
        self.warnings: list[str] = []

    # -- items -------------------------------------------------------------------------------

    def _source(self, item: Record, path: str) -> SourceDocument | None:
        if "from" not in item:
            return None
        try:
            return read_source(item["from"], self.manifest.path, self.manifest.root, item.where("from"), f"{path}.from")
        except BriefkitError as error:
            self.problems.extend(error.problems)
            return None

    def _need(self, item: Record, path: str, key: str, value: Any, doc: SourceDocument | None) -> Any:
        if value is None and doc is not None:
            self.problems.append(
                Problem(
                    item.where("from"),
                    f"{path}.{key}",
                    f"'{item['from']}' gives no {key}; add '{key}:' to this item",
                )
            )
        return value

    def feature(self, item: Record, path: str, separator: str) -> model.Feature:
        doc = self._source(item, path)
        image = item.get("image")
        return model.Feature(
            title=self._need(item, path, "title", item.get("title") or (doc and doc.title), doc),
            url=self._need(item, path, "url", item.get("url") or (doc and doc.url), doc),
            summary=_rich(self._need(item, path, "summary", item.get("summary") or (doc and doc.summary), doc)),
            label=item.get("label"),
            separator=separator,
            date_line=self.date_line(item.get("date")),
            image=self.image(image, f"{path}.image") if image else None,
        )

    def date_line(self, value: str | dt.date | None) -> str | None:
        """A date line as written, or a date (from a feed entry) written as the series writes dates."""
        if isinstance(value, dt.date):
            return wording.format_date(value, self.settings["date_format"])
        return value

    def picture(self, record: Record, path: str) -> Asset | None:
        """The local copy a picture names with `file:`, relative to the file that names it."""
        if "file" not in record:
            return None
        where = record.where("file")
        try:
            return read_picture(record["file"], where.path.parent, self.manifest.root, where, f"{path}.file")
        except BriefkitError as error:
            self.problems.extend(error.problems)
            return None

    def image(self, image: Record, path: str) -> model.Image:
        return model.Image(image["src"], image["alt"], image.get("width"), self.picture(image, path))

    def commentary(self, item: Record, path: str) -> model.Commentary:
        doc = self._source(item, path)
        quote = item.get("quote")
        summary = item.get("summary")
        if quote is None and summary is None:
            summary = doc.summary if doc else None
            if summary is None:
                self.problems.append(
                    Problem(item.location, f"{path}.summary", "is missing; add 'summary:' or 'quote:'")
                )
        return model.Commentary(
            title=self._need(item, path, "title", item.get("title") or (doc and doc.title), doc),
            url=self._need(item, path, "url", item.get("url") or (doc and doc.url), doc),
            summary=_rich(summary),
            quote=self.quote(quote) if quote else None,
        )

    def quote(self, quote: Record) -> model.Quote:
        authors = quote["authors"]
        verb, names = wording.agreeing_verb(quote.get("verb"), authors), wording.names_in_prose(authors)
        attribution = f"{names} {verb}" if quote["attribution"] == "before" else f"{verb} {names}"
        if quote.get("venue"):
            attribution += f" {quote['preposition']} {quote['venue']}"
        open_mark, close_mark = wording.QUOTE_MARKS[self.settings["quote_marks"]]
        text = quote["text"]
        if quote["attribution"] == "after" and wording.ends_in_letter(text):
            text += ","
        return model.Quote(
            text=text,
            attribution=attribution,
            placement=quote["attribution"],
            continued=quote.get("continued"),
            open_mark=open_mark,
            close_mark=close_mark,
        )

    def listing_entry(self, item: Record, path: str, limit: int) -> model.ListingEntry:
        doc = self._source(item, path)
        teaser = item.get("teaser")
        if teaser is None and doc is not None and doc.summary:
            teaser = markdown.to_plain(markdown.parse(doc.summary))
        authors = item.get("authors") or (doc.authors if doc else [])
        return model.ListingEntry(
            title=self._need(item, path, "title", item.get("title") or (doc and doc.title), doc),
            url=self._need(item, path, "url", item.get("url") or (doc and doc.url), doc),
            teaser=wording.cut_teaser(teaser, limit) if teaser else "",
            byline=wording.byline(authors),
        )

    # -- sections ----------------------------------------------------------------------------

    def heading(self, section: Record) -> str | None:
        if "heading" in section.key_locations:
            return section.get("heading") or None
        headings = self.settings.get("headings") or {}
        kind = section["kind"]
        if headings.get(kind) is not None:
            return headings[kind] or None
        if kind in self.manifest.theme.kinds:
            declared: str | None = self.manifest.theme.kinds[kind].get("heading")
            return declared or None
        if kind == "about":
            return f"About {self.settings['name']}"
        if kind == "listing":
            return f"More from {self.settings['publisher']}"
        default: str = HEADINGS.field_named(kind).default
        return default

    def section(self, section: Record, index: int) -> model.Section:
        """The section's model, made by the maker of its kind; a kind the theme declares gets its values as given."""
        path = f"sections[{index}]"
        items = list(section.get("items", [])) + self.feed_items.get(index, [])
        written = len(section.get("items", []))
        located = [
            (item, f"{path}.items[{i}]" if i < written else f"{path}.feed.entries[{i - written}]")
            for i, item in enumerate(items)
        ]
        make = _MAKERS.get(section["kind"], _Builder.declared_section)
        return make(self, section, self.heading(section), path, located)

    def section_or_none(self, section: Record, index: int) -> model.Section | None:
        """The section, or None (with a warning) when it was to list items and has none: every entry its feed
        offered was left out, say. A heading over nothing is not shown."""
        made = self.section(section, index)
        items = getattr(made, "items", None)
        if isinstance(items, tuple) and not items and section["kind"] in _MAKERS:
            where = section.where("feed") if "feed" in section else section.location
            self.warnings.append(
                f"{where.display(self.manifest.root)}: sections[{index}]: has no items this time, so it is left out"
            )
            return None
        return made

    def features(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        separator = section.get("label_separator", self.settings["label_separator"])
        return model.FeaturesSection(heading, tuple(self.feature(item, p, separator) for item, p in items))

    def commentaries(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        return model.CommentariesSection(heading, tuple(self.commentary(item, p) for item, p in items))

    def in_the_news(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        return model.InTheNewsSection(heading, f"{section['lead']} {wording.names_in_prose(section['people'])}.")

    def about(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        text = section.get("text") or self.settings.get("about")
        if text is None:
            self.problems.append(
                Problem(section.location, f"{path}.text", "is missing; add 'text:' here or 'about:' to the series file")
            )
        return model.AboutSection(heading, markdown.parse(text or ""))

    def subscribe(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        series = self.settings.get("subscribe") or {}
        values = {key: section.get(key) or series.get(key) for key in ("text", "url", "button")}
        for key in ("text", "url"):
            if values[key] is None:
                self.problems.append(
                    Problem(
                        section.location,
                        f"{path}.{key}",
                        f"is missing; add '{key}:' here or 'subscribe: {key}:' to the series file",
                    )
                )
        return model.SubscribeSection(
            heading, markdown.parse(values["text"] or ""), values["url"] or "", values["button"] or "Subscribe"
        )

    def listing(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        limit = section.get("teaser_length", self.settings["teaser_length"])
        return model.ListingSection(heading, tuple(self.listing_entry(item, p, limit) for item, p in items))

    def declared_section(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        kind = section["kind"]
        record_type = self.manifest.types.section(kind)
        values = self.declared(section, record_type, skip=("kind", "heading"))
        return model.DeclaredSection(kind, heading, values)

    def declared(self, record: Record | None, record_type: RecordType, skip: tuple[str, ...] = ()) -> model.Declared:
        """The values of keys a theme declares, ready for templates: Markdown parsed, dates with their text,
        lists as entries; None for a key not given."""
        values: dict[str, Any] = {}
        for f in record_type.fields:
            if f.name in skip:
                continue
            value = record.get(f.name) if record is not None else None
            if value is None:
                values[f.name] = None
            elif isinstance(f.type, Markdown):
                values[f.name] = markdown.parse(value)
            elif isinstance(f.type, Date):
                values[f.name] = model.Day(value, wording.format_date(value, self.settings["date_format"]))
            elif isinstance(f.type, ListOf) and isinstance(f.type.item, RecordType):
                values[f.name] = tuple(self.declared(entry, f.type.item) for entry in value)
            else:
                values[f.name] = value
        return model.Declared(values)

    def check_timezone(self) -> None:
        name = self.settings["timezone"]
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            edition = self.manifest.edition
            where = edition.where("timezone") if "timezone" in edition.key_locations else edition.where("series")
            self.problems.append(
                Problem(where, "timezone", f"'{name}' is not a known time zone; use a name like America/New_York")
            )

    # -- the edition -------------------------------------------------------------------------

    def edition(self) -> model.Edition:
        e, s = self.manifest.edition, self.settings
        sections = tuple(
            made for i, section in enumerate(e["sections"]) if (made := self.section_or_none(section, i)) is not None
        )
        logo = s.get("logo")
        logo_file = self.picture(logo, "logo") if logo else None
        self.check_timezone()
        if self.problems:
            raise SourceError(self.problems)
        title = wording.fill_title(s["title_pattern"], e["title"])
        intro = markdown.parse(e["intro"])
        web_url = e.get("web_url")
        if web_url is None and s.get("archive_url"):
            web_url = s["archive_url"].rstrip("/") + f"/{self.manifest.slug}/"
        cta = e.get("call_to_action")
        colors = COLORS.filled(s.get("colors"))
        pdf = PDF.filled(s.get("pdf"))
        return model.Edition(
            slug=self.manifest.slug,
            series_name=s["name"],
            publisher=s["publisher"],
            date=e["date"],
            date_text=wording.format_date(e["date"], s["date_format"]),
            title=title,
            subject=e.get("subject") or title,
            preheader=e.get("preheader") or wording.preheader_from(markdown.to_plain(intro)),
            tagline=s.get("tagline"),
            intro=intro,
            call_to_action=model.CallToAction(cta["text"], cta.get("url")) if cta else None,
            sections=sections,
            web_url=web_url,
            lang=s["lang"],
            sender_name=s["sender"]["name"],
            sender_address=s["sender"]["address"],
            postal_address=s["postal_address"],
            unsubscribe_url=s["unsubscribe_url"],
            colors=model.Colors(**colors),
            logo=model.Logo(logo["src"], logo["alt"], logo["width"], logo.get("href"), logo_file) if logo else None,
            theme=s["theme"],
            print=model.PrintSettings(
                pdf["page_size"], pdf["standard"], tuple(pdf["allowed_hosts"]), pdf["time_limit"]
            ),
            keywords=tuple(e.get("keywords") or ()),
            archive_url=s.get("archive_url"),
            timezone=s["timezone"],
            feed_limit=FEEDS.filled(s.get("feeds"))["limit"],
            extra=self.declared(e, self.manifest.types.edition_extras()),
        )


Located = list[tuple[Record, str]]  # items with the path they are reported under
_MAKERS: dict[str, Callable[[_Builder, Record, str | None, str, Located], model.Section]] = {
    "features": _Builder.features,
    "commentaries": _Builder.commentaries,
    "in_the_news": _Builder.in_the_news,
    "about": _Builder.about,
    "subscribe": _Builder.subscribe,
    "listing": _Builder.listing,
}


def _rich(source: str | None) -> Any:
    """A Markdown field parsed once for every renderer (None stays None: a problem is already recorded)."""
    return markdown.parse(source) if source is not None else None


def build_edition(
    manifest: Manifest, feed_items: dict[int, list[Record]] | None = None, warnings: list[str] | None = None
) -> model.Edition:
    """The edition model for ``manifest`` (with the items sections took from feeds); problems together, located.
    What the editor should hear about but does not stop the render is added to ``warnings``."""
    builder = _Builder(manifest, feed_items or {})
    edition = builder.edition()
    if warnings is not None:
        warnings += builder.warnings
    return edition

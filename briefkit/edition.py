"""Turn a checked manifest into the edition model: resolve `from:` sources, fill defaults and decide all wording."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from briefkit import markdown, model, wording
from briefkit.errors import BriefkitError, Problem, SourceError
from briefkit.manifest import Manifest
from briefkit.manifest_fields import COLORS, FEEDS, HEADINGS, PDF
from briefkit.schema import Problems, Record
from briefkit.sources import SourceDocument, read_picture, read_source


class _Builder:
    def __init__(self, manifest: Manifest, feed_items: dict[int, list[Record]]) -> None:
        self.manifest = manifest
        self.feed_items = feed_items
        self.settings = manifest.settings
        self.problems: Problems = []

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
            date_line=item.get("date"),
            image=self.image(image, f"{path}.image") if image else None,
        )

    def picture(self, record: Record, path: str) -> model.Asset | None:
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
        if kind == "about":
            return f"About {self.settings['name']}"
        if kind == "listing":
            return f"More from {self.settings['publisher']}"
        default: str = HEADINGS.field_named(kind).default
        return default

    def section(self, section: Record, index: int) -> model.Section | None:
        kind = section["kind"]
        heading = self.heading(section)
        path = f"sections[{index}]"
        items = list(section.get("items", [])) + self.feed_items.get(index, [])

        written = len(section.get("items", []))

        def each(make: Callable[[Record, str], Any]) -> tuple[Any, ...]:
            return tuple(
                make(item, f"{path}.items[{i}]" if i < written else f"{path}.feed.entries[{i - written}]")
                for i, item in enumerate(items)
            )

        if kind == "features":
            separator = section.get("label_separator", self.settings["label_separator"])
            return model.FeaturesSection(heading, each(lambda item, p: self.feature(item, p, separator)))
        if kind == "commentaries":
            return model.CommentariesSection(heading, each(self.commentary))
        if kind == "in_the_news":
            sentence = f"{section['lead']} {wording.names_in_prose(section['people'])}."
            return model.InTheNewsSection(heading, sentence)
        if kind == "about":
            text = section.get("text") or self.settings.get("about")
            if text is None:
                self.problems.append(
                    Problem(
                        section.location, f"{path}.text", "is missing; add 'text:' here or 'about:' to the series file"
                    )
                )
            return model.AboutSection(heading, markdown.parse(text or ""))
        if kind == "subscribe":
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
        limit = section.get("teaser_length", self.settings["teaser_length"])
        return model.ListingSection(heading, each(lambda item, p: self.listing_entry(item, p, limit)))

    def check_timezone(self) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
        sections = tuple(self.section(section, i) for i, section in enumerate(e["sections"]))
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
            sections=tuple(x for x in sections if x is not None),
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
        )


def _rich(source: str | None) -> Any:
    """A Markdown field parsed once for every renderer (None stays None: a problem is already recorded)."""
    return markdown.parse(source) if source is not None else None


def build_edition(manifest: Manifest, feed_items: dict[int, list[Record]] | None = None) -> model.Edition:
    """The edition model for ``manifest`` (with the items sections took from feeds); problems together, located."""
    return _Builder(manifest, feed_items or {}).edition()

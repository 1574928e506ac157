"""Turn a checked manifest into the edition model: resolve `from:` sources, fill defaults and decide all wording."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefkit.edition import model, share, translations, wording
from briefkit.edition.contents import contents
from briefkit.edition.corrections import corrections, notice, words_digest
from briefkit.edition.events import EventSettings, events_section
from briefkit.edition.footer import footer
from briefkit.edition.in_the_news import in_the_news_section
from briefkit.edition.opening import opening
from briefkit.edition.palette import dark_palette
from briefkit.errors import BriefkitError, Finding, Location, Problem, SourceError
from briefkit.manifest import markdown
from briefkit.manifest.catalogue import messages_for, missing_messages
from briefkit.manifest.compound_types import ListOf, RecordType
from briefkit.manifest.load import Manifest
from briefkit.manifest.series_fields import COLORS, DELIVERY, FEEDS, HEADINGS, MESSAGE, PDF
from briefkit.manifest.slug import in_url
from briefkit.manifest.text_types import Markdown
from briefkit.manifest.types import Problems, Record
from briefkit.manifest.value_types import Date
from briefkit.sources.documents import Asset, SourceDocument, read_picture, read_source


class _Builder:
    def __init__(self, manifest: Manifest, feed_items: dict[int, list[Record]]) -> None:
        self.manifest = manifest
        self.feed_items = feed_items
        self.settings = manifest.settings
        self.problems: Problems = []
        self.warnings: list[Finding] = []
        self.smart = self.settings["typography"] == "smart"
        self.words = messages_for(manifest.theme, self.settings["lang"])  # the theme's words in the edition's lang
        lang_from = manifest.edition if "lang" in manifest.edition.key_locations else manifest.series
        self.warnings += missing_messages(manifest.theme, self.settings["lang"], lang_from.where("lang"))

    # -- items -------------------------------------------------------------------------------

    def _source(self, item: Record, path: str) -> SourceDocument | None:
        if "from" not in item:
            return None
        try:
            return read_source(item["from"], self.manifest.path, self.manifest.root, item.where("from"), f"{path}.from")
        except BriefkitError as error:
            self.problems.extend(error.problems)
            return None

    def rich(self, source: str) -> markdown.Rich:
        """A Markdown field, parsed with the series' typography."""
        return markdown.parse(source, self.smart)

    def prose(self, text: str | None) -> Any:
        """A line of text with the series' typography: curly quotes, dashes and ellipses when it is smart."""
        if not text or not self.smart:
            return text
        import smartypants

        made = smartypants.smartypants(text, smartypants.Attr.q | smartypants.Attr.D | smartypants.Attr.e)
        return html.unescape(made)

    def date_text(self, date: dt.date) -> str:
        written = any("date_format" in part.key_locations for part in (self.manifest.edition, self.manifest.series))
        if not written and not wording.is_english(self.settings["lang"]):  # the language's own long date
            return wording.long_date(date, self.settings["lang"])
        return wording.format_date(date, self.settings["date_format"], self.settings["lang"])

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

    def feature(self, item: Record, path: str, separator: str, label_position: str) -> model.Feature:
        doc = self._source(item, path)
        image = item.get("image")
        return model.Feature(
            title=self.prose(self._need(item, path, "title", item.get("title") or (doc and doc.title), doc)),
            url=self._need(item, path, "url", item.get("url") or (doc and doc.url), doc),
            summary=_rich(
                self._need(item, path, "summary", item.get("summary") or (doc and doc.summary), doc), self.smart
            ),
            label=item.get("label"),
            separator=item.get("label_separator", separator),
            label_position=item.get("label_position", label_position),
            date_line=self.date_line(item.get("date")),
            image=self.image(image, f"{path}.image") if image else None,
            link_tags=item.get("link_tags") is not False,
        )

    def date_line(self, value: str | dt.date | None) -> str | None:
        """A date line as written, or a date (from a feed entry) written as the series writes dates."""
        if isinstance(value, dt.date):
            return self.date_text(value)
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
        file = self.picture(image, path)
        return model.Image(self.picture_src(image, file, path), image["alt"], image.get("width"), file)

    def picture_src(self, record: Record, file: Asset | None, path: str) -> str | None:
        """The address the email loads a picture from: its `src:`, else where the web archive publishes its
        `file:` (under the series' assets_url:, else archive_url:). Neither: a located problem; a file with nowhere
        to be published: a warning, and the email goes without the picture."""
        if record.get("src"):
            return str(record["src"])
        if "file" not in record:
            self.problems.append(
                Problem(
                    record.location,
                    path,
                    "has neither src: (the picture's web address) nor file: (a picture in the project, published "
                    "with the web archive); add one",
                )
            )
            return None
        base = self.settings.get("assets_url") or self.settings.get("archive_url")
        if file is None:
            return None  # its file could not be read: said already
        if not base:
            self.warnings.append(
                Finding(
                    record.where("file"),
                    "picture",
                    f"{path}.file: the email cannot show this picture: it has no web address, and the series has "
                    "no archive_url: (or assets_url:) to publish it under; add one to the series file, or give the "
                    "picture's src:",
                )
            )
            return None
        return f"{str(base).rstrip('/')}/{file.published}"

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
            title=self.prose(self._need(item, path, "title", item.get("title") or (doc and doc.title), doc)),
            url=self._need(item, path, "url", item.get("url") or (doc and doc.url), doc),
            summary=_rich(summary, self.smart),
            quote=self.quote(quote, f"{path}.quote") if quote else None,
            link_tags=item.get("link_tags") is not False,
        )

    def quote(self, quote: Record, path: str = "") -> model.Quote:
        authors = quote["authors"]
        verb = wording.agreeing_verb(quote.get("verb"), authors, self.words)
        names = wording.names_in_prose(authors, self.words)
        names_first = quote["attribution"] == "before" or quote.get("order", self.settings["quote_order"]) == (
            "names_first"
        )
        attribution = f"{names} {verb}" if names_first else f"{verb} {names}"
        if quote.get("venue"):
            preposition = quote["preposition"] if "preposition" in quote.key_locations else self.words.gettext("in")
            attribution += f" {preposition} {quote['venue']}"
        open_mark, close_mark = wording.QUOTE_MARKS[self.settings["quote_marks"]]
        text = self.own_marks_removed(quote, "text", path)
        if quote["attribution"] == "after":
            text = wording.before_attribution(text, self.words)
        continued = self.own_marks_removed(quote, "continued", path) if quote.get("continued") else None
        return model.Quote(
            text=self.prose(text),
            attribution=attribution,
            placement=quote["attribution"],
            continued=self.prose(continued),
            open_mark=open_mark,
            close_mark=close_mark,
        )

    def own_marks_removed(self, quote: Record, key: str, path: str) -> str:
        """The quotation without the outer marks it was pasted with: briefkit puts its own around it."""
        text: str = quote[key]
        pairs = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019", "\u00ab": "\u00bb"}
        if len(text) > 1 and text[0] in pairs and text.endswith(pairs[text[0]]):
            self.warnings.append(
                Finding(
                    quote.where(key),
                    "quote-marks",
                    f"{path}.{key}: the quotation has its own marks {text[0]}...{text[-1]}; briefkit adds them, so "
                    "they were left out; remove them from the text",
                )
            )
            return text[1:-1].strip()
        return text

    def listing_entry(self, item: Record, path: str, section: Record) -> model.ListingEntry:
        doc = self._source(item, path)
        teaser = item.get("teaser")
        if teaser is None and doc is not None and doc.summary:
            teaser = markdown.to_plain(markdown.parse(doc.summary))
        authors = item.get("authors") or (doc.authors if doc else [])
        title: str | None = item.get("title") or (doc.title if doc else None)
        if title is None and not item.get("label"):
            title = self._need(item, path, "title", None, doc)
        limit = section.get("teaser_length", self.settings["teaser_length"])
        cut = section.get("teaser_cut", self.settings["teaser_cut"])
        ellipsis = section.get("teaser_ellipsis", self.settings["teaser_ellipsis"])
        return model.ListingEntry(
            title=self.prose(title) or "",
            url=self._need(item, path, "url", item.get("url") or (doc and doc.url), doc),
            teaser=self.prose(wording.cut_teaser(teaser, limit, cut, ellipsis)) if teaser else "",
            byline=wording.byline(authors, words=self.words),
            label=item.get("label"),
            separator=item.get("label_separator", self.settings["label_separator"]),
            label_position=item.get("label_position", section.get("label_position", self.settings["label_position"])),
            date_line=self.date_line(item.get("date")),
            link_tags=item.get("link_tags") is not False,
        )

    # -- sections ----------------------------------------------------------------------------

    def heading(self, section: Record) -> str | None:
        if "heading" in section.key_locations:
            return section.get("heading") or None
        headings = self.settings.get("headings") or {}
        kind = section["kind"]
        if headings.get(kind) is not None and self.written_heading(kind):
            return headings[kind] or None
        if kind in self.manifest.theme.kinds:
            declared: str | None = self.manifest.theme.kinds[kind].get("heading")
            return declared or None
        if kind == "about":
            return self.words.gettext("About %(name)s", name=self.settings["name"])
        if kind == "listing":
            return self.words.gettext("More from %(publisher)s", publisher=self.settings["publisher"])
        default: str = HEADINGS.field_named(kind).default
        return self.words.gettext(default)  # the default heading, in the edition's language

    def written_button(self, section: Record) -> bool:
        """Whether the section or the series file's `subscribe:` writes the button's label (else the default, in the
        edition's language)."""
        series = self.settings.get("subscribe")
        return "button" in section.key_locations or (isinstance(series, Record) and "button" in series.key_locations)

    def written_heading(self, kind: str) -> bool:
        """Whether the series file or the edition writes `headings: <kind>:` (a default is said in the edition's
        language instead)."""
        for record in (self.manifest.edition, self.manifest.series):
            headings = record.get("headings")
            if isinstance(headings, Record) and kind in headings.key_locations:
                return True
        return False

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
        made = make(self, section, self.heading(section), path, located)
        if section.get("lead_in"):
            lead_in = self.rich(section["lead_in"])
            if isinstance(made, model.DeclaredSection):
                made.lead_in = lead_in
            else:
                made = dataclasses.replace(made, lead_in=lead_in)
        return made

    def section_or_none(self, section: Record, index: int) -> model.Section | None:
        """The section, or None (with a warning) when it was to list items and has none: every entry its feed
        offered was left out, say. A heading over nothing is not shown."""
        made = self.section(section, index)
        items = getattr(made, "items", None)
        if isinstance(items, tuple) and not items and section["kind"] in _MAKERS and not section.get("people"):
            where = section.where("feed") if "feed" in section else section.location
            self.warnings.append(
                Finding(where, "empty-section", f"sections[{index}]: has no items this time, so it is left out")
            )
            return None
        return made

    def features(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        separator = section.get("label_separator", self.settings["label_separator"])
        position = section.get("label_position", self.settings["label_position"])
        return model.FeaturesSection(heading, tuple(self.feature(item, p, separator, position) for item, p in items))

    def commentaries(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        return model.CommentariesSection(heading, tuple(self.commentary(item, p) for item, p in items))

    def in_the_news(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        shown = (self.words, self.settings["quote_marks"], self.prose, self.date_text)
        return in_the_news_section(section, heading, [item for item, _ in items], *shown)

    def about(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        text = section.get("text") or self.settings.get("about")
        if text is None:
            self.problems.append(
                Problem(section.location, f"{path}.text", "is missing; add 'text:' here or 'about:' to the series file")
            )
        return model.AboutSection(heading, self.rich(text or ""))

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
            heading,
            self.rich(values["text"] or ""),
            values["url"] or "",
            (values["button"] or "") if self.written_button(section) else self.words.gettext("Subscribe"),
        )

    def listing(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        return model.ListingSection(heading, tuple(self.listing_entry(item, p, section) for item, p in items))

    def events(self, section: Record, heading: str | None, path: str, items: Located) -> model.Section:
        settings = EventSettings.of(self.manifest, self.date_text, self.rich, self.prose)
        return events_section(section, heading, path, settings, self.warnings)

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
                values[f.name] = self.rich(value)
            elif isinstance(f.type, Date):
                values[f.name] = model.Day(value, self.date_text(value))
            elif isinstance(f.type, ListOf) and isinstance(f.type.item, RecordType):
                values[f.name] = tuple(self.declared(entry, f.type.item) for entry in value)
            else:
                values[f.name] = value
        return model.Declared(values)

    def message_settings(self) -> model.MessageSettings:
        given = MESSAGE.filled(self.settings.get("message"))
        dkim = given.get("dkim") or {}
        return model.MessageSettings(
            reply_to=given.get("reply_to"),
            to=given.get("to"),
            send_time=given["send_time"],
            unsubscribe_mailto=given.get("unsubscribe_mailto"),
            dkim_domain=dkim.get("domain"),
            dkim_selector=dkim.get("selector"),
        )

    def delivery(self) -> model.Delivery | None:
        given = self.settings.get("delivery")
        if not given:
            return None
        filled = DELIVERY.filled(given)
        where = given.location if isinstance(given, Record) else self.manifest.edition.where("series")
        for key, service in (("template", "listmonk"), ("topic", "ses")):
            if filled.get(key) is not None and filled["service"] != service and isinstance(given, Record):
                self.warnings.append(
                    Finding(
                        given.where(key),
                        "delivery",
                        f"delivery.{key} is for {service} only; {filled['service']} does not use it, so remove it",
                    )
                )
        return model.Delivery(
            service=filled["service"],
            where=where,
            list=filled.get("list"),
            template=filled.get("template"),
            topic=filled.get("topic"),
            stream=filled["stream"],
            api_url=filled.get("api_url"),
            api_url_where=given.where("api_url") if isinstance(given, Record) and "api_url" in given else None,
        )

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
        logo_src = self.picture_src(logo, logo_file, "logo") if logo else None
        self.check_timezone()
        own_title = self.own_title()
        corrected = corrections(e, self.date_text, self.rich, self.problems)
        versions = translations.versions(self.manifest, self.problems)  # the original and its translations
        if self.problems:
            raise SourceError(self.problems)
        title = self.prose(wording.fill_title(s["title_pattern"], own_title or ""))
        intro = self.rich(e["intro"]) if e.get("intro") is not None else None
        opening_words = opening(intro, sections)
        web_url = e.get("web_url")
        if web_url is None and s.get("archive_url"):
            web_url = s["archive_url"].rstrip("/") + f"/{in_url(self.manifest.slug)}/"
        cta = e.get("call_to_action")
        colors = COLORS.filled(s.get("colors"))
        pdf = PDF.filled(s.get("pdf"))
        whole = model.Edition(
            slug=self.manifest.slug,
            series_name=s["name"],
            publisher=s["publisher"],
            date=e["date"],
            date_text=self.date_text(e["date"]),
            title=title,
            subject=e.get("subject") or title,
            preheader=e.get("preheader") or wording.preheader_from(opening_words),
            tagline=self.prose(s.get("tagline")),
            intro=intro,
            call_to_action=model.CallToAction(self.prose(cta["text"]), cta.get("url")) if cta else None,
            sections=sections,
            web_url=web_url,
            lang=s["lang"],
            sender_name=s["sender"]["name"],
            sender_address=s["sender"]["address"],
            postal_address=s["postal_address"],
            unsubscribe_url=s["unsubscribe_url"],
            colors=_colors(colors),
            logo=model.Logo(
                logo_src,
                logo["alt"],
                logo["width"],
                logo.get("href"),
                logo_file,
                logo.get("dark_src"),
            )
            if logo
            else None,
            theme=s["theme"],
            print=model.PrintSettings(
                pdf["page_size"], pdf["standard"], tuple(pdf["allowed_hosts"]), pdf["time_limit"]
            ),
            keywords=tuple(e.get("keywords") or ()),
            archive_url=s.get("archive_url"),
            timezone=s["timezone"],
            feed_limit=FEEDS.filled(s.get("feeds"))["limit"],
            extra=self.declared(e, self.manifest.types.edition_extras()),
            byline=wording.byline(e["byline"], s["byline_join"], self.words) if e.get("byline") else None,
            message=self.message_settings(),
            delivery=self.delivery(),
            draft=e["status"] == "draft",
            series_key=Path(e["series"]).name.removesuffix(".yaml").removesuffix(".series"),
            own_title=self.prose(own_title),
            listed_title=title if own_title is not None else f"{title}, {self.date_text(e['date'])}",
            opening=opening_words,
            footer=footer(
                s["name"], s["sender"]["name"], s["sender"]["address"], s["publisher"], s["postal_address"], self.words
            ),
            direction=translations.direction(s["lang"]),
            translation_of=next((v.slug for v in versions if v.original and not v.current), ""),
            versions=versions,
            corrections=corrected,
            notice=notice(corrected, self.words),
            contents=contents(sections, s["contents_items_over"]) if s["contents"] else (),
        )
        whole = share.with_sharing(whole, self.manifest, self.words, self.prose)
        return dataclasses.replace(whole, words=words_digest(whole))

    def own_title(self) -> str | None:
        """The edition's title; a problem, located, when the title pattern needs one that is not given, or leaves
        out one that is."""
        e, pattern = self.manifest.edition, self.settings["title_pattern"]
        title: str | None = e.get("title")
        if title is None and "{title}" in pattern:
            where, source = self.pattern_source()
            self.problems.append(
                Problem(
                    where,
                    "title",
                    f"is missing, and title_pattern '{pattern}' ({source}) puts it in the edition's full title (the "
                    "subject, the masthead, the feeds and the web archive); add 'title:', or give a "
                    "title_pattern without {title}, a fixed title",
                )
            )
        elif title is not None and "{title}" not in pattern:
            self.problems.append(
                Problem(
                    e.where("title"),
                    "title",
                    f"is not shown: title_pattern '{pattern}' ({self.pattern_source()[1]}) has no {{title}}; remove "
                    f"'title:', or write where it goes in the pattern, like '{pattern}: {{title}}'",
                )
            )
        return title

    def pattern_source(self) -> tuple[Location, str]:
        """Where a problem with the edition's title is reported (its own title_pattern: when it gives one, else
        the top of the edition), and where the title pattern comes from, in words."""
        e, series = self.manifest.edition, self.manifest.series
        if "title_pattern" in e.key_locations:
            return e.where("title_pattern"), "this edition's own"
        series_file = e["series"]
        if "title_pattern" in series.key_locations:
            return e.location, f"from {series_file}, line {series.where('title_pattern').line}"
        return e.location, f"the default, as {series_file} gives none"


_SIX = ("accent", "text", "muted", "background", "surface", "button_text")


def _colors(given: dict[str, Any]) -> model.Colors:
    """The series' colours, with those of dark mode (given, or made from them)."""
    light = {name: str(given[name]) for name in _SIX}
    dark = dark_palette(light, dict(given.get("dark") or {}))

    def six(values: dict[str, str], dark: model.Colors | None = None) -> model.Colors:
        return model.Colors(
            accent=values["accent"],
            text=values["text"],
            muted=values["muted"],
            background=values["background"],
            surface=values["surface"],
            button_text=values["button_text"],
            dark=dark,
        )

    return six(light, six(dark))


Located = list[tuple[Record, str]]  # items with the path they are reported under
_MAKERS: dict[str, Callable[[_Builder, Record, str | None, str, Located], model.Section]] = {
    "features": _Builder.features,
    "commentaries": _Builder.commentaries,
    "in_the_news": _Builder.in_the_news,
    "about": _Builder.about,
    "subscribe": _Builder.subscribe,
    "listing": _Builder.listing,
    "events": _Builder.events,
}


def _rich(source: str | None, smart: bool = False) -> Any:
    """A Markdown field parsed once for every renderer (None stays None: a problem is already recorded)."""
    return markdown.parse(source, smart) if source is not None else None


def build_edition(
    manifest: Manifest, feed_items: dict[int, list[Record]] | None = None, warnings: list[Finding] | None = None
) -> model.Edition:
    """The edition model for ``manifest`` (with the items sections took from feeds); problems together, located.
    What the editor should hear about but does not stop the render is added to ``warnings``."""
    builder = _Builder(manifest, feed_items or {})
    edition = builder.edition()
    if warnings is not None:
        warnings += builder.warnings
    return edition

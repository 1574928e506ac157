"""The theme's words in its templates: gettext and ngettext for Jinja's i18n extension, in the language of what
the template shows (the edition's `lang`), from the theme's catalogues (briefkit/manifest/catalogue.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2

from briefkit.manifest.catalogue import SOURCE, Messages, messages_for
from briefkit.manifest.themes import ThemeSpec

# What a template's context calls the thing it shows, each with its `lang`: the edition (`e` in the PDF's
# print-edition.html), an archive page, a book's editions (the first one's language).
_HOLDERS = ("e", "edition", "page", "entry")


def lang_of(context: jinja2.runtime.Context) -> str:
    """The language of what the template shows; English when its context has nothing with a `lang`."""
    for name in _HOLDERS:
        lang = getattr(context.get(name), "lang", None)
        if isinstance(lang, str) and lang:
            return lang
    editions = context.get("editions")
    if editions:
        lang = getattr(editions[0], "lang", None)
        if isinstance(lang, str) and lang:
            return lang
    return SOURCE


def callables(spec: ThemeSpec) -> tuple[Callable[..., str], Callable[..., str]]:
    """gettext and ngettext for the templates of theme ``spec``: each finds the language in the template's
    context, and the theme's words in it (read once an environment)."""
    found: dict[str, Messages] = {}

    def messages(context: jinja2.runtime.Context) -> Messages:
        lang = lang_of(context)
        if lang not in found:
            found[lang] = messages_for(spec, lang)
        return found[lang]

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str) -> str:
        return messages(context).gettext(message)

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: Any) -> str:
        return messages(context).ngettext(singular, plural, int(n))

    return gettext, ngettext

"""An edition's slug: its name, from its file name, which names its folder in the outbox, its page in the web
archive and its address on the web. A file name is data written by whoever can write to editions/: only a name
of safe characters becomes a slug, so that no slug can climb out of the outbox, name a file briefkit writes for
the series, or change the meaning of an address it is put in."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from briefkit.errors import Location, ManifestError

SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# What briefkit writes beside the editions' folders, in outbox/ and in outbox/web/; any case, for file systems
# that ignore it.
RESERVED = frozenset({"web", "pictures", "feed.xml", "atom.xml", "index.html", "sitemap.xml"})
RULE = (
    "the file name makes the edition's folder in the outbox and its web address, so it may hold only ASCII "
    "letters, digits, '-', '_' and '.', beginning with a letter or digit"
)
EXAMPLE = "2021-03-31-the-beijing-moscow-partnership.yaml"


def is_safe_slug(slug: str) -> bool:
    """Whether ``slug`` follows the rule: safe characters, a letter or digit first, not a name briefkit uses."""
    return bool(SAFE.fullmatch(slug)) and slug.lower() not in RESERVED


def in_url(slug: str) -> str:
    """``slug`` as one segment of an address: percent-encoded, '/' too. The rule makes this the slug itself; it is
    done wherever a slug goes into a link all the same, so that a link never depends on the rule alone."""
    return quote(slug, safe="")


def suggested_slug(name: str) -> str:
    """A safe name near ``name``: accents dropped (café -> cafe), every run of other characters made one '-'
    (a letter with no plain one inside it too), no leading or trailing punctuation; "" when nothing is left."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", plain).strip("._-")


def edition_slug(path: Path) -> str:
    """The slug of the edition in ``path`` (its file name without .yaml); raises ManifestError, at the file, when
    the name does not follow the rule, with a name that does."""
    slug = path.stem
    if is_safe_slug(slug):
        return slug
    if slug.lower() in RESERVED:
        other = f"{suggested_slug(slug).replace('.', '-')}-edition.yaml"
        raise ManifestError.at(
            Location(path),
            f"'{slug}' names a file or folder briefkit writes for the whole series in the outbox; rename the file "
            f"to {other}",
        )
    suggestion = suggested_slug(slug)
    if suggestion and is_safe_slug(suggestion):
        fix = f"rename the file to {suggestion}.yaml"
    else:
        fix = f"rename the file after the edition's date and title, like {EXAMPLE}"
    raise ManifestError.at(Location(path), f"{RULE}; {fix}")

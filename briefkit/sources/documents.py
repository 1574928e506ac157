"""Read the local files a manifest names: source documents (`from:`, plain text or Markdown) and pictures (`file:`)."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from briefkit.errors import Location, Problem, SourceError
from briefkit.io import reads
from briefkit.io.files import confined, read_text
from briefkit.manifest.compound_types import ListOf
from briefkit.manifest.text_types import Text
from briefkit.manifest.types import Problems, Type
from briefkit.manifest.value_types import Url
from briefkit.manifest.yaml_nodes import Mapping, parse_yaml

_BIO = re.compile(r"^(?P<name>[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){1,4}) (?:is|was) (?:a|an|the) ")
_NOTE = re.compile(r"^(Editor|Author)[\u2019']s [Nn]ote\b")


# Local files reach the PDF under this made-up host; nothing ever resolves it, and only these files answer.
PROJECT_URL = "https://project.briefkit.invalid/"


@dataclass(frozen=True)
class Asset:
    """A local file an output embeds (a picture in the PDF), read while the edition was built."""

    path: str  # inside the project, with / between folders
    media_type: str
    data: bytes = field(repr=False)

    @property
    def url(self) -> str:
        return PROJECT_URL + self.path

    @property
    def published(self) -> str:
        """Where the web archive publishes the file, under its address: pictures/<name>-<12 hex digits of its
        content>.<ext>. A changed picture gets a new name, so no cache ever shows the old one, and one picture
        used by many editions is written once."""
        name = PurePosixPath(self.path)
        mark = hashlib.sha256(self.data).hexdigest()[:12]
        stem = re.sub(r"[^A-Za-z0-9._-]", "-", name.stem).strip(".-") or "picture"
        return f"pictures/{stem}-{mark}{name.suffix.lower()}"


@dataclass(frozen=True)
class SourceDocument:
    """What a source document offers an item; the manifest may override each field."""

    path: Path
    title: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    summary: str | None = None


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def read_plain(path: Path, text: str) -> SourceDocument:
    """A plain-text article: title on the first line, then paragraphs, author notes at the end."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return SourceDocument(path)
    title, body = paragraphs[0], paragraphs[1:]
    summary = next((p for p in body if not _NOTE.match(p)), None)
    authors = [m.group("name") for p in body if (m := _BIO.match(p))]
    return SourceDocument(path, title=title, authors=authors, summary=summary)


_FRONT_MATTER_KEYS: dict[str, Type] = {
    "title": Text(),
    "url": Url(),
    "authors": ListOf(Text(), single=True),
    "summary": Text(),
}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*\n", re.DOTALL)


def read_markdown(path: Path, text: str) -> SourceDocument:
    """A Markdown document; front matter may give title, url and authors, the body's first paragraph is the summary."""
    found = _FRONT_MATTER.match(text)
    meta: dict[str, Any] = {}
    if found and found.group("yaml"):
        node = parse_yaml("\n" + found.group("yaml"), path)  # "\n": the opening '---' is line 1
        problems: Problems = []
        if not isinstance(node, Mapping):
            raise SourceError([Problem(node.location, "", "front matter must be a mapping of keys")])
        for key, (_, child) in node.entries.items():
            if key in _FRONT_MATTER_KEYS:  # front matter written for other tools may hold more; only ours are read
                meta[key] = _FRONT_MATTER_KEYS[key].check(child, key, problems)
        if problems:
            raise SourceError(problems)
    body = text[found.end() :] if found else text
    lines = body.strip("\n").split("\n")
    title = meta.get("title")
    if title is None and lines and lines[0].startswith("# "):
        title = lines[0][2:].strip()
        body = "\n".join(lines[1:])
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip() and not p.lstrip().startswith("#")]
    summary = meta.get("summary") or (paragraphs[0].strip() if paragraphs else None)
    return SourceDocument(path, title=title, url=meta.get("url"), authors=meta.get("authors") or [], summary=summary)


def read_source(path_text: str, manifest: Path, root: Path, where: Location, field_path: str) -> SourceDocument:
    """Read the document an item names, by its extension: .md/.markdown as Markdown, anything else as plain text."""
    path = confined(path_text, manifest.parent, root, where, field_path)
    text = read_text(path, where, field_path)
    if path.suffix.lower() in (".md", ".markdown"):
        return read_markdown(path, text)
    return read_plain(path, text)


PICTURE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


MAX_PIXELS = 40_000_000  # 8000 x 5000: far more than a page shows, far less than a picture made to exhaust memory
MAX_DECODED_BYTES = 256_000_000  # every frame of a picture, decoded


def picture_problem(data: bytes, media_type: str) -> str | None:
    """Why a raster picture is too big to lay out, judged from its header alone (nothing is decoded); None when
    it is fine, or is not a raster picture."""
    if media_type == "image/svg+xml":
        return None
    from PIL import Image  # WeasyPrint's own dependency; its header reader, without decoding anything

    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            frames = getattr(picture, "n_frames", 1)
    except Image.DecompressionBombError:
        return f"it has more than {MAX_PIXELS:,} pixels; use a smaller copy (a page needs at most 3000 pixels across)"
    except (OSError, ValueError, SyntaxError):
        return "it cannot be read as a picture; check the file"
    if width * height > MAX_PIXELS:
        return (
            f"it is {width} x {height} pixels, more than {MAX_PIXELS:,}; use a smaller copy "
            "(a page needs at most 3000 pixels across)"
        )
    if width * height * 4 * frames > MAX_DECODED_BYTES:
        return f"its {frames} frames of {width} x {height} pixels would take more than 256 MB; use fewer frames"
    return None


def read_picture(path_text: str, base: Path, root: Path, where: Location, field_path: str) -> Asset:
    """A picture file under the project, for outputs that embed pictures (the PDF)."""
    path = confined(path_text, base, root, where, field_path)
    media_type = PICTURE_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise SourceError.at(
            where, f"'{path_text}' is not a picture briefkit can embed; use {', '.join(PICTURE_TYPES)}", field_path
        )
    try:
        data = reads.read_bytes(path)
    except OSError as error:
        raise SourceError.at(where, f"'{path_text}' cannot be read ({error.strerror})", field_path) from None
    problem = picture_problem(data, media_type)
    if problem:
        raise SourceError.at(where, f"'{path_text}' is not used: {problem}", field_path)
    return Asset(path.relative_to(root.resolve()).as_posix(), media_type, data)

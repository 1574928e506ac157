"""Decide what the PDF may load, and load it: the theme's files, the edition's local pictures, allowed hosts."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.sources.documents import PROJECT_URL, Asset, picture_problem

# The print template and its stylesheet are read under this made-up host; their relative addresses resolve to it.
THEME_URL = "https://theme.briefkit.invalid/"


class Refused(Exception):
    """A resource the PDF may not load; the message names it and says why."""


@dataclass
class Resources:
    """Answers the PDF renderer's requests for resources; everything not answered is refused and noted."""

    theme_folders: tuple[Path, ...]  # the theme's search path
    assets: dict[str, Asset]
    allowed_hosts: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)

    def load(self, url: str) -> tuple[bytes, str]:
        """The bytes and media type at ``url``; raises Refused (and notes a warning) for anything not allowed."""
        try:
            return self._load(url)
        except Refused as refused:
            if str(refused) not in self.warnings:
                self.warnings.append(str(refused))
            raise

    def _load(self, url: str) -> tuple[bytes, str]:
        if url.startswith(PROJECT_URL):
            asset = self.assets.get(url)
            if asset is None:
                raise Refused(f"the PDF did not load {url[len(PROJECT_URL) :]}: only pictures named with 'file:' load")
            return asset.data, asset.media_type
        if url.startswith(THEME_URL):
            return self._theme_file(url[len(THEME_URL) :])
        from briefkit.io.fetch import FetchError, fetch, refusal  # only now: most PDFs load nothing remote

        reason = refusal(url, self._allowed)
        if reason:
            raise Refused(f"the PDF did not load {_short(url)}: {reason}")
        try:
            response = fetch(url, self._allowed, timeout=10.0, max_bytes=20_000_000)
        except FetchError as error:
            raise Refused(f"the PDF did not load {error}") from None
        media_type = response.headers.get("content-type", "application/octet-stream").split(";")[0].strip()
        problem = picture_problem(response.body, media_type) if media_type.startswith("image/") else None
        if problem:
            raise Refused(f"the PDF did not load {_short(url)}: {problem}")
        return response.body, media_type

    def _allowed(self, host: str) -> bool:
        return host.lower() in (h.lower() for h in self.allowed_hosts)

    def _theme_file(self, name: str) -> tuple[bytes, str]:
        """A file of the theme, from the first folder of its search path that has it."""
        relative = name.split("?")[0].split("#")[0]
        for folder in (f.resolve() for f in self.theme_folders):
            path = (folder / relative).resolve()
            if not path.is_relative_to(folder):
                break
            if path.is_file():
                media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return path.read_bytes(), media_type
        raise Refused(f"the PDF did not load {name}: it is not a file of the theme")


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."

"""The warnings about a series' feeds that a render's feeds and a build's writers both give."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import Finding
from briefkit.io.outbox import RSS_FEED

SERIES_FEED = "series-feed"  # the check a warning about the series' feeds is filed under
ONLY_DRAFTS = "the series has no published edition yet (only drafts); not written"
NO_ADDRESSES = "the series has no archive_url, so its feed has no addresses; not written"


def feeds_warning(message: str) -> Finding:
    """A warning about the series' feeds, a render's or a build's."""
    return Finding.about(RSS_FEED, SERIES_FEED, message)


def left_out(manifest: Path | str) -> Finding:
    return feeds_warning(f"left out {Path(manifest).name}, which has problems; render it to see them")


def kept_as_built(manifest: Path | str) -> Finding:
    return feeds_warning(
        f"kept the last good version of {Path(manifest).name}, which has problems now; render it to see them"
    )

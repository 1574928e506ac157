"""Fetch a remote feed politely: conditional requests, an on-disk cache, and rendering from the cache offline."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.io import reads
from briefkit.io.fetch import FetchError, fetch
from briefkit.io.outbox import write_all
from briefkit.sources.feeds_in.parse import MAX_BYTES, FeedError


@dataclass(frozen=True)
class FeedAccess:
    """Where remote feeds may come from, and how to reach them."""

    cache: Path  # folder for cached feeds
    allowed_hosts: tuple[str, ...] = ()
    timeout: float = 10.0
    offline: bool = False


@dataclass
class Fetched:
    data: bytes
    url: str  # after redirects: relative links resolve against it
    warnings: list[str] = field(default_factory=list)


def fetch_feed(url: str, access: FeedAccess) -> Fetched:
    """The feed at ``url``: fresh when it changed, from the cache when it did not, could not be reached, or
    when offline. Raises FeedError when there is neither a response nor a cached copy."""
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    body_path, meta_path = access.cache / f"{key}.xml", access.cache / f"{key}.json"
    meta_bytes = reads.read_if_present(meta_path)
    meta = json.loads(meta_bytes.decode("utf-8")) if meta_bytes is not None else {}
    cached = reads.read_if_present(body_path)
    if access.offline:
        if cached is None:
            raise FeedError(f"{url} has no cached copy to render offline; render once without --offline")
        return Fetched(cached, meta.get("url", url), [f"{url}: offline, used the cached copy"])
    headers = {}
    if cached is not None and meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if cached is not None and meta.get("last_modified"):
        headers["If-Modified-Since"] = meta["last_modified"]
    hosts = {host.lower() for host in access.allowed_hosts}
    reads.note_network()
    try:
        response = fetch(
            url,
            lambda host: host.lower() in hosts,
            timeout=access.timeout,
            max_bytes=MAX_BYTES,
            headers={
                "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1",
                **headers,
            },
            private_if_listed=True,
        )
    except FetchError as error:
        if cached is None or "not an allowed host" in str(error) or "local or private" in str(error):
            raise FeedError(str(error)) from None
        return Fetched(cached, meta.get("url", url), [f"could not fetch {error}; used the cached copy"])
    if response.status == 304 and cached is not None:
        return Fetched(cached, meta.get("url", url))
    new_meta = {
        "url": response.url,
        "etag": response.headers.get("etag"),
        "last_modified": response.headers.get("last-modified"),
    }
    write_all(
        access.cache, {body_path.name: response.body, meta_path.name: json.dumps(new_meta, sort_keys=True).encode()}
    )
    return Fetched(response.body, response.url)

"""The reminder to add a correction: an edition whose words changed since the last build published it, with no
correction added since, is a warning located at its manifest (at its `corrections:` when it has some). The build's
store keeps, for each edition it published, the digest of its words and how many corrections it had
(series_feeds/record.py, published_words); a draft is never reminded."""

from __future__ import annotations

from pathlib import Path

from briefkit.edition.prepare import Prepared
from briefkit.errors import Finding, Location
from briefkit.series_feeds.store import Store

REMINDER = (
    "the words of this edition changed since `briefkit build` last published it, and no correction was added; "
    "readers of the archive, the feeds and the PDF will see the new words with no note: add an entry to "
    "'corrections:' (date: today, text: what changed), or leave it so for a change readers need not be told of"
)


def uncorrected(prepared: Prepared, store: Store | None = None) -> list[Finding]:
    """The reminder, when the edition is published and changed without a new correction; else nothing."""
    edition = prepared.edition
    if edition.draft:
        return []
    store = store if store is not None else Store.load(prepared.root)
    path = prepared.manifest.path
    record = store.records.get(str(path.resolve())) or store.records.get(str(path.absolute()))
    if record is None or not record.published:
        return []
    words, _, count = record.published.partition(" ")
    if words == edition.words or len(edition.corrections) > int(count or 0):
        return []
    manifest = prepared.manifest.edition
    where = manifest.where("corrections") if "corrections" in manifest.key_locations else Location(Path(path), 1, 1)
    return [Finding(where, "correction", REMINDER)]

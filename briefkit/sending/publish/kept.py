"""The campaign an edition was published as: editions/<slug>.campaign.json beside the manifest, committed with it
like the lock file, so that a second `briefkit publish` changes that campaign and never makes another."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from briefkit.errors import Location, MessageError
from briefkit.io import reads
from briefkit.io.outbox import write_files


@dataclass(frozen=True)
class Kept:
    service: str  # the service's key
    api_url: str  # the API it was made through
    id: str | int  # the service's id of the campaign
    web_id: str | int | None = None  # Mailchimp's id in its web interface

    def json(self) -> bytes:
        return (json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def kept_path_of(manifest_path: Path) -> Path:
    """editions/<slug>.yaml -> editions/<slug>.campaign.json"""
    return manifest_path.with_name(manifest_path.stem + ".campaign.json")


def read_kept(path: Path) -> Kept | None:
    """The campaign kept at ``path``, None when there is none; a located message when the file is not one."""
    data = reads.read_if_present(path)
    if data is None:
        return None
    try:
        record = json.loads(data)
        kept = Kept(str(record["service"]), str(record["api_url"]), record["id"], record.get("web_id"))
        if not isinstance(kept.id, (str, int)) or isinstance(kept.id, bool):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise MessageError.at(
            Location(path),
            "is not a campaign file briefkit wrote (service, api_url and id); delete it to create a new campaign",
        ) from None
    return kept


def write_kept(path: Path, kept: Kept, also: dict[Path, bytes] | None = None) -> None:
    """Write the kept campaign (with ``also``: the edition's lock file), all or nothing, and nowhere else."""
    files = {path: kept.json(), **(also or {})}
    write_files(files, within=list(files))

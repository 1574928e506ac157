"""briefkit: periodic briefings and newsletters from YAML manifests."""

from briefkit.errors import BriefkitError, Location, ManifestError, Problem, SourceError, ThemeError

__all__ = ["BriefkitError", "Location", "ManifestError", "Problem", "SourceError", "ThemeError"]

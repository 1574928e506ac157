"""briefkit: periodic briefings and newsletters from YAML manifests."""

from briefkit.errors import BriefkitError, Location, ManifestError, OutputError, Problem, SourceError, ThemeError

__all__ = ["BriefkitError", "Location", "ManifestError", "OutputError", "Problem", "SourceError", "ThemeError"]

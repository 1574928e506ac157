"""briefkit: periodic briefings and newsletters from YAML manifests.

The package itself imports nothing: `briefkit --help` should not pay for what a render needs. The error classes
are still found here (``from briefkit import BriefkitError``), loaded when first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefkit.errors import BriefkitError, Location, ManifestError, OutputError, Problem, SourceError, ThemeError

# The one place the version is written: the wheel's metadata takes it from here (pyproject.toml, [tool.hatch.version]).
__version__ = "0.1.0"

__all__ = ["BriefkitError", "Location", "ManifestError", "OutputError", "Problem", "SourceError", "ThemeError"]


def __getattr__(name: str) -> object:
    """The error classes of briefkit.errors, imported on first use (PEP 562)."""
    if name in __all__:
        from briefkit import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'briefkit' has no attribute {name!r}")

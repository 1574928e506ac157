"""The names of the web archive's own files, for the modules that only need the names (the build's plan and writes)
without loading the pages' templates."""

from __future__ import annotations

PAGE = "index.html"  # an edition's page in its folder, and the archive's index
SITEMAP = "sitemap.xml"
ACCESSIBILITY_PAGE = "accessibility.html"  # an edition's accessibility report, beside its page

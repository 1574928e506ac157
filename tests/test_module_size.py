"""The house's shape, in size: small modules named for what they hold, none of briefkit's over 600 lines."""

from __future__ import annotations

from conftest import REPO

LONGEST = 600


def test_no_module_of_briefkit_is_over_600_lines() -> None:
    package = REPO / "briefkit"
    modules = sorted(package.rglob("*.py"))
    assert len(modules) > 50  # the package itself, not an empty folder
    too_long = {
        str(path.relative_to(REPO)): lines
        for path in modules
        if (lines := len(path.read_text("utf-8").splitlines())) > LONGEST
    }
    assert too_long == {}, f"over {LONGEST} lines (split each into modules named for what they hold): {too_long}"

"""What `briefkit new` writes for the editor to replace, in one place: the scaffold writes these very texts, and
`briefkit check` looks for them (with the words an edition's keys are filled with: edition.placeholder_texts).

A text is matched wherever it still stands in a value, so a value the editor changed only in part (the street of
the postal address but not its city, the about text's first sentence but not the rest) is still found. Addresses
are written under example.org, a name reserved for examples (RFC 2606), which `briefkit check` refuses anywhere
in an edition: so any of them left is found too, however much of it was changed."""

from __future__ import annotations

PLACEHOLDER_URL = "https://www.example.org/"
PLACEHOLDER_DOMAIN = "example.org"
PUBLISHER = "Example Institute"
STREET, CITY = "1 Example Street", "Example City 00000"
POSTAL_ADDRESS = f"{STREET}, {CITY}"
ABOUT_HINT = "Replace this text with a few sentences about the series"
PERSON = "First Name"
# The title `briefkit new edition --from-feeds` gives when none is given and the series' title_pattern shows one.
TITLE_HINT = "Title of the edition"

# The series file's texts to replace (scaffold/files/series.yaml is given these); the publisher stands in the
# tagline and the about text too.
SERIES_TEXTS = (PUBLISHER, STREET, CITY, ABOUT_HINT)
